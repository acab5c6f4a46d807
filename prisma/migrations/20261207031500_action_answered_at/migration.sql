-- When the executor accepted an action. An instant action (a cordon, a cancel) succeeds once the console's records
-- have caught up with it: they show the change, or the cluster has been read since this time.
ALTER TABLE "action" ADD COLUMN "answered_at" TIMESTAMPTZ(3);
