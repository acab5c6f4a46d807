-- The fleet rollup per pool and UTC hour: the sums of its pool_minute rows (GPU-minutes provisioned, healthy and
-- allocated; utilization and power summed over them) and how many minutes it holds. A chart of a week reads 168
-- rows a pool instead of 10,080. Kept by a trigger: whatever writes pool_minute (the collector, the SLO
-- evaluation, an import), the hours it touched are summed again, so the two never disagree.
CREATE TABLE "pool_hour" (
    "pool_id" INTEGER NOT NULL REFERENCES "pool"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "minutes" SMALLINT NOT NULL,
    "provisioned_gpus" BIGINT NOT NULL,
    "healthy_gpus" BIGINT NOT NULL,
    "allocated_gpus" BIGINT NOT NULL,
    "util_sum" DOUBLE PRECISION NOT NULL,
    "power_sum_w" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "pool_hour_pkey" PRIMARY KEY ("pool_id", "hour")
);
CREATE INDEX "pool_hour_hour_idx" ON "pool_hour"("hour");

-- Sums again every (pool, hour) that the statement's rows fall in. An hour is at most 60 rows a pool.
CREATE OR REPLACE FUNCTION fleet_sum_pool_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pool_hour (pool_id, hour, minutes, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
    SELECT m.pool_id, h.hour, count(*), sum(m.provisioned_gpus), sum(m.healthy_gpus), sum(m.allocated_gpus),
           sum(m.util_sum), sum(m.power_sum_w)
    FROM (SELECT DISTINCT pool_id, date_trunc('hour', ts) AS hour FROM changed_rows) h
    JOIN pool_minute m ON m.pool_id = h.pool_id AND m.ts >= h.hour AND m.ts < h.hour + interval '1 hour'
    GROUP BY m.pool_id, h.hour
    ON CONFLICT (pool_id, hour) DO UPDATE SET minutes = EXCLUDED.minutes,
        provisioned_gpus = EXCLUDED.provisioned_gpus, healthy_gpus = EXCLUDED.healthy_gpus,
        allocated_gpus = EXCLUDED.allocated_gpus, util_sum = EXCLUDED.util_sum, power_sum_w = EXCLUDED.power_sum_w;
    RETURN NULL;
END $$;

CREATE TRIGGER "pool_minute_sum_hours_on_insert" AFTER INSERT ON "pool_minute"
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION fleet_sum_pool_hours();
CREATE TRIGGER "pool_minute_sum_hours_on_update" AFTER UPDATE ON "pool_minute"
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION fleet_sum_pool_hours();

INSERT INTO "pool_hour" ("pool_id", "hour", "minutes", "provisioned_gpus", "healthy_gpus", "allocated_gpus", "util_sum", "power_sum_w")
SELECT "pool_id", date_trunc('hour', "ts"), count(*), sum("provisioned_gpus"), sum("healthy_gpus"),
       sum("allocated_gpus"), sum("util_sum"), sum("power_sum_w")
FROM "pool_minute" GROUP BY 1, 2;
