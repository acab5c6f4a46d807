// Per-job cost and utilization in SQL, for any set of jobs: the page's rows, or every job a filter lets through
// when the list is sorted by one of them.
import 'server-only';
import { Prisma } from '@/lib/db';
import { HOUR_MS } from '@/lib/domain/time';
import { ratePeriods } from '@/lib/pricing/sql';

export interface MetricsWindow {
  /** The range utilization (and cost in range) is measured over. */
  from: Date;
  to: Date;
  /** Cost is counted up to here: allocations still open run to `now`. */
  now: Date;
}

/** Start of the hour holding `at`: hours before it are rolled up, the hour under way is not yet. */
export const hourStart = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/** Which metrics to compute: ordering by one needs it for every job, the other only for the page. */
export interface MetricParts {
  cost: boolean;
  utilization: boolean;
}

const BOTH: MetricParts = { cost: true, utilization: true };

function costCtes({ from, to, now }: MetricsWindow): Prisma.Sql {
  const rangeEnd = to < now ? to : now;
  return Prisma.sql`
    ${ratePeriods(null, now)},
    alloc AS (
      SELECT a.job_id, a.gpu_id, a."from" AS f, least(coalesce(a."to", ${now}::timestamptz), ${now}::timestamptz) AS t
      FROM allocation a JOIN target ON target.id = a.job_id
      WHERE a."from" < ${now}::timestamptz
    ), runs AS (
      -- A job's GPUs mostly share their intervals: priced once per (job, pool, interval), times its GPUs.
      SELECT al.job_id, n.pool_id, al.f, al.t, count(*) AS gpus
      FROM alloc al JOIN gpu g ON g.id = al.gpu_id JOIN node n ON n.id = g.node_id
      GROUP BY 1, 2, 3, 4
    ), pieces AS (
      SELECT r.job_id, r.gpus, pr.price, greatest(r.f, pr.p_from) AS f, least(r.t, pr.p_to) AS t
      FROM runs r
      JOIN pool po ON po.id = r.pool_id
      JOIN priced pr ON pr.gpu_model = po.gpu_model AND pr.pricing_class = po.pricing_class
                    AND pr.p_from < r.t AND pr.p_to > r.f
    ), cost AS (
      SELECT job_id,
             coalesce(sum(date_part('epoch', t - f) * gpus * price), 0) / 3600 AS cost,
             coalesce(sum(date_part('epoch', least(t, ${rangeEnd}::timestamptz) - greatest(f, ${from}::timestamptz)) * gpus * price)
               FILTER (WHERE f < ${rangeEnd}::timestamptz AND t > ${from}::timestamptz), 0) / 3600 AS cost_in_range,
             coalesce(sum(date_part('epoch', t - f) * gpus) FILTER (WHERE price IS NULL), 0) / 3600 AS unpriced_gpu_hours
      FROM pieces GROUP BY job_id
    )`;
}

function utilizationCtes({ from, to, now }: MetricsWindow): Prisma.Sql {
  // A job-hour's minutes lie in [hour, min(hour + 1 h, now)): it counts with the part of that span in the range,
  // so an hour the range cuts counts in part and the hour under way, all of whose minutes are past, in whole.
  return Prisma.sql`
    util AS (
      SELECT jh.job_id, sum(jh.util_sum * w.part) AS util_minutes, sum(jh.gpu_minutes * w.part) AS gpu_minutes
      FROM target
      JOIN job_hourly jh ON jh.job_id = target.id
        AND jh.hour > ${from}::timestamptz - interval '1 hour' AND jh.hour < least(${to}::timestamptz, ${now}::timestamptz)
      -- An hour wholly inside the range and past counts whole: most of them, spared the arithmetic.
      CROSS JOIN LATERAL (
        SELECT CASE WHEN jh.hour >= ${from}::timestamptz
                     AND jh.hour + interval '1 hour' <= least(${to}::timestamptz, ${now}::timestamptz) THEN 1 ELSE
               greatest(0, date_part('epoch',
                 least(jh.hour + interval '1 hour', ${now}::timestamptz, ${to}::timestamptz) - greatest(jh.hour, ${from}::timestamptz)))
               / date_part('epoch', least(jh.hour + interval '1 hour', ${now}::timestamptz) - jh.hour) END AS part
      ) w
      GROUP BY jh.job_id
    )`;
}

/**
 * CTEs ending in `metrics (id, cost, cost_in_range, unpriced_gpu_hours, utilization)` for the jobs `target`
 * selects (a query with one column, `id`); a part left out reads NULL. To be placed after WITH.
 *
 * Cost: every allocation interval up to `now`, clipped to each price period it meets, hours x price, summed in
 * float8 and rounded to cents by the caller, as spend-between.ts (and costOfIntervals) price them.
 *
 * Utilization: mean DCGM_FI_DEV_GPU_UTIL over the job's sampled GPU-minutes in the range, from the per-job hourly
 * rollup (job_hourly: the minutes the source attributed to the job, the hour under way included), an hour the range
 * cuts counting with the part of it inside. One row a job-hour however many GPUs: a week of 5,000 jobs is read in
 * tens of milliseconds. Allocated time without samples is left out, not counted as 0%.
 */
export function metricsCtes(target: Prisma.Sql, window: MetricsWindow, parts: MetricParts = BOTH): Prisma.Sql {
  const ctes = [Prisma.sql`target AS MATERIALIZED (${target})`];
  if (parts.cost) ctes.push(costCtes(window));
  if (parts.utilization) ctes.push(utilizationCtes(window));
  const cost = parts.cost
    ? Prisma.sql`LEFT JOIN cost c ON c.job_id = target.id`
    : Prisma.sql`LEFT JOIN (SELECT NULL::int AS job_id, NULL::float8 AS cost, NULL::float8 AS cost_in_range,
                                   NULL::float8 AS unpriced_gpu_hours) c ON false`;
  const utilization = parts.utilization
    ? Prisma.sql`LEFT JOIN util u ON u.job_id = target.id`
    : Prisma.sql`LEFT JOIN (SELECT NULL::float8 AS util_minutes, NULL::float8 AS gpu_minutes) u ON false`;
  return Prisma.sql`
    ${Prisma.join(ctes, ', ')},
    metrics AS (
      SELECT target.id,
             coalesce(c.cost, 0)::float8 AS cost,
             coalesce(c.cost_in_range, 0)::float8 AS cost_in_range,
             coalesce(c.unpriced_gpu_hours, 0)::float8 AS unpriced_gpu_hours,
             (u.util_minutes / nullif(u.gpu_minutes, 0) / 100)::float8 AS utilization
      FROM target ${cost} ${utilization}
    )`;
}
