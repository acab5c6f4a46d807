-- Minute readings packed by the hour. A GPU's minutes of a UTC hour become one row of gpu_sample_hour, each column an
-- array of the hour's 60 minutes (element i is minute i - 1; null where the GPU gave no reading): about 22 bytes a
-- GPU-minute instead of 134, and a node's or a job's hours are a few rows each. gpu_sample keeps a row per GPU-minute
-- only for the hours not packed yet (the hour under way, and the one before it for a quarter of an hour), where the
-- collector appends with a bare COPY. Read both through gpu_minutes(gpu_ids, from, to).

CREATE TABLE "gpu_sample_hour" (
    "gpu_id" INTEGER NOT NULL,
    "hour" TIMESTAMPTZ(0) NOT NULL,
    -- The job the source attributed each minute to; null when no job held the GPU all hour.
    "job_id" INTEGER[],
    "util" SMALLINT[] NOT NULL,
    "sm_active_bp" SMALLINT[],
    "tensor_active_bp" SMALLINT[],
    "fb_used_mib" INTEGER[] NOT NULL,
    "power_w" REAL[] NOT NULL,
    "temp_c" SMALLINT[] NOT NULL,
    -- Null when zero (false) in every minute of the hour: nearly always.
    "xid" SMALLINT[],
    "ecc_sbe" SMALLINT[],
    "ecc_dbe" SMALLINT[],
    "throttled" BOOLEAN[],
    CONSTRAINT "gpu_sample_hour_pkey" PRIMARY KEY ("gpu_id", "hour")
) PARTITION BY RANGE ("hour");
-- "The fleet in one hour" (the hourly rollup recomputed): hours arrive in order, so a BRIN index is enough.
CREATE INDEX "gpu_sample_hour_hour_brin" ON "gpu_sample_hour" USING BRIN ("hour");

-- Daily partitions now hold packed hours; retention still drops them whole.
CREATE OR REPLACE FUNCTION fleet_ensure_sample_partitions(from_day DATE, to_day DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    d DATE := from_day;
    created INTEGER := 0;
    part TEXT;
BEGIN
    WHILE d <= to_day LOOP
        part := 'gpu_sample_hour_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF gpu_sample_hour FOR VALUES FROM (%L) TO (%L)',
                part, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN created;
END $$;

-- Drops the daily partitions wholly older than keep_from, and any minute row older than it that was never packed.
CREATE OR REPLACE FUNCTION fleet_drop_sample_partitions(keep_from DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
    dropped INTEGER := 0;
BEGIN
    FOR r IN
        SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'gpu_sample_hour' AND c.relname ~ '^gpu_sample_hour_[0-9]{8}$'
          AND to_date(substring(c.relname FROM 17), 'YYYYMMDD') < keep_from
    LOOP
        EXECUTE format('DROP TABLE %I', r.relname);
        dropped := dropped + 1;
    END LOOP;
    DELETE FROM gpu_sample WHERE ts < (keep_from::timestamp AT TIME ZONE 'UTC');
    RETURN dropped;
END $$;

-- Each value at its minute of the hour (minutes 1 to 60, as given), null where none: an array of 60.
CREATE OR REPLACE FUNCTION fleet_minute_array(minutes INTEGER[], vals ANYARRAY) RETURNS ANYARRAY
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN cardinality(minutes) = 60 THEN vals ELSE (
        SELECT array_agg(v.val ORDER BY m.i)
        FROM generate_series(1, 60) m(i) LEFT JOIN unnest(minutes, vals) AS v(i, val) ON v.i = m.i
    ) END
$$;

-- Two arrays of the same hour merged, the newer's minutes over the older's (a late minute, an hour packed twice).
CREATE OR REPLACE FUNCTION fleet_merge_minutes(older ANYARRAY, newer ANYARRAY) RETURNS ANYARRAY
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN older IS NULL THEN newer WHEN newer IS NULL THEN older ELSE (
        SELECT array_agg(coalesce(newer[i], older[i]) ORDER BY i) FROM generate_series(1, 60) i
    ) END
$$;

-- Packs the minute rows of `source` older than `before` into gpu_sample_hour, merging into hours packed before;
-- from gpu_sample they are moved (deleted in the same statement). Returns how many GPU-hours it wrote.
CREATE OR REPLACE FUNCTION fleet_pack_samples(before TIMESTAMPTZ, source TEXT DEFAULT 'gpu_sample') RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    first_day DATE;
    last_day DATE;
    packed INTEGER;
BEGIN
    EXECUTE format('SELECT (min(ts) AT TIME ZONE ''UTC'')::date, (max(ts) AT TIME ZONE ''UTC'')::date FROM %I WHERE ts < $1',
                   source) INTO first_day, last_day USING before;
    IF first_day IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM fleet_ensure_sample_partitions(first_day, last_day);
    EXECUTE format($sql$
        WITH moved AS (%s),
        minutes AS (
            SELECT *, date_bin('1 hour', ts, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS hour,
                   (extract(epoch FROM ts)::bigint %% 3600 / 60 + 1)::int AS minute
            FROM moved
        )
        INSERT INTO gpu_sample_hour AS h (gpu_id, hour, job_id, util, sm_active_bp, tensor_active_bp, fb_used_mib,
                                          power_w, temp_c, xid, ecc_sbe, ecc_dbe, throttled)
        SELECT gpu_id, hour,
               CASE WHEN bool_or(job_id IS NOT NULL) THEN fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(job_id ORDER BY ts)) END,
               fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(util ORDER BY ts)),
               CASE WHEN bool_or(sm_active_bp IS NOT NULL) THEN fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(sm_active_bp ORDER BY ts)) END,
               CASE WHEN bool_or(tensor_active_bp IS NOT NULL) THEN fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(tensor_active_bp ORDER BY ts)) END,
               fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(fb_used_mib ORDER BY ts)),
               fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(power_w ORDER BY ts)),
               fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(temp_c ORDER BY ts)),
               CASE WHEN bool_or(xid <> 0) THEN fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(xid ORDER BY ts)) END,
               CASE WHEN bool_or(ecc_sbe <> 0) THEN fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(ecc_sbe ORDER BY ts)) END,
               CASE WHEN bool_or(ecc_dbe <> 0) THEN fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(ecc_dbe ORDER BY ts)) END,
               CASE WHEN bool_or(throttled) THEN fleet_minute_array(array_agg(minute ORDER BY ts), array_agg(throttled ORDER BY ts)) END
        FROM minutes GROUP BY gpu_id, hour
        ON CONFLICT (gpu_id, hour) DO UPDATE SET
            job_id = fleet_merge_minutes(h.job_id, EXCLUDED.job_id),
            util = fleet_merge_minutes(h.util, EXCLUDED.util),
            sm_active_bp = fleet_merge_minutes(h.sm_active_bp, EXCLUDED.sm_active_bp),
            tensor_active_bp = fleet_merge_minutes(h.tensor_active_bp, EXCLUDED.tensor_active_bp),
            fb_used_mib = fleet_merge_minutes(h.fb_used_mib, EXCLUDED.fb_used_mib),
            power_w = fleet_merge_minutes(h.power_w, EXCLUDED.power_w),
            temp_c = fleet_merge_minutes(h.temp_c, EXCLUDED.temp_c),
            xid = fleet_merge_minutes(h.xid, EXCLUDED.xid),
            ecc_sbe = fleet_merge_minutes(h.ecc_sbe, EXCLUDED.ecc_sbe),
            ecc_dbe = fleet_merge_minutes(h.ecc_dbe, EXCLUDED.ecc_dbe),
            throttled = fleet_merge_minutes(h.throttled, EXCLUDED.throttled)
        $sql$,
        CASE WHEN source = 'gpu_sample'
             THEN 'DELETE FROM gpu_sample WHERE ts < $1 RETURNING *'
             ELSE format('SELECT * FROM %I WHERE ts < $1', source) END
    ) USING before;
    GET DIAGNOSTICS packed = ROW_COUNT;
    RETURN packed;
END $$;

-- Every minute reading of the GPUs `gpu_ids` in [t_from, t_to), wherever it is kept, one row a GPU-minute as
-- gpu_sample has them. Inlined by the planner, so the GPUs and bounds reach both tables' indexes: pass the ids as
-- an array or a column (LATERAL), not a subquery, which would keep it from being inlined.
CREATE OR REPLACE FUNCTION gpu_minutes(gpu_ids INTEGER[], t_from TIMESTAMPTZ, t_to TIMESTAMPTZ)
RETURNS TABLE (gpu_id INTEGER, ts TIMESTAMPTZ, job_id INTEGER, util SMALLINT, sm_active_bp SMALLINT,
               tensor_active_bp SMALLINT, fb_used_mib INTEGER, power_w REAL, temp_c SMALLINT, xid SMALLINT,
               ecc_sbe SMALLINT, ecc_dbe SMALLINT, throttled BOOLEAN)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT s.gpu_id, s.ts, s.job_id, s.util, s.sm_active_bp, s.tensor_active_bp, s.fb_used_mib, s.power_w, s.temp_c,
           s.xid, s.ecc_sbe, s.ecc_dbe, s.throttled
    FROM gpu_sample s
    WHERE s.gpu_id = ANY (gpu_ids) AND s.ts >= t_from AND s.ts < t_to
    UNION ALL
    SELECT h.gpu_id, h.hour + make_interval(mins => m.i - 1), h.job_id[m.i], h.util[m.i], h.sm_active_bp[m.i],
           h.tensor_active_bp[m.i], h.fb_used_mib[m.i], h.power_w[m.i], h.temp_c[m.i], coalesce(h.xid[m.i], 0::smallint),
           coalesce(h.ecc_sbe[m.i], 0::smallint), coalesce(h.ecc_dbe[m.i], 0::smallint), coalesce(h.throttled[m.i], false)
    FROM gpu_sample_hour h
    -- Only the hour's minutes inside [t_from, t_to).
    CROSS JOIN LATERAL generate_series(
        greatest(1, ceil(extract(epoch FROM t_from - h.hour) / 60)::int + 1),
        least(60, ceil(extract(epoch FROM t_to - h.hour) / 60)::int)) m(i)
    WHERE h.gpu_id = ANY (gpu_ids)
      AND h.hour > t_from - interval '1 hour' AND h.hour < t_to AND h.util[m.i] IS NOT NULL
$$;

-- The minute table: no partitions (it holds an hour or two), no BRIN, no job index (a job's minutes are found
-- through its allocations), its primary key alone. Existing rows move: whole hours packed, the last one kept.
ALTER TABLE "gpu_sample" RENAME TO "gpu_sample_old";
CREATE TABLE "gpu_sample" (
    "gpu_id" INTEGER NOT NULL,
    "ts" TIMESTAMPTZ(0) NOT NULL,
    "job_id" INTEGER,
    "util" SMALLINT NOT NULL,
    "sm_active_bp" SMALLINT,
    "tensor_active_bp" SMALLINT,
    "fb_used_mib" INTEGER NOT NULL,
    "power_w" REAL NOT NULL,
    "temp_c" SMALLINT NOT NULL,
    "xid" SMALLINT NOT NULL DEFAULT 0,
    "ecc_sbe" SMALLINT NOT NULL DEFAULT 0,
    "ecc_dbe" SMALLINT NOT NULL DEFAULT 0,
    "throttled" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "gpu_sample_minute_pkey" PRIMARY KEY ("gpu_id", "ts")
);
SELECT fleet_pack_samples(
    (SELECT date_bin('1 hour', max(ts), TIMESTAMPTZ '1970-01-01 00:00:00Z') FROM gpu_sample_old), 'gpu_sample_old');
INSERT INTO gpu_sample
SELECT gpu_id, ts, job_id, util, sm_active_bp, tensor_active_bp, fb_used_mib, power_w, temp_c, xid, ecc_sbe, ecc_dbe,
       throttled
FROM gpu_sample_old WHERE ts >= (SELECT date_bin('1 hour', max(ts), TIMESTAMPTZ '1970-01-01 00:00:00Z') FROM gpu_sample_old);
DROP TABLE "gpu_sample_old";
ALTER TABLE "gpu_sample" RENAME CONSTRAINT "gpu_sample_minute_pkey" TO "gpu_sample_pkey";

-- The hourly fleet rollup sums pool_minute's silent GPUs too (GPU-minutes the source did not cover).
ALTER TABLE "pool_hour" ADD COLUMN "silent_gpus" BIGINT NOT NULL DEFAULT 0;
CREATE OR REPLACE FUNCTION fleet_sum_pool_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pool_hour (pool_id, hour, minutes, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w,
                           silent_gpus)
    SELECT m.pool_id, h.hour, count(*), sum(m.provisioned_gpus), sum(m.healthy_gpus), sum(m.allocated_gpus),
           sum(m.util_sum), sum(m.power_sum_w), sum(m.silent_gpus)
    FROM (SELECT DISTINCT pool_id, date_trunc('hour', ts) AS hour FROM changed_rows) h
    JOIN pool_minute m ON m.pool_id = h.pool_id AND m.ts >= h.hour AND m.ts < h.hour + interval '1 hour'
    GROUP BY m.pool_id, h.hour
    ON CONFLICT (pool_id, hour) DO UPDATE SET minutes = EXCLUDED.minutes,
        provisioned_gpus = EXCLUDED.provisioned_gpus, healthy_gpus = EXCLUDED.healthy_gpus,
        allocated_gpus = EXCLUDED.allocated_gpus, util_sum = EXCLUDED.util_sum, power_sum_w = EXCLUDED.power_sum_w,
        silent_gpus = EXCLUDED.silent_gpus;
    RETURN NULL;
END $$;
UPDATE "pool_hour" h SET "silent_gpus" = s.silent
FROM (SELECT pool_id, date_trunc('hour', ts) AS hour, sum(silent_gpus) AS silent FROM pool_minute GROUP BY 1, 2) s
WHERE h.pool_id = s.pool_id AND h.hour = s.hour;
