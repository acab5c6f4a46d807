// What an incident has cost so far. Where automatic recovery measured the lost work of its faults (GPUs x (time since
// the last checkpoint + time to recover), DOMAIN.md "Automatic recovery"), that is the figure. Otherwise it is the
// GPUs affected x the time since the fault (to resolution, or now), priced by the rate card as every spend figure is:
// the GPUs its signals named as hurt (a throttled GPU, not its whole job); else the job's GPUs at the opening (or
// those it last held, for a job that had already let them go), else the node's.
import 'server-only';
import { db } from '@/lib/db';
import { ratePeriods, SPEND_SUMS, type SpendSumsRow } from '@/lib/pricing/sql';
import type { IncidentCost } from './types';

interface Affected {
  id: number;
  jobId: number | null;
  nodeId: number | null;
  /** The GPUs it hurts, where the signals named them: only those are counted. */
  gpuIds: number[];
  faultAt: Date | null;
  openedAt: Date;
  resolvedAt: Date | null;
}

async function measuredByRecovery(incidentId: number) {
  const [row] = await db.$queryRaw<
    { gpus: number; gpu_hours: number | null; cost: number | null; from: Date | null; to: Date | null }[]
  >`
    SELECT coalesce(max(gpus), 0)::int AS gpus, sum(lost_gpu_hours)::float8 AS gpu_hours,
           sum(lost_cost)::float8 AS cost, min(fault_at) AS "from", max(coalesce(recovered_at, detected_at)) AS "to"
    FROM recovery WHERE incident_id = ${incidentId} AND lost_gpu_hours IS NOT NULL`;
  return row.gpu_hours === null ? null : row;
}

export async function incidentCost(incident: Affected, now: Date): Promise<IncidentCost | null> {
  const recovery = await measuredByRecovery(incident.id);
  if (recovery) {
    return {
      basis: 'recovery',
      gpus: recovery.gpus,
      gpuHours: recovery.gpu_hours ?? 0,
      cost: recovery.cost ?? 0,
      unpricedGpuHours: 0,
      from: (recovery.from ?? incident.openedAt).toISOString(),
      to: (recovery.to ?? now).toISOString(),
    };
  }
  if (incident.jobId === null && incident.nodeId === null && !incident.gpuIds.length) return null;
  // Counted from the fault where it began before the incident opened (a job degraded for ten minutes first).
  const from = incident.faultAt && incident.faultAt < incident.openedAt ? incident.faultAt : incident.openedAt;
  const named = incident.gpuIds.length > 0;
  const to = incident.resolvedAt ?? now;
  if (to <= from) return null;
  const [row] = await db.$queryRaw<(SpendSumsRow & { gpus: number })[]>`
    WITH ${ratePeriods(from, to)},
    job_held AS (
      SELECT DISTINCT gpu_id FROM allocation
      WHERE job_id = ${incident.jobId} AND "from" <= ${from}::timestamptz AND ("to" IS NULL OR "to" > ${from}::timestamptz)
    ), job_last AS (
      SELECT DISTINCT gpu_id FROM allocation
      WHERE job_id = ${incident.jobId} AND "to" = (
        SELECT max("to") FROM allocation WHERE job_id = ${incident.jobId} AND "to" <= ${from}::timestamptz)
    ), affected AS (
      SELECT unnest(${incident.gpuIds}::int[]) AS gpu_id
      UNION SELECT gpu_id FROM job_held WHERE NOT ${named}
      UNION SELECT gpu_id FROM job_last WHERE NOT ${named} AND NOT EXISTS (SELECT 1 FROM job_held)
      UNION SELECT id FROM gpu
      WHERE NOT ${named} AND ${incident.jobId}::int IS NULL AND node_id = ${incident.nodeId}
        AND (retired_at IS NULL OR retired_at > ${from}::timestamptz)
    ), pieces AS (
      SELECT a.gpu_id, pr.price,
             date_part('epoch', least(${to}::timestamptz, pr.p_to) - greatest(${from}::timestamptz, pr.p_from)) AS seconds
      FROM affected a
      JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id JOIN pool p ON p.id = n.pool_id
      JOIN priced pr ON pr.gpu_model = p.gpu_model AND pr.pricing_class = p.pricing_class
                    AND pr.p_from < ${to}::timestamptz AND pr.p_to > ${from}::timestamptz
    )
    SELECT count(DISTINCT gpu_id)::int AS gpus, ${SPEND_SUMS} FROM pieces`;
  if (row.gpus === 0) return null;
  return {
    basis: 'held',
    gpus: row.gpus,
    gpuHours: row.gpu_hours,
    cost: row.cost,
    unpricedGpuHours: row.unpriced_gpu_hours,
    from: from.toISOString(),
    to: to.toISOString(),
  };
}
