// Spend and idle cost per pool: allocated time from allocation intervals, provisioned and idle time from the fleet
// rollup (pool_minute), all priced by the same rate periods. Idle is provisioned less allocated within the minutes
// the source covered, so a minute it did not cover adds no idle hour and no idle cost (DOMAIN.md Coverage).
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { JobKind, PricingClass } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import { ratePeriods } from '@/lib/pricing/sql';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster, poolInCluster } from '@/lib/db/scope';
import type { JobCost } from './jobs';
import type { PoolCapacity } from './types';

export interface PoolSpend {
  poolId: number;
  teamId: number;
  jobKind: JobKind;
  cost: number;
  gpuHours: number;
  unpricedGpuHours: number;
}

/** Allocated spend per pool, team and kind of job (the costs page filters on the last two), from the jobs' own. */
export function spendByPool(jobs: readonly JobCost[]): PoolSpend[] {
  const sums = new Map<string, PoolSpend>();
  for (const job of jobs) {
    for (const pool of job.pools) {
      const key = `${pool.poolId}/${job.teamId}/${job.kind}`;
      const sum = sums.get(key) ?? {
        poolId: pool.poolId,
        teamId: job.teamId,
        jobKind: job.kind,
        cost: 0,
        gpuHours: 0,
        unpricedGpuHours: 0,
      };
      sum.cost += pool.cost;
      sum.gpuHours += pool.gpuHours;
      sum.unpricedGpuHours += pool.unpricedGpuHours;
      sums.set(key, sum);
    }
  }
  return [...sums.values()];
}

/**
 * Each pool's provisioned and idle GPU-minutes in [from, to), priced at the rate of their minute. Pools with no
 * minutes in the window are listed with zeros.
 */
export async function poolCapacity(range: TimeRange, scope?: ClusterScope): Promise<PoolCapacity[]> {
  const rows = await db.$queryRaw<
    {
      pool_id: number;
      name: string;
      gpu_model: string;
      pricing_class: PricingClass;
      gpu_hours: number | null;
      cost: number | null;
      unpriced_gpu_hours: number | null;
      idle_gpu_hours: number | null;
      idle_cost: number | null;
      unpriced_idle_gpu_hours: number | null;
    }[]
  >`
    WITH ${ratePeriods(range.from, range.to)}, minutes AS (
      SELECT pm.pool_id, sum(pm.provisioned_gpus)::float8 / 60 AS gpu_hours,
             coalesce(sum(pm.provisioned_gpus * pr.price), 0) / 60 AS cost,
             coalesce(sum(pm.provisioned_gpus) FILTER (WHERE pr.price IS NULL), 0)::float8 / 60 AS unpriced_gpu_hours,
             sum(pm.provisioned_gpus - pm.allocated_gpus)::float8 / 60 AS idle_gpu_hours,
             coalesce(sum((pm.provisioned_gpus - pm.allocated_gpus) * pr.price), 0) / 60 AS idle_cost,
             coalesce(sum(pm.provisioned_gpus - pm.allocated_gpus) FILTER (WHERE pr.price IS NULL), 0)::float8 / 60
               AS unpriced_idle_gpu_hours
      FROM pool_minute pm
      JOIN pool p ON p.id = pm.pool_id
      JOIN priced pr ON pr.gpu_model = p.gpu_model AND pr.pricing_class = p.pricing_class
                    AND pm.ts >= pr.p_from AND pm.ts < pr.p_to
      WHERE pm.ts >= ${range.from}::timestamptz AND pm.ts < ${range.to}::timestamptz
      GROUP BY pm.pool_id
    )
    SELECT p.id AS pool_id, p.name, p.gpu_model, p.pricing_class, m.gpu_hours, m.cost, m.unpriced_gpu_hours,
           m.idle_gpu_hours,
           m.idle_cost, m.unpriced_idle_gpu_hours
    FROM pool p LEFT JOIN minutes m ON m.pool_id = p.id
    WHERE ${inCluster(Prisma.sql`p.cluster_id`, scope)}
    ORDER BY p.name`;
  return rows.map((row) => ({
    poolId: row.pool_id,
    name: row.name,
    gpuModel: row.gpu_model,
    pricingClass: row.pricing_class,
    provisionedGpuHours: row.gpu_hours ?? 0,
    provisionedCost: row.cost ?? 0,
    unpricedProvisionedGpuHours: row.unpriced_gpu_hours ?? 0,
    idleGpuHours: row.idle_gpu_hours ?? 0,
    idleCost: row.idle_cost ?? 0,
    unpricedIdleGpuHours: row.unpriced_idle_gpu_hours ?? 0,
  }));
}

/** Each pool's GPU-hours held as warm spares in [from, to), and their price: part of its idle time, kept on purpose. */
export async function poolSpareHours(range: TimeRange): Promise<Map<number, { gpuHours: number; cost: number }>> {
  const rows = await db.$queryRaw<{ pool_id: number; gpu_hours: number; cost: number }[]>`
    WITH ${ratePeriods(range.from, range.to)}
    SELECT pm.pool_id, sum(pm.spare_gpus)::float8 / 60 AS gpu_hours,
           coalesce(sum(pm.spare_gpus * pr.price), 0)::float8 / 60 AS cost
    FROM pool_minute pm
    JOIN pool p ON p.id = pm.pool_id
    JOIN priced pr ON pr.gpu_model = p.gpu_model AND pr.pricing_class = p.pricing_class
                  AND pm.ts >= pr.p_from AND pm.ts < pr.p_to
    WHERE pm.ts >= ${range.from}::timestamptz AND pm.ts < ${range.to}::timestamptz AND pm.spare_gpus > 0
    GROUP BY pm.pool_id`;
  return new Map(rows.map((row) => [row.pool_id, { gpuHours: row.gpu_hours, cost: row.cost }]));
}

/**
 * Whether the source covered any minute of the range (of the scope's pools): a range before the console's history
 * has no data, which is not the same as spending nothing (DOMAIN.md Coverage).
 */
export async function hasFleetData(range: TimeRange, scope?: ClusterScope): Promise<boolean> {
  const [row] = await db.$queryRaw<{ covered: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pool_minute pm
                   WHERE pm.ts >= ${range.from}::timestamptz AND pm.ts < ${range.to}::timestamptz
                     AND ${poolInCluster(Prisma.sql`pm.pool_id`, scope)}) AS covered`;
  return row.covered;
}
