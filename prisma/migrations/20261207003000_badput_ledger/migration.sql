-- The badput ledger (DOMAIN.md, "Where the GPU-hours go"): the GPU-minutes of each class, per job and UTC hour,
-- written by the collector beside the hour's utilization; `ledger_down` is a service's missing replicas' GPU-minutes
-- (not allocated time).
ALTER TABLE "job_hourly"
  ADD COLUMN "ledger_productive" DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN "ledger_redone" DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN "ledger_recovery" DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN "ledger_checkpoint" DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN "ledger_straggler" DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN "ledger_idle" DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN "ledger_unknown" DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN "ledger_down" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- What the collector's ledger remembers of each job between periods (its phase, last and highest step, pace,
-- the stretch without a step it has not yet classified), so a restarted worker carries on.
CREATE TABLE "job_ledger_state" (
    "job_id" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    CONSTRAINT "job_ledger_state_pkey" PRIMARY KEY ("job_id"),
    CONSTRAINT "job_ledger_state_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "job"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Seconds a checkpoint write held training up, where the source says.
ALTER TABLE "checkpoint" ADD COLUMN "duration_seconds" REAL;
