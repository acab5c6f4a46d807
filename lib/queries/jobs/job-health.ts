// The health rule of DOMAIN.md evaluated again, with lib/domain/health.ts, on the job's last minutes of
// samples: the same verdict the worker records, plus the GPUs the rule fired on, which the job row does not keep.
import 'server-only';
import { db } from '@/lib/db';
import { classifyHealth, DEFAULT_HEALTH_RULES, type HealthGpu, type HealthSample } from '@/lib/domain/health';
import { MINUTE_MS } from '@/lib/domain/time';
import type { JobRow } from './job-row';
import type { GpuLabel, HealthEvaluation } from './types';

interface SampleRow {
  gpu_id: number;
  index: number;
  node_id: number;
  hostname: string;
  ts: Date | null;
  util: number | null;
  throttled: boolean | null;
  xid: number | null;
}

/** How far the job's cluster's data reaches: the worker evaluates as of it, so the page does too. */
async function dataUntil(jobId: number): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ until: Date | null }[]>`
    SELECT s.data_until AS until FROM job j JOIN cluster c ON c.id = j.cluster_id
    JOIN data_source s ON s.name = c.name WHERE j.id = ${jobId}`;
  return row?.until ?? null;
}

export async function evaluateHealth(job: JobRow, now: Date): Promise<HealthEvaluation> {
  const until = await dataUntil(job.id);
  const asOf = until && until < now ? until : now;
  const live = job.state === 'running' || job.state === 'recovering';
  // Two minutes more than the window, as the worker reads, so a late minute still counts.
  const windowStart = new Date(asOf.getTime() - (DEFAULT_HEALTH_RULES.windowMinutes + 2) * MINUTE_MS);
  const [samples, fatal] = live
    ? await Promise.all([
        db.$queryRaw<SampleRow[]>`
          SELECT a.gpu_id, g.index, n.id AS node_id, n.hostname, s.ts, s.util, s.throttled, s.xid
          FROM allocation a
          JOIN gpu g ON g.id = a.gpu_id
          JOIN node n ON n.id = g.node_id
          LEFT JOIN LATERAL gpu_minutes(ARRAY[a.gpu_id], ${windowStart}::timestamptz, ${asOf}::timestamptz) s ON true
          WHERE a.job_id = ${job.id} AND a."to" IS NULL`,
        db.$queryRaw<{ gpu_id: number }[]>`
          SELECT DISTINCT f.gpu_id FROM gpu_fault f
          JOIN allocation a ON a.gpu_id = f.gpu_id AND f.at >= a."from" AND (a."to" IS NULL OR f.at < a."to")
          WHERE a.job_id = ${job.id} AND f.fatal AND f.at >= ${windowStart}::timestamptz`,
      ])
    : [[], []];

  const labels = new Map<number, GpuLabel>();
  const gpus = new Map<number, HealthGpu & { samples: HealthSample[] }>();
  for (const row of samples) {
    let gpu = gpus.get(row.gpu_id);
    if (!gpu) {
      labels.set(row.gpu_id, { gpuId: row.gpu_id, nodeId: row.node_id, hostname: row.hostname, index: row.index });
      gpus.set(row.gpu_id, (gpu = { gpuId: row.gpu_id, index: row.index, hostname: row.hostname, samples: [] }));
    }
    if (row.ts) {
      gpu.samples.push({ ts: row.ts, util: row.util ?? 0, throttled: row.throttled ?? false, xid: row.xid ?? 0 });
    }
  }
  const verdict = classifyHealth({
    state: job.state,
    now: asOf,
    gpus: [...gpus.values()],
    fatalXidGpuIds: fatal.map((row) => row.gpu_id),
  });
  return {
    asOf: asOf.toISOString(),
    health: verdict.health,
    rule: verdict.rule,
    reason: verdict.reason,
    gpus: verdict.gpuIds.flatMap((gpuId) => {
      const label = labels.get(Number(gpuId));
      return label ? [label] : [];
    }),
  };
}
