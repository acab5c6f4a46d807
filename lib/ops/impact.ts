// What an operation will do, shown before it is confirmed: the GPUs it touches, the jobs it disrupts, the work
// they lose since their latest checkpoint (DOMAIN.md lost work) and what that costs, and, for scaling, how the
// hourly spend changes. Read-only; the server checks the typed confirmation against the same figures.
import 'server-only';
import { db } from '@/lib/db';
import type { JobKind } from '@/lib/domain/enums';
import { lostWorkIfInterruptedNow } from '@/lib/domain/recovery';
import { heldNow, poolPriceAt } from '@/lib/pricing/rates';
import { OPERATIONS, TYPED_CONFIRMATION_GPUS, type OperationKind } from './kinds';
import type { Target } from './targets';
import { MINUTE_MS } from '@/lib/domain/time';

export interface DisruptedJob {
  id: number;
  name: string;
  kind: string;
  gpus: number;
  lastCheckpointAt: string | null;
  /** GPU-hours redone or lost, and their cost; null for a service, which keeps no training state. */
  lostGpuHours: number | null;
  lostCost: number | null;
}

export interface Impact {
  kind: OperationKind;
  target: { type: Target['type']; id: number; label: string };
  description: string;
  gpusAffected: number;
  jobs: DisruptedJob[];
  lostGpuHours: number;
  lostCost: number;
  /** Spend per hour added (positive) or saved (negative) by a scaling operation. */
  costPerHourChange: number | null;
  /** No rate covers the GPUs a scaling operation adds or removes: its spend per hour is unpriced, not 0. */
  costPerHourUnpriced: boolean;
  /** The name to type before acting, when the operation acts on or disrupts a job of 512 GPUs or more. */
  confirmName: string | null;
  currency: string;
}

interface JobRow {
  id: number;
  name: string;
  kind: JobKind;
  started_at: Date | null;
  last_checkpoint_at: Date | null;
}

async function disrupted(rows: JobRow[], now: Date, recoveryMs: number): Promise<DisruptedJob[]> {
  return Promise.all(
    rows.map(async (job) => {
      const held = await heldNow(job.id, now);
      const risk = lostWorkIfInterruptedNow({
        kind: job.kind,
        gpus: held.gpus,
        ratePerHour: held.ratePerHour,
        startedAt: job.started_at,
        lastCheckpointAt: job.last_checkpoint_at,
        now,
        recoveryMs,
      });
      return {
        id: job.id,
        name: job.name,
        kind: job.kind,
        gpus: held.gpus,
        lastCheckpointAt: job.last_checkpoint_at?.toISOString() ?? null,
        lostGpuHours: risk?.gpuHours ?? null,
        lostCost: risk?.cost ?? null,
      };
    }),
  );
}

const JOB_COLUMNS = 'j.id, j.name, j.kind::text AS kind, j.started_at, j.last_checkpoint_at';

async function jobsOnNodes(nodeIds: number[]): Promise<JobRow[]> {
  if (!nodeIds.length) return [];
  return db.$queryRawUnsafe<JobRow[]>(
    `SELECT DISTINCT ${JOB_COLUMNS} FROM allocation a
     JOIN gpu g ON g.id = a.gpu_id JOIN job j ON j.id = a.job_id
     WHERE g.node_id = ANY($1::int[]) AND a."to" IS NULL AND j.state IN ('running', 'recovering')
     ORDER BY j.id`,
    nodeIds,
  );
}

/** The nodes a scale-down removes, in the order the executors remove them: idle first, then the last named. */
async function nodesToRemove(poolId: number, count: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT n.id FROM node n
    WHERE n.pool_id = ${poolId} AND n.state <> 'retired'
    ORDER BY EXISTS (SELECT 1 FROM gpu g JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL WHERE g.node_id = n.id),
             n.hostname DESC
    LIMIT ${count}`;
  return rows.map((row) => row.id);
}

export async function impactOf(
  kind: OperationKind,
  target: Target,
  params: { count?: number },
  now: Date,
  currency: string,
): Promise<Impact> {
  const info = OPERATIONS[kind];
  let gpusAffected = 0;
  let jobs: DisruptedJob[] = [];
  let costPerHourChange: number | null = null;
  let costPerHourUnpriced = false;
  let label: string;

  if (target.type === 'job') {
    label = target.name;
    const [row] = await db.$queryRawUnsafe<JobRow[]>(`SELECT ${JOB_COLUMNS} FROM job j WHERE j.id = $1`, target.id);
    if (kind === 'service.scale') {
      const held = await heldNow(target.id, now);
      const perReplica = target.desiredReplicas ? target.gpus / Math.max(1, target.desiredReplicas) : target.gpus;
      const delta = (params.count ?? 0) - (target.desiredReplicas ?? 0);
      gpusAffected = Math.abs(delta) * perReplica;
      costPerHourChange = held.gpus ? (held.ratePerHour / held.gpus) * delta * perReplica : null;
      costPerHourUnpriced = held.gpus > 0 && held.unpriced > 0;
    } else {
      // A restart is back within the 5-minute target; a cancelled job does not come back to redo anything.
      jobs = await disrupted([row], now, kind === 'job.restart' ? 5 * MINUTE_MS : 0);
      gpusAffected = Math.max(target.gpus, jobs[0]?.gpus ?? 0);
    }
  } else if (target.type === 'node') {
    label = target.hostname;
    gpusAffected = target.gpus;
    if (kind === 'node.drain' || kind === 'node.reboot' || kind === 'node.replace') {
      jobs = await disrupted(await jobsOnNodes([target.id]), now, 5 * MINUTE_MS);
      // A multi-node job loses the work on all its GPUs, not only those on this node.
      gpusAffected = Math.max(
        target.gpus,
        jobs.reduce((sum, job) => sum + job.gpus, 0),
      );
    }
  } else {
    label = target.name;
    const delta = (params.count ?? target.desiredNodes) - target.desiredNodes;
    gpusAffected = Math.abs(delta) * target.gpusPerNode;
    const price = await poolPriceAt(target.id, now);
    costPerHourChange = delta * target.gpusPerNode * (price ?? 0);
    costPerHourUnpriced = price === null;
    if (delta < 0) jobs = await disrupted(await jobsOnNodes(await nodesToRemove(target.id, -delta)), now, 5 * 60_000);
  }

  const big = jobs.filter((job) => job.gpus >= TYPED_CONFIRMATION_GPUS).sort((a, b) => b.gpus - a.gpus)[0];
  const confirmName =
    target.type === 'job' && target.gpus >= TYPED_CONFIRMATION_GPUS ? target.name : (big?.name ?? null);
  return {
    kind,
    target: { type: target.type, id: target.id, label },
    description: info.description,
    gpusAffected,
    jobs,
    lostGpuHours: jobs.reduce((sum, job) => sum + (job.lostGpuHours ?? 0), 0),
    lostCost: jobs.reduce((sum, job) => sum + (job.lostCost ?? 0), 0),
    costPerHourChange,
    costPerHourUnpriced,
    confirmName,
    currency,
  };
}
