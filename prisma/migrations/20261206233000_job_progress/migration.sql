-- Training progress as the collector saw it: when the job's step last advanced, and its median step time over its
-- recent steps. The stall rule (DOMAIN.md, "Job health") reads them.
ALTER TABLE "job" ADD COLUMN "step_advanced_at" TIMESTAMPTZ(3);
ALTER TABLE "job" ADD COLUMN "step_seconds" REAL;
