// Job health evaluation: feeds each running job's recent minute samples to the DOMAIN.md rules
// (lib/domain/health) and records the verdict, with a job event when a job turns stalled or degraded.
import type { Pool } from 'pg';
import { classifyHealth, DEFAULT_HEALTH_RULES, type HealthGpu } from '@/lib/domain/health';
import type { JobHealth } from '@/lib/domain/enums';
import type { ProgressReading } from '@/lib/domain/stall';
import { MINUTE_MS } from '@/lib/domain/time';

interface SampleRow {
  job_id: number;
  health: JobHealth;
  running_since: Date | null;
  step: string | null;
  step_advanced_at: Date | null;
  step_seconds: number | null;
  gpu_id: number;
  index: number;
  hostname: string;
  ts: Date | null;
  util: number | null;
  throttled: boolean | null;
  xid: number | null;
}

/**
 * Evaluates every running job (of one cluster, when named) as of `now`, the time the cluster's collected data
 * reaches. Returns how many changed.
 */
export async function evaluateJobHealth(pool: Pool, now: Date, cluster?: string): Promise<number> {
  const windowStart = new Date(now.getTime() - (DEFAULT_HEALTH_RULES.windowMinutes + 2) * MINUTE_MS);
  const [samples, fatal] = await Promise.all([
    pool.query<SampleRow>(
      // Only the job's own minutes: those of its current run, on GPUs it held for the whole minute, that the
      // source attributed to it (never a previous holder's, nor the GPU's idle minutes before the job came).
      `SELECT j.id AS job_id, j.health, j.running_since, j.step, j.step_advanced_at, j.step_seconds, a.gpu_id, g.index, n.hostname, s.ts, s.util, s.throttled, s.xid
       FROM job j
       JOIN allocation a ON a.job_id = j.id AND a."to" IS NULL
       JOIN gpu g ON g.id = a.gpu_id
       JOIN node n ON n.id = g.node_id
       LEFT JOIN LATERAL gpu_minutes(ARRAY[a.gpu_id], $1, $2) s ON s.job_id = j.id
         AND s.ts >= a."from" AND s.ts >= coalesce(j.running_since, a."from")
       WHERE j.state = 'running' AND ($3::text IS NULL OR j.cluster_id = (SELECT id FROM cluster WHERE name = $3))`,
      [windowStart, now, cluster ?? null],
    ),
    // Only the GPUs it holds now: a fault on a GPU it gave up (the one that failed it before a restart) is over.
    pool.query<{ job_id: number; gpu_id: number }>(
      `SELECT DISTINCT a.job_id, f.gpu_id FROM gpu_fault f
       JOIN allocation a ON a.gpu_id = f.gpu_id AND a."to" IS NULL AND f.at >= a."from"
       JOIN job j ON j.id = a.job_id AND j.state = 'running'
         AND ($2::text IS NULL OR j.cluster_id = (SELECT id FROM cluster WHERE name = $2))
       WHERE f.fatal AND f.at >= $1`,
      [windowStart, cluster ?? null],
    ),
  ]);

  const jobs = new Map<
    number,
    {
      health: JobHealth;
      runningSince: Date | null;
      progress: ProgressReading;
      gpus: Map<number, HealthGpu & { samples: HealthGpu['samples'][number][] }>;
    }
  >();
  for (const row of samples.rows) {
    let job = jobs.get(row.job_id);
    if (!job) {
      const progress = {
        step: row.step === null ? null : Number(row.step),
        advancedAt: row.step_advanced_at,
        medianStepSeconds: row.step_seconds,
      };
      job = { health: row.health, runningSince: row.running_since, progress, gpus: new Map() };
      jobs.set(row.job_id, job);
    }
    let gpu = job.gpus.get(row.gpu_id);
    if (!gpu)
      job.gpus.set(row.gpu_id, (gpu = { gpuId: row.gpu_id, index: row.index, hostname: row.hostname, samples: [] }));
    if (row.ts)
      gpu.samples.push({ ts: row.ts, util: row.util ?? 0, throttled: row.throttled ?? false, xid: row.xid ?? 0 });
  }
  const fatalByJob = new Map<number, number[]>();
  for (const row of fatal.rows) fatalByJob.set(row.job_id, [...(fatalByJob.get(row.job_id) ?? []), row.gpu_id]);

  const ids: number[] = [];
  const healths: JobHealth[] = [];
  const reasons: string[] = [];
  const faultAts: (Date | null)[] = [];
  const events: {
    jobId: number;
    kind: 'stalled' | 'degraded';
    rule: string;
    message: string;
    gpuIds: number[];
  }[] = [];
  for (const [jobId, job] of jobs) {
    const verdict = classifyHealth({
      state: 'running',
      now,
      runningSince: job.runningSince ?? undefined,
      progress: job.progress,
      gpus: [...job.gpus.values()],
      fatalXidGpuIds: fatalByJob.get(jobId),
    });
    ids.push(jobId);
    healths.push(verdict.health);
    reasons.push(verdict.reason);
    faultAts.push(verdict.faultAt ?? null);
    if (verdict.health !== job.health && (verdict.health === 'stalled' || verdict.health === 'degraded')) {
      events.push({
        jobId,
        kind: verdict.health,
        rule: verdict.rule,
        message: verdict.reason,
        gpuIds: verdict.gpuIds.map(Number),
      });
    }
  }
  if (!ids.length) return 0;
  const { rowCount } = await pool.query(
    `UPDATE job j SET health = v.health, health_reason = v.reason,
       -- A stall is dated from its fault (the last step), not from when the rule first held.
       health_since = CASE WHEN j.health = v.health THEN j.health_since ELSE coalesce(v.fault_at, $4) END
     FROM unnest($1::int[], $2::"JobHealth"[], $3::text[], $5::timestamptz[]) AS v(id, health, reason, fault_at)
     WHERE j.id = v.id AND j.state = 'running' AND (j.health IS DISTINCT FROM v.health OR j.health_reason IS DISTINCT FROM v.reason)`,
    [ids, healths, reasons, now, faultAts],
  );
  if (events.length) {
    await pool.query(
      `INSERT INTO job_event (job_id, at, kind, message, data)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::"JobEventKind"[], $4::text[], $5::jsonb[])`,
      [
        events.map((e) => e.jobId),
        events.map(() => now),
        events.map((e) => e.kind),
        events.map((e) => e.message),
        events.map((e) => JSON.stringify({ gpuIds: e.gpuIds, rule: e.rule })),
      ],
    );
  }
  return rowCount ?? 0;
}
