-- A recovery: one fault the console acts on, from the moment it shows in the data to the moment the job or node is
-- back, with the actions taken between. Its fault key is unique, so two workers never open two recoveries (and so
-- never act twice) for the same fault.
CREATE TYPE "RecoveryState" AS ENUM ('acting', 'recovered', 'failed', 'escalated', 'disabled');

CREATE TABLE "recovery" (
    "id" SERIAL NOT NULL,
    "fault_key" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "job_id" INTEGER,
    "node_id" INTEGER,
    "cause" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "state" "RecoveryState" NOT NULL DEFAULT 'acting',
    "policy_id" INTEGER,
    "incident_id" INTEGER,
    "gpus" INTEGER NOT NULL DEFAULT 0,
    "fault_at" TIMESTAMPTZ(3) NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "acted_at" TIMESTAMPTZ(3),
    "recovered_at" TIMESTAMPTZ(3),
    "last_checkpoint_at" TIMESTAMPTZ(3),
    "lost_gpu_hours" DOUBLE PRECISION,
    "lost_cost" DECIMAL(14,2),
    "message" TEXT,
    CONSTRAINT "recovery_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "recovery_target_check" CHECK ("target_type" IN ('job', 'node'))
);

CREATE UNIQUE INDEX "recovery_fault_key_key" ON "recovery"("fault_key");
CREATE INDEX "recovery_detected_at_idx" ON "recovery"("detected_at");
CREATE INDEX "recovery_job_id_detected_at_idx" ON "recovery"("job_id", "detected_at");
CREATE INDEX "recovery_node_id_detected_at_idx" ON "recovery"("node_id", "detected_at");
-- The worker settles what is still under way every few seconds.
CREATE INDEX "recovery_acting_idx" ON "recovery"("detected_at") WHERE "state" = 'acting';

ALTER TABLE "recovery" ADD CONSTRAINT "recovery_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "recovery" ADD CONSTRAINT "recovery_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "recovery" ADD CONSTRAINT "recovery_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "recovery_policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "recovery" ADD CONSTRAINT "recovery_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Which recovery an action belongs to, and which executor carried it out.
ALTER TABLE "action" ADD COLUMN "recovery_id" INTEGER;
ALTER TABLE "action" ADD COLUMN "executor" TEXT;
ALTER TABLE "action" ADD CONSTRAINT "action_recovery_id_fkey" FOREIGN KEY ("recovery_id") REFERENCES "recovery"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "action_recovery_id_idx" ON "action"("recovery_id");
-- At most one action under way per target: a second restart of a job already restarting is refused.
CREATE UNIQUE INDEX "action_one_active_per_target" ON "action"("target_type", "target_id", "kind") WHERE "state" IN ('pending', 'running');
CREATE INDEX "action_requested_at_idx" ON "action"("requested_at");

-- Incidents by the job or node they concern, for the job and node pages.
CREATE INDEX "incident_job_id_idx" ON "incident"("job_id");
CREATE INDEX "incident_node_id_idx" ON "incident"("node_id");
CREATE INDEX "incident_opened_at_idx" ON "incident"("opened_at");
CREATE INDEX "audit_event_action_at_idx" ON "audit_event"("action", "at");
