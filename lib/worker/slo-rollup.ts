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
import type { Pool } from 'pg';
import { goodputEvents, redoneGpuMinutes, type RecoveredInterruption } from '@/lib/domain/slo';

export interface WindowEvents {
  good: number;
  total: number;
}

export interface FleetEvents {
  availability: Map<number, WindowEvents>;
  goodput: Map<number, WindowEvents>;
}

/** Writes the job and productive GPU counts of each pool's minute `at` (the minute row the collector wrote). */
export async function recordGoodputMinute(pool: Pool, at: Date): Promise<void> {
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
       WHERE a."to" IS NULL
       GROUP BY n.pool_id
     ) c ON c.pool_id = p.id
     WHERE pm.pool_id = p.id AND pm.ts = $1`,
    [at],
  );
}

/** Sums of the rollup over each window of `windows` minutes ending at `at` (the minutes in (at - w, at]). */
export async function fleetEvents(pool: Pool, at: Date, windows: number[]): Promise<FleetEvents> {
  const longest = Math.max(...windows);
  // Window sizes are whole minutes from the SLO table and the SLOs' own windows, never user text.
  const sums = windows
    .map((minutes) => {
      const inWindow = `FILTER (WHERE ts > $1::timestamptz - interval '${minutes} minutes')`;
      return `sum(healthy_gpus) ${inWindow} AS h${minutes}, sum(provisioned_gpus) ${inWindow} AS p${minutes},
        sum(productive_gpus) ${inWindow} AS g${minutes}, sum(job_gpus) ${inWindow} AS j${minutes}`;
    })
    .join(',\n');
  const [{ rows }, recoveries] = await Promise.all([
    pool.query<Record<string, string | null>>(
      `SELECT ${sums} FROM pool_minute WHERE ts > $1::timestamptz - interval '${longest} minutes' AND ts <= $1`,
      [at],
    ),
    recoveredInterruptions(pool, at, longest),
  ]);
  const totals = rows[0];
  const sum = (column: string) => Number(totals[column] ?? 0);
  const availability = new Map<number, WindowEvents>();
  const goodput = new Map<number, WindowEvents>();
  for (const minutes of windows) {
    availability.set(minutes, { good: sum(`h${minutes}`), total: sum(`p${minutes}`) });
    const from = new Date(at.getTime() - minutes * 60_000);
    const redone = recoveries.reduce((total, interruption) => total + redoneGpuMinutes(interruption, from, at), 0);
    goodput.set(
      minutes,
      goodputEvents({
        jobGpuMinutes: sum(`j${minutes}`),
        productiveGpuMinutes: sum(`g${minutes}`),
        redoneGpuMinutes: redone,
      }),
    );
  }
  return { availability, goodput };
}

/** Recovered job interruptions whose redone work may fall in the `minutes` before `at`. */
async function recoveredInterruptions(pool: Pool, at: Date, minutes: number): Promise<RecoveredInterruption[]> {
  // Redoing takes at most lost_gpu_hours / gpus hours after the recovery: a bound the index on detected_at can't
  // serve, but recoveries are few (one per fault acted on).
  const { rows } = await pool.query<{ gpus: number; fault_at: Date; recovered_at: Date; lost_gpu_hours: number }>(
    `SELECT gpus, fault_at, recovered_at, lost_gpu_hours FROM recovery
     WHERE target_type = 'job' AND gpus > 0 AND recovered_at IS NOT NULL AND lost_gpu_hours > 0
       AND recovered_at <= $1
       AND recovered_at + make_interval(secs => lost_gpu_hours * 3600 / gpus) > $1::timestamptz - make_interval(mins => $2)`,
    [at, minutes],
  );
  return rows.map((row) => ({
    gpus: row.gpus,
    faultAt: row.fault_at,
    recoveredAt: row.recovered_at,
    lostGpuHours: row.lost_gpu_hours,
  }));
}
