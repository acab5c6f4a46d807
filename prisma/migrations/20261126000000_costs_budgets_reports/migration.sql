-- Costs, budgets and the weekly report: what they need beyond the initial schema.

-- Idempotency keys of server actions: a double submit finds the first request's result here and acts once.
-- The row is claimed and filled in the transaction that does the work, so a concurrent twin waits for it.
CREATE TABLE "action_request" (
    "key" TEXT PRIMARY KEY,
    "action" TEXT NOT NULL,
    "actor_id" INTEGER REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "input" JSONB,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "action_request_created_at_idx" ON "action_request"("created_at");

-- Per job per hour (UTC hours): GPU-minutes sampled, utilization x minutes, and GPU-minutes under 5%.
-- Kept as long as the job, so a week's utilization and waste per job never scan minute samples.
CREATE TABLE "job_hourly" (
    "job_id" INTEGER NOT NULL REFERENCES "job"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "gpu_minutes" DOUBLE PRECISION NOT NULL,
    "util_sum" DOUBLE PRECISION NOT NULL,
    "idle_gpu_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    CONSTRAINT "job_hourly_pkey" PRIMARY KEY ("job_id", "hour")
);
CREATE INDEX "job_hourly_hour_idx" ON "job_hourly"("hour");

-- What each channel receives.
ALTER TABLE "notification_channel"
    ADD COLUMN "budget_alerts" BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN "weekly_report" BOOLEAN NOT NULL DEFAULT false;

-- A delivery carries its message, so a retry needs nothing else; the key makes each message go once per channel.
ALTER TABLE "notification"
    ADD COLUMN "payload" JSONB,
    ADD COLUMN "dedup_key" TEXT;
CREATE UNIQUE INDEX "notification_dedup_key_key" ON "notification"("dedup_key");
