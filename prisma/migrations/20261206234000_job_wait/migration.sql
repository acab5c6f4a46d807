-- Why a pending job waits, as its scheduler says (no capacity in its pools, a quota, cordoned or down nodes, jobs
-- ahead of it), where it stands in the queue, and since when it has waited this time.
CREATE TYPE "WaitReason" AS ENUM ('capacity', 'quota', 'cordoned', 'priority', 'dependency', 'other');
ALTER TABLE "job" ADD COLUMN "wait_reason" "WaitReason";
ALTER TABLE "job" ADD COLUMN "wait_detail" TEXT;
ALTER TABLE "job" ADD COLUMN "queue_position" INTEGER;
ALTER TABLE "job" ADD COLUMN "queued_at" TIMESTAMPTZ(3);
UPDATE "job" SET "queued_at" = "submitted_at" WHERE "state" = 'pending';
CREATE INDEX "job_pending_queued_at_idx" ON "job"("queued_at") WHERE "state" = 'pending';
