// Cost, GPU-hours and measured utilization of every job that held a GPU in a window, and its spend in each pool:
// one pass of the pricing query serves the job table and the pool table.
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
  /** Its spend in each pool it held GPUs of (nearly always one). */
  pools: { poolId: number; cost: number; gpuHours: number; unpricedGpuHours: number }[];
}

interface Row {
  job_id: number;
  pool_id: number;
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

/** Every job with allocated time in [from, to), priced as the overview prices spend, most expensive first. */
export async function jobCosts(range: TimeRange, scope?: ClusterScope): Promise<JobCost[]> {
  const { from, to } = range;
  // One row per job and pool it held GPUs of; the job's figures are summed here.
  const rows = await db.$queryRaw<Row[]>`${pricedPieces(from, to, scope)},
    per_pool AS (
      SELECT job_id, pool_id, ${SPEND_SUMS} FROM pieces GROUP BY job_id, pool_id
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
    SELECT pp.job_id, pp.pool_id, j.external_id, j.name, j.kind, j.team_id, t.name AS team, j.project_id,
           pr.name AS project, j.desired_replicas, p.gpu_model, p.pricing_class, pp.cost, pp.gpu_hours,
           pp.unpriced_gpu_hours, u.sampled_minutes, u.util_sum, u.idle_minutes
    FROM per_pool pp
    JOIN job j ON j.id = pp.job_id
    JOIN team t ON t.id = j.team_id
    JOIN project pr ON pr.id = j.project_id
    JOIN pool p ON p.id = pp.pool_id
    LEFT JOIN usage u ON u.job_id = pp.job_id
    ORDER BY pp.job_id, pp.gpu_hours DESC`;
  const jobs: JobCost[] = [];
  for (const row of rows) {
    const pool = {
      poolId: row.pool_id,
      cost: row.cost,
      gpuHours: row.gpu_hours,
      unpricedGpuHours: row.unpriced_gpu_hours,
    };
    const last = jobs.at(-1);
    if (last?.jobId === row.job_id) {
      // A job's pools come most GPU-hours first: the first named its model and class.
      last.pools.push(pool);
      last.cost += row.cost;
      last.gpuHours += row.gpu_hours;
      last.unpricedGpuHours += row.unpriced_gpu_hours;
      continue;
    }
    jobs.push({
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
      pools: [pool],
    });
  }
  return jobs.sort((a, b) => b.cost - a.cost || a.jobId - b.jobId);
}
