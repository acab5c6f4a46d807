// Housekeeping on a schedule: sample partitions ahead of time, old partitions dropped, hourly rollups
// recomputed exactly from minute readings (the collector's in-memory rollup of a partial hour is lost on restart).
import type { Pool } from 'pg';
import { pgTransaction } from '@/lib/db/pg-transaction';
import { DAY_MS } from '@/lib/domain/time';

const isoDay = (t: number) => new Date(t - (t % DAY_MS)).toISOString().slice(0, 10);

/** Advisory lock held while partitions are made: two clusters' collectors may ask at the same moment. */
const PARTITIONS_LOCK = 727_004;

export async function ensurePartitions(pool: Pool, now = Date.now()) {
  await pgTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITIONS_LOCK]);
    await client.query('SELECT fleet_ensure_sample_partitions($1::date, $2::date)', [
      isoDay(now - DAY_MS),
      isoDay(now + 2 * DAY_MS),
    ]);
  });
}

export async function dropExpiredPartitions(pool: Pool, retentionDays: number, now = Date.now()) {
  const { rows } = await pool.query<{ dropped: number }>('SELECT fleet_drop_sample_partitions($1::date) AS dropped', [
    isoDay(now - retentionDays * DAY_MS),
  ]);
  return rows[0].dropped;
}

/** Recomputes gpu_sample_hourly for the hours in [from, to) from the minute readings of every GPU. */
export async function rollUpHours(pool: Pool, from: Date, to: Date) {
  await pool.query(
    `INSERT INTO gpu_sample_hourly (gpu_id, hour, minutes, util_avg, util_min, fb_used_max, power_avg, temp_max, xid_count, throttled_minutes)
     SELECT m.gpu_id, date_bin('1 hour', m.ts, TIMESTAMPTZ '1970-01-01 00:00:00Z'), count(*), avg(m.util), min(m.util),
            max(m.fb_used_mib), avg(m.power_w), max(m.temp_c), count(*) FILTER (WHERE m.xid <> 0),
            count(*) FILTER (WHERE m.throttled)
     FROM (SELECT array_agg(id) AS ids FROM gpu) g,
          LATERAL gpu_minutes(g.ids, date_trunc('hour', $1::timestamptz), date_trunc('hour', $2::timestamptz)) m
     GROUP BY 1, 2
     ON CONFLICT (gpu_id, hour) DO UPDATE SET minutes = EXCLUDED.minutes, util_avg = EXCLUDED.util_avg,
       util_min = EXCLUDED.util_min, fb_used_max = EXCLUDED.fb_used_max, power_avg = EXCLUDED.power_avg,
       temp_max = EXCLUDED.temp_max, xid_count = EXCLUDED.xid_count, throttled_minutes = EXCLUDED.throttled_minutes`,
    [from, to],
  );
}

/** Idempotency keys of server actions answer double submits; a week later nobody submits that form again. */
export async function pruneActionRequests(pool: Pool, now = Date.now(), keepDays = 7) {
  const { rowCount } = await pool.query('DELETE FROM action_request WHERE created_at < $1', [
    new Date(now - keepDays * DAY_MS),
  ]);
  return rowCount ?? 0;
}
