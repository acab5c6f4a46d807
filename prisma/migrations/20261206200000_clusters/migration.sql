-- Several clusters in one console: each cluster has its own source status, its own simulator model (for simulated
-- clusters) and its own queue of simulator commands.

-- data_source: one row per cluster (its name), with the kind of source that reads it.
ALTER TABLE "data_source" ADD COLUMN "kind" TEXT;
UPDATE "data_source" SET "kind" = "name";
-- An installation with one cluster keeps its newest source status under that cluster's name; older statuses of
-- sources it no longer reads are dropped.
DELETE FROM "data_source"
WHERE (SELECT count(*) FROM "cluster") = 1
  AND "name" <> (SELECT "name" FROM "data_source" ORDER BY "data_until" DESC NULLS LAST, "name" LIMIT 1);
UPDATE "data_source" SET "name" = (SELECT "name" FROM "cluster")
WHERE (SELECT count(*) FROM "cluster") = 1;
UPDATE "data_source" SET "kind" = 'simulator' WHERE "kind" IS NULL;
ALTER TABLE "data_source" ALTER COLUMN "kind" SET NOT NULL;

-- simulator_state: one model per simulated cluster.
ALTER TABLE "simulator_state" ADD COLUMN "cluster" TEXT;
UPDATE "simulator_state" SET "cluster" = coalesce(
  (SELECT c."name" FROM "cluster" c WHERE c."scheduler" = 'simulator' ORDER BY c."id" LIMIT 1), 'demo-h800');
ALTER TABLE "simulator_state" DROP CONSTRAINT "simulator_state_pkey";
ALTER TABLE "simulator_state" DROP COLUMN "id";
ALTER TABLE "simulator_state" ALTER COLUMN "cluster" SET NOT NULL;
ALTER TABLE "simulator_state" ADD CONSTRAINT "simulator_state_pkey" PRIMARY KEY ("cluster");

-- sim_command: the simulated cluster a command is for; NULL (older rows, or a console with one simulated cluster)
-- is taken by the first simulated cluster.
ALTER TABLE "sim_command" ADD COLUMN "cluster" TEXT;
DROP INDEX "sim_command_pending_idx";
CREATE INDEX "sim_command_pending_idx" ON "sim_command"("cluster", "id") WHERE "applied_at" IS NULL;
