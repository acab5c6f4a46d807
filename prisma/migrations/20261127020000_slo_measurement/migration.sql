-- What an SLO needs to be measured, and what the worker last made of it.
-- config: for inference availability, the PromQL of the good and of all requests ({ "goodQuery", "totalQuery" }).
ALTER TABLE "slo" ADD COLUMN "config" JSONB;
-- When the worker last evaluated the SLO, and why it could not measure it then (null when it could): an SLO
-- without data shows "not measured" and the reason, never a stale or made-up figure.
ALTER TABLE "slo" ADD COLUMN "evaluated_at" TIMESTAMPTZ(3);
ALTER TABLE "slo" ADD COLUMN "not_measured_reason" TEXT;
ALTER TABLE "slo" ADD CONSTRAINT "slo_window_days_max" CHECK ("window_days" <= 90);

-- The events behind a snapshot's SLI over the SLO window (GPU-minutes or requests), so that the error budget
-- left can be told in those units.
ALTER TABLE "slo_snapshot" ADD COLUMN "good" DOUBLE PRECISION;
ALTER TABLE "slo_snapshot" ADD COLUMN "total" DOUBLE PRECISION;

-- Job goodput per pool and minute: GPUs held by jobs and those of them doing productive work, as the worker's
-- health evaluation saw them. Null in minutes it did not measure (a backfill), which the SLI leaves out.
ALTER TABLE "pool_minute" ADD COLUMN "job_gpus" INTEGER;
ALTER TABLE "pool_minute" ADD COLUMN "productive_gpus" INTEGER;
