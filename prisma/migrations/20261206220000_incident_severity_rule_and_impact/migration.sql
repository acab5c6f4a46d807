-- Why an incident has its severity (the rule of DOMAIN.md "Incidents" that decided it), and what it hurts:
-- the GPUs actually affected and when the fault began, from which its cost is counted.
ALTER TABLE "incident" ADD COLUMN "severity_rule" TEXT;
ALTER TABLE "incident" ADD COLUMN "gpu_ids" INTEGER[] NOT NULL DEFAULT '{}';
ALTER TABLE "incident" ADD COLUMN "fault_at" TIMESTAMPTZ(3);
