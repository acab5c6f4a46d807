-- Power as dcgm-exporter gives it, to a tenth of a watt and finer (an idle L4 draws 16.4 W, not 16 W).
ALTER TABLE "gpu_sample" ALTER COLUMN "power_w" TYPE REAL;

-- Each GPU's latest reading, whatever the source's lag: one row per GPU, upserted by the collector. What the fleet
-- map, the node page and the APIs show as "now", with the reading's time, so a silent GPU shows its age.
CREATE TABLE "gpu_latest" (
    "gpu_id" INTEGER PRIMARY KEY REFERENCES "gpu"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "ts" TIMESTAMPTZ(0) NOT NULL,
    "job_id" INTEGER,
    "util" SMALLINT NOT NULL,
    "sm_active_bp" SMALLINT,
    "tensor_active_bp" SMALLINT,
    "fb_used_mib" INTEGER NOT NULL,
    "fb_free_mib" INTEGER,
    "fb_reserved_mib" INTEGER,
    "power_w" REAL NOT NULL,
    "temp_c" SMALLINT NOT NULL,
    "xid" SMALLINT NOT NULL DEFAULT 0,
    "throttled" BOOLEAN NOT NULL DEFAULT false
);

-- GPUs of the pool the source did not cover in the minute (no reading, no state that says why): unknown, so they
-- are in none of the other counts. Coverage of a minute = provisioned / (provisioned + silent).
ALTER TABLE "pool_minute" ADD COLUMN "silent_gpus" INTEGER NOT NULL DEFAULT 0;

-- data_until is the newest real reading; read_until is how far the collector has asked the source (its cursor),
-- which runs ahead of the readings by the source's lag; lag_seconds is that lag in normal operation.
ALTER TABLE "data_source" ADD COLUMN "read_until" TIMESTAMPTZ(3);
ALTER TABLE "data_source" ADD COLUMN "lag_seconds" INTEGER NOT NULL DEFAULT 0;
UPDATE "data_source" SET "read_until" = "data_until";

-- The share of the SLO's window the source covered (0..1), stated beside the SLI.
ALTER TABLE "slo_snapshot" ADD COLUMN "coverage" DOUBLE PRECISION;
