// Cost, GPU-hours and measured utilization of every job that held a GPU in a window.
import 'server-only';
import { db } from '@/lib/db';
import type { JobKind, PricingClass } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import { utilizationOf } from '@/lib/domain/usage';
import { pricedPieces, SPEND_SUMS } from '@/lib/pricing/sql';
import type { ClusterScope } from '@/lib/clusters/scope';

export interface JobCost {
  jobId: number;
  externalId: string;
  name: string;
  kind: JobKind;
  teamId: number;
  team: string;
  projectId: number;
  project: string;
  /** Inference services: the replicas asked for. */
  desiredReplicas: number | null;
  /** The pool it held most GPU-hours in (a job may span two). */
  gpuModel: string;
  pricingClass: PricingClass;
  cost: number;
  gpuHours: number;
  unpricedGpuHours: number;
  /** GPU-minutes sampled in the window (job_hourly, apportioned to the window's share of each hour). */
  sampledGpuMinutes: number;
  idleGpuMinutes: number;
  /** Mean GPU utilization 0..1 over the sampled minutes; null when none were sampled. */
  utilization: number | null;
}

interface Row {
  job_id: number;
  external_id: string;
  name: string;
  kind: JobKind;
  team_id: number;
  team: string;
  project_id: number;
  project: string;
  desired_replicas: number | null;
  gpu_model: string;
  pricing_class: PricingClass;
  cost: number;
  gpu_hours: number;
  unpriced_gpu_hours: number;
  sampled_minutes: number | null;
  util_sum: number | null;
  idle_minutes: number | null;
}

/** Every job with allocated time in [from, to), priced as the overview prices spend. */
export async function jobCosts(range: TimeRange, scope?: ClusterScope): Promise<JobCost[]> {
  const { from, to } = range;
  const rows = await db.$queryRaw<Row[]>`${pricedPieces(from, to, scope)},
    per_pool AS (
      SELECT job_id, pool_id, ${SPEND_SUMS} FROM pieces GROUP BY job_id, pool_id
    ), per_job AS (
      SELECT job_id, sum(cost) AS cost, sum(gpu_hours) AS gpu_hours, sum(unpriced_gpu_hours) AS unpriced_gpu_hours,
             (array_agg(pool_id ORDER BY gpu_hours DESC))[1] AS main_pool_id
      FROM per_pool GROUP BY job_id
    ), usage AS (
      -- Each hour counts for the share of it inside the window.
      SELECT job_id,
             sum(gpu_minutes * share) AS sampled_minutes, sum(util_sum * share) AS util_sum,
             sum(idle_gpu_minutes * share) AS idle_minutes
      FROM (
        SELECT job_id, gpu_minutes, util_sum, idle_gpu_minutes,
               date_part('epoch', least(hour + interval '1 hour', ${to}::timestamptz)
                                  - greatest(hour, ${from}::timestamptz)) / 3600 AS share
        FROM job_hourly
        WHERE hour > ${from}::timestamptz - interval '1 hour' AND hour < ${to}::timestamptz
      ) h GROUP BY job_id
    )
    SELECT pj.job_id, j.external_id, j.name, j.kind, j.team_id, t.name AS team, j.project_id, pr.name AS project,
           j.desired_replicas, p.gpu_model, p.pricing_class, pj.cost, pj.gpu_hours, pj.unpriced_gpu_hours,
           u.sampled_minutes, u.util_sum, u.idle_minutes
    FROM per_job pj
    JOIN job j ON j.id = pj.job_id
    JOIN team t ON t.id = j.team_id
    JOIN project pr ON pr.id = j.project_id
    JOIN pool p ON p.id = pj.main_pool_id
    LEFT JOIN usage u ON u.job_id = pj.job_id
    ORDER BY pj.cost DESC, pj.job_id`;
  return rows.map((row) => ({
    jobId: row.job_id,
    externalId: row.external_id,
    name: row.name,
    kind: row.kind,
    teamId: row.team_id,
    team: row.team,
    projectId: row.project_id,
    project: row.project,
    desiredReplicas: row.desired_replicas,
    gpuModel: row.gpu_model,
    pricingClass: row.pricing_class,
    cost: row.cost,
    gpuHours: row.gpu_hours,
    unpricedGpuHours: row.unpriced_gpu_hours,
    sampledGpuMinutes: row.sampled_minutes ?? 0,
    idleGpuMinutes: row.idle_minutes ?? 0,
    utilization: utilizationOf(row.sampled_minutes ?? 0, row.util_sum ?? 0),
  }));
}
