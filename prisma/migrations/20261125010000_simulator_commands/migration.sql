-- Commands for the simulator (fault injection, and later executor actions), applied by the collecting worker in
-- the same transaction that saves the simulator's state, so each one takes effect exactly once.
CREATE TABLE "sim_command" (
    "id" BIGSERIAL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "params" JSONB NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    "result" JSONB
);
CREATE UNIQUE INDEX "sim_command_idempotency_key_key" ON "sim_command"("idempotency_key");
CREATE INDEX "sim_command_pending_idx" ON "sim_command"("id") WHERE "applied_at" IS NULL;
