// A job's cost, all time and in the range.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { metricsCtes, type MetricsWindow } from './metrics';

export interface JobCostSums {
  cost: number;
  costInRange: number;
  unpricedGpuHours: number;
}

/** Its cost so far and in the range; its utilization comes with its series, which reads the same rows. */
export async function jobCost(id: number, window: MetricsWindow): Promise<JobCostSums> {
  const [row] = await db.$queryRaw<{ cost: number; cost_in_range: number; unpriced_gpu_hours: number }[]>`
    WITH ${metricsCtes(Prisma.sql`SELECT ${id}::int AS id`, window, { cost: true, utilization: false })}
    SELECT cost, cost_in_range, unpriced_gpu_hours FROM metrics`;
  return { cost: row.cost, costInRange: row.cost_in_range, unpricedGpuHours: row.unpriced_gpu_hours };
}
