// The fleet's own SLIs from the per-minute rollup (pool_minute), summed over every window an evaluation needs in
// one pass: GPU availability (healthy / provisioned GPU-minutes) and job goodput (productive / job GPU-minutes).
//
// How job goodput is measured, cheaply at 8,192 GPUs: each collector tick, right after the health evaluation has
// classified every running job, one grouped count over the open allocations (at most one per GPU) writes, for
// each pool's current minute, the GPUs held by jobs (job_gpus) and those of them whose job is running and
// healthy or degraded (productive_gpus); a failed, stalled or recovering job's GPUs are not productive. The SLI
// of a window is then sum(productive) / sum(job GPUs) over the minutes measured, less the work redone after each
// recovery (redoneGpuMinutes in lib/domain/slo: GPUs x time since the last checkpoint, from the recovery table).
// Minutes the worker did not measure (history it backfilled) are null and left out, not counted as good. A hang
// counts as unproductive from the moment the health rules call it stalled (after 10 minutes), not before.
//
// Coverage (DOMAIN.md): a minute counts only as far as the source covered it. Each window states its coverage, the
// mean over its minutes of covered GPUs / known GPUs, a minute without any row adding 0; GPUs the source did not
// cover (pool_minute.silent_gpus) and minutes it did not cover at all are in neither good nor total.
import type { Pool } from 'pg';
import { goodputEvents, redoneGpuMinutes, type RecoveredInterruption } from '@/lib/domain/slo';
import { MINUTE_MS } from '@/lib/domain/time';

export interface WindowEvents {
  good: number;
  total: number;
  /** The share of the window's minutes the source covered (0..1); null where requests are counted instead. */
  coverage: number | null;
}

export interface FleetEvents {
  availability: Map<number, WindowEvents>;
  goodput: Map<number, WindowEvents>;
}

/**
 * Writes the job and productive GPU counts of each pool's minute `at` (the minute row the collector wrote), of the
 * GPUs the source covered then: those that reported at `at` or later, or that their node's state or a fatal fault
 * says are out.
 */
export async function recordGoodputMinute(pool: Pool, at: Date, clusterId: number | null = null): Promise<void> {
  await pool.query(
    `UPDATE pool_minute pm SET job_gpus = coalesce(c.job_gpus, 0), productive_gpus = coalesce(c.productive_gpus, 0)
     FROM pool p
     LEFT JOIN (
       SELECT n.pool_id, count(*)::int AS job_gpus,
              count(*) FILTER (WHERE j.state = 'running' AND j.health IN ('healthy', 'degraded'))::int AS productive_gpus
       FROM allocation a
       JOIN job j ON j.id = a.job_id
       JOIN gpu g ON g.id = a.gpu_id
       JOIN node n ON n.id = g.node_id
       LEFT JOIN gpu_latest l ON l.gpu_id = a.gpu_id
       WHERE a."to" IS NULL AND (l.ts >= $1 OR NOT g.healthy OR n.state IN ('down', 'rebooting'))
       GROUP BY n.pool_id
     ) c ON c.pool_id = p.id
     WHERE pm.pool_id = p.id AND pm.ts = $1 AND ($2::int IS NULL OR p.cluster_id = $2)`,
    [at, clusterId],
  );
}

/**
 * Sums of the rollup over each window of `windows` minutes ending at `at` (the minutes in (at - w, at]), of one
 * cluster's pools and jobs, or of the whole organisation's with `clusterId` null.
 */
export async function fleetEvents(
  pool: Pool,
  at: Date,
  windows: number[],
  clusterId: number | null = null,
): Promise<FleetEvents> {
  const longest = Math.max(...windows);
  // Window sizes are whole minutes from the SLO table and the SLOs' own windows, never user text.
  const sums = windows
    .map((minutes) => {
      const inWindow = `FILTER (WHERE ts > $1::timestamptz - interval '${minutes} minutes')`;
      return `sum(h) ${inWindow} AS h${minutes}, sum(p) ${inWindow} AS p${minutes},
        sum(g) ${inWindow} AS g${minutes}, sum(j) ${inWindow} AS j${minutes},
        sum(covered) ${inWindow} AS c${minutes},
        sum(covered) FILTER (WHERE j IS NOT NULL AND ts > $1::timestamptz - interval '${minutes} minutes') AS cg${minutes}`;
    })
    .join(',\n');
  const [{ rows }, recoveries] = await Promise.all([
    pool.query<Record<string, string | null>>(
      `SELECT ${sums} FROM (
         SELECT ts, sum(healthy_gpus) AS h, sum(provisioned_gpus) AS p, sum(productive_gpus) AS g, sum(job_gpus) AS j,
                sum(provisioned_gpus)::float8 / nullif(sum(provisioned_gpus + silent_gpus), 0) AS covered
         FROM pool_minute WHERE ts > $1::timestamptz - interval '${longest} minutes' AND ts <= $1
           AND ($2::int IS NULL OR pool_id IN (SELECT id FROM pool WHERE cluster_id = $2))
         GROUP BY ts
       ) m`,
      [at, clusterId],
    ),
    recoveredInterruptions(pool, at, longest, clusterId),
  ]);
  const totals = rows[0];
  const sum = (column: string) => Number(totals[column] ?? 0);
  const availability = new Map<number, WindowEvents>();
  const goodput = new Map<number, WindowEvents>();
  for (const minutes of windows) {
    availability.set(minutes, {
      good: sum(`h${minutes}`),
      total: sum(`p${minutes}`),
      coverage: Math.min(1, sum(`c${minutes}`) / minutes),
    });
    const from = new Date(at.getTime() - minutes * MINUTE_MS);
    const redone = recoveries.reduce((total, interruption) => total + redoneGpuMinutes(interruption, from, at), 0);
    goodput.set(minutes, {
      ...goodputEvents({
        jobGpuMinutes: sum(`j${minutes}`),
        productiveGpuMinutes: sum(`g${minutes}`),
        redoneGpuMinutes: redone,
      }),
      coverage: Math.min(1, sum(`cg${minutes}`) / minutes),
    });
  }
  return { availability, goodput };
}

/** Recovered job interruptions whose redone work may fall in the `minutes` before `at`. */
async function recoveredInterruptions(
  pool: Pool,
  at: Date,
  minutes: number,
  clusterId: number | null,
): Promise<RecoveredInterruption[]> {
  // Redoing takes at most lost_gpu_hours / gpus hours after the recovery: a bound the index on detected_at can't
  // serve, but recoveries are few (one per fault acted on).
  const { rows } = await pool.query<{ gpus: number; fault_at: Date; recovered_at: Date; lost_gpu_hours: number }>(
    `SELECT gpus, fault_at, recovered_at, lost_gpu_hours FROM recovery
     WHERE target_type = 'job' AND gpus > 0 AND recovered_at IS NOT NULL AND lost_gpu_hours > 0
       AND recovered_at <= $1
       AND recovered_at + make_interval(secs => lost_gpu_hours * 3600 / gpus) > $1::timestamptz - make_interval(mins => $2)
       AND ($3::int IS NULL OR job_id IN (SELECT id FROM job WHERE cluster_id = $3))`,
    [at, minutes, clusterId],
  );
  return rows.map((row) => ({
    gpus: row.gpus,
    faultAt: row.fault_at,
    recoveredAt: row.recovered_at,
    lostGpuHours: row.lost_gpu_hours,
  }));
}
