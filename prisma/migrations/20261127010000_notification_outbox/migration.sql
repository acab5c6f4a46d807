-- Notifications are written by the web app (an operator acknowledging an incident) as well as by the worker; the
-- worker hands each to the delivery queue once. queued_at marks the hand-over, so that two workers, or a worker and
-- the sweep, never queue one row twice.
ALTER TABLE "notification" ADD COLUMN "queued_at" TIMESTAMPTZ(3);
UPDATE "notification" SET "queued_at" = "created_at";
CREATE INDEX "notification_unqueued_idx" ON "notification"("created_at") WHERE "queued_at" IS NULL;

-- Whether a channel takes incidents at all (at or above its minimum severity); a reports-only inbox does not.
ALTER TABLE "notification_channel" ADD COLUMN "incidents" BOOLEAN NOT NULL DEFAULT true;
