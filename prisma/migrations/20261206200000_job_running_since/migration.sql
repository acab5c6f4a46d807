-- When the job's current run began (its start, or its return to running after a restart): health rules read only
-- the minutes since then.
ALTER TABLE "job" ADD COLUMN "running_since" TIMESTAMPTZ(3);
UPDATE "job" SET "running_since" = "started_at" WHERE "state" = 'running';
