// Interruptions in a window and what they cost (DOMAIN.md Automatic recovery): lost work = GPUs x (time since
// the last checkpoint + time to recover), priced at the rate of the job's GPUs when it was interrupted.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { interruptionCost, lostWork, rateAt } from '@/lib/domain/cost';
import type { JobEventKind, JobKind, PricingClass } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import { readRates } from '@/lib/pricing/rates';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';

export interface InterruptionCost {
  jobId: number;
  externalId: string;
  name: string;
  jobKind: JobKind;
  teamId: number;
  projectId: number;
  at: Date;
  /** failed, preempted, or a restart of a job that was running (a hang). */
  kind: JobEventKind;
  gpus: number;
  sinceCheckpointMs: number;
  recoveryMs: number;
  lostGpuHours: number;
  /** null when no rate covered the job's GPUs at that moment. */
  cost: number | null;
}

interface Row {
  job_id: number;
  external_id: string;
  name: string;
  job_kind: JobKind;
  team_id: number;
  project_id: number;
  at: Date;
  kind: JobEventKind;
  gpus: number;
  last_start: Date | null;
  last_checkpoint: Date | null;
  recovered_at: Date | null;
  recovering: boolean;
  /** The pool (model and class) of each GPU the job held at that moment, or last held before it. */
  held: { gpu_model: string; pricing_class: PricingClass }[] | null;
}

/**
 * An interruption is a job event in [from, to): `failed`, `preempted` (not of a service: a service loses
 * replicas, not work), or `restart_requested` of a job that was not already down (a restart of a hung job).
 * Priced at the mean rate of the GPUs the job held then. It is recovered at the job's next `restarted` event; one never restarted cost no recovery time, its GPUs
 * having gone back to the pool, and one still recovering counts until the window's end or `now`.
 */
export async function interruptionCosts(
  range: TimeRange,
  now: Date = new Date(),
  scope?: ClusterScope,
): Promise<InterruptionCost[]> {
  const { from, to } = range;
  const [rows, rates] = await Promise.all([
    db.$queryRaw<Row[]>`
      WITH hit AS (
        SELECT DISTINCT job_id FROM job_event
        WHERE at >= ${from}::timestamptz AND at < ${to}::timestamptz AND kind IN ('failed', 'preempted', 'restart_requested')
      ), ev AS (
        SELECT e.id, e.job_id, e.at, e.kind,
               lag(e.kind) OVER (PARTITION BY e.job_id ORDER BY e.at, e.id) AS prev_kind
        FROM job_event e JOIN hit ON hit.job_id = e.job_id
        WHERE e.kind IN ('started', 'restarted', 'failed', 'preempted', 'restart_requested')
      )
      SELECT ev.job_id, j.external_id, j.name, j.kind AS job_kind, j.team_id, j.project_id, ev.at, ev.kind, j.gpus_requested AS gpus,
             coalesce((SELECT max(s.at) FROM job_event s
                       WHERE s.job_id = ev.job_id AND s.kind IN ('started', 'restarted') AND s.at <= ev.at),
                      j.started_at) AS last_start,
             (SELECT max(c.at) FROM checkpoint c WHERE c.job_id = ev.job_id AND c.at <= ev.at) AS last_checkpoint,
             (SELECT min(r.at) FROM job_event r
               WHERE r.job_id = ev.job_id AND r.kind = 'restarted' AND r.at >= ev.at) AS recovered_at,
             j.state = 'recovering' AS recovering,
             coalesce(
               (SELECT json_agg(json_build_object('gpu_model', p.gpu_model, 'pricing_class', p.pricing_class))
                FROM allocation a JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
                JOIN pool p ON p.id = n.pool_id
                WHERE a.job_id = ev.job_id AND a."from" <= ev.at AND (a."to" IS NULL OR a."to" >= ev.at)),
               (SELECT json_agg(json_build_object('gpu_model', p.gpu_model, 'pricing_class', p.pricing_class))
                FROM (SELECT gpu_id FROM allocation WHERE job_id = ev.job_id AND "from" <= ev.at
                      ORDER BY "to" DESC NULLS FIRST LIMIT 1) a
                JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id JOIN pool p ON p.id = n.pool_id)
             ) AS held
      FROM ev
      JOIN job j ON j.id = ev.job_id
      WHERE ev.at >= ${from}::timestamptz AND ev.at < ${to}::timestamptz AND ${inCluster(Prisma.sql`j.cluster_id`, scope)}
        AND (ev.kind = 'failed'
             OR (ev.kind = 'preempted' AND j.kind <> 'inference')
             OR (ev.kind = 'restart_requested' AND coalesce(ev.prev_kind::text, '') NOT IN ('failed', 'preempted', 'restart_requested')))
      ORDER BY ev.at, ev.id`,
    readRates(),
  ]);
  const end = new Date(Math.min(to.getTime(), now.getTime()));
  return rows.map((row) => {
    const recoveredAt = row.recovered_at ?? (row.recovering ? end : row.at);
    const lost = lostWork({
      gpus: row.gpus,
      startedAt: row.last_start ?? row.at,
      lastCheckpointAt: row.last_checkpoint,
      interruptedAt: row.at,
      recoveredAt: recoveredAt < row.at ? row.at : recoveredAt,
    });
    // Each lost GPU-hour at the price of its GPU: the mean rate of the GPUs held (a job may span two pools).
    const prices = (row.held ?? []).map(
      (gpu) => rateAt(rates, gpu.gpu_model, gpu.pricing_class, row.at)?.pricePerGpuHour ?? null,
    );
    const priced = prices.length > 0 && prices.every((price) => price !== null);
    const rate = priced ? (prices as number[]).reduce((a, b) => a + b, 0) / prices.length : null;
    return {
      jobId: row.job_id,
      externalId: row.external_id,
      name: row.name,
      jobKind: row.job_kind,
      teamId: row.team_id,
      projectId: row.project_id,
      at: row.at,
      kind: row.kind,
      gpus: row.gpus,
      sinceCheckpointMs: lost.sinceCheckpointMs,
      recoveryMs: lost.recoveryMs,
      lostGpuHours: lost.gpuHours,
      cost: rate === null ? null : interruptionCost(lost.gpuHours, rate),
    };
  });
}
