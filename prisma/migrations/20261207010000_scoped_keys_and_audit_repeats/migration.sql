-- Idempotency keys belong to their sender: one person's key never answers with another person's request.
DELETE FROM "action_request" WHERE "actor_id" IS NULL;
ALTER TABLE "action_request" DROP CONSTRAINT "action_request_pkey";
ALTER TABLE "action_request" ALTER COLUMN "actor_id" SET NOT NULL;
ALTER TABLE "action_request" ADD CONSTRAINT "action_request_pkey" PRIMARY KEY ("actor_id", "key");

DROP INDEX "sim_command_idempotency_key_key";
CREATE UNIQUE INDEX "sim_command_requested_by_idempotency_key_key" ON "sim_command"("requested_by", "idempotency_key");
ALTER TABLE "action_request" DROP CONSTRAINT "action_request_actor_id_fkey";
ALTER TABLE "action_request" ADD CONSTRAINT "action_request_actor_id_fkey"
  FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A refusal repeated by one caller within a minute is counted on one audit row rather than adding rows.
ALTER TABLE "audit_event" ADD COLUMN "repeats" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "audit_event" ADD COLUMN "last_at" TIMESTAMPTZ(3);
