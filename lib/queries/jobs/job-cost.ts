// A job's cost, all time and in the range.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { metricsCtes, type MetricsWindow } from './metrics';

export interface JobCostSums {
  cost: number;
  costInRange: number;
  unpricedGpuHours: number;
  /** Mean utilization over the range, measured as the jobs list measures it (./metrics.ts), so the two agree. */
  utilization: number | null;
}

/** Its cost so far and in the range, and its utilization in the range. */
export async function jobCost(id: number, window: MetricsWindow): Promise<JobCostSums> {
  const [row] = await db.$queryRaw<
    { cost: number; cost_in_range: number; unpriced_gpu_hours: number; utilization: number | null }[]
  >`
    WITH ${metricsCtes(Prisma.sql`SELECT ${id}::int AS id`, window)}
    SELECT cost, cost_in_range, unpriced_gpu_hours, utilization FROM metrics`;
  return {
    cost: row.cost,
    costInRange: row.cost_in_range,
    unpricedGpuHours: row.unpriced_gpu_hours,
    utilization: row.utilization,
  };
}
