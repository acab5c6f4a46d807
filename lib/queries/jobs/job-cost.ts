// A job's cost (all time and in the range) and its blast radius: the rates of the GPUs it holds now, per hour.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { metricsCtes, type MetricsWindow } from './metrics';
import { pricedPeriods } from './pricing';

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

export interface HeldNow {
  gpus: number;
  /** The sum of the held GPUs' rates now; a GPU no rate covers adds nothing and is counted in `unpriced`. */
  ratePerHour: number;
  unpriced: number;
}

export async function heldNow(id: number, now: Date): Promise<HeldNow> {
  const [row] = await db.$queryRaw<{ gpus: number; rate_per_hour: number; unpriced: number }[]>`
    WITH ${pricedPeriods(now, new Date(now.getTime() + 1))}
    SELECT count(*)::int AS gpus, coalesce(sum(pr.price), 0)::float8 AS rate_per_hour,
           count(*) FILTER (WHERE pr.price IS NULL)::int AS unpriced
    FROM allocation a
    JOIN gpu g ON g.id = a.gpu_id
    JOIN node n ON n.id = g.node_id
    JOIN pool po ON po.id = n.pool_id
    LEFT JOIN priced pr ON pr.gpu_model = po.gpu_model AND pr.pricing_class = po.pricing_class
                       AND pr.p_from <= ${now}::timestamptz AND pr.p_to > ${now}::timestamptz
    WHERE a.job_id = ${id} AND a."to" IS NULL`;
  return { gpus: row.gpus, ratePerHour: row.rate_per_hour, unpriced: row.unpriced };
}
