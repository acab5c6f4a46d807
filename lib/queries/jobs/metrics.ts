// Per-job cost and utilization in SQL, for any set of jobs: the page's rows, or every job a filter lets through
// when the list is sorted by one of them.
import 'server-only';
import { Prisma } from '@/lib/db';
import { HOUR_MS } from '@/lib/domain/time';
import { pricedPeriods } from './pricing';

export interface MetricsWindow {
  /** The range utilization (and cost in range) is measured over. */
  from: Date;
  to: Date;
  /** Cost is counted up to here: allocations still open run to `now`. */
  now: Date;
}

/** Start of the hour holding `at`: hours before it are rolled up, the hour under way is not yet. */
export const hourStart = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/**
 * CTEs ending in `metrics (id, cost, cost_in_range, unpriced_gpu_hours, utilization)` for the jobs `target`
 * selects (a query with one column, `id`). To be placed after WITH.
 *
 * Cost: every allocation interval up to `now`, clipped to each price period it meets, hours x price, summed in
 * float8 and rounded to cents by the caller, as spend-between.ts (and costOfIntervals) price them.
 *
 * Utilization: mean DCGM_FI_DEV_GPU_UTIL over the job's allocated GPU-time in the range that has data, read from
 * the per-GPU hourly rollup for whole hours before the hour under way, each hour weighted by the part of it the
 * job held (an hour held only in part counts with that hour's mean), and from the minute samples, which carry
 * the job's id, for the hour under way, which is not rolled up yet. This keeps the list off the minute samples
 * of every hour but the last, and exact for whole hours. Allocated time without samples is left out, not
 * counted as 0%.
 */
export function metricsCtes(target: Prisma.Sql, { from, to, now }: MetricsWindow): Prisma.Sql {
  const split = hourStart(now);
  const rangeEnd = to < now ? to : now;
  return Prisma.sql`
    target AS MATERIALIZED (${target}),
    ${pricedPeriods(null, now)},
    alloc AS MATERIALIZED (
      SELECT a.job_id, a.gpu_id, a."from" AS f, least(coalesce(a."to", ${now}::timestamptz), ${now}::timestamptz) AS t
      FROM allocation a JOIN target ON target.id = a.job_id
      WHERE a."from" < ${now}::timestamptz
    ), pieces AS (
      SELECT al.job_id, pr.price, greatest(al.f, pr.p_from) AS f, least(al.t, pr.p_to) AS t
      FROM alloc al
      JOIN gpu g ON g.id = al.gpu_id
      JOIN node n ON n.id = g.node_id
      JOIN pool po ON po.id = n.pool_id
      JOIN priced pr ON pr.gpu_model = po.gpu_model AND pr.pricing_class = po.pricing_class
                    AND pr.p_from < al.t AND pr.p_to > al.f
    ), cost AS (
      SELECT job_id,
             coalesce(sum(date_part('epoch', t - f) * price), 0) / 3600 AS cost,
             coalesce(sum(date_part('epoch', least(t, ${rangeEnd}::timestamptz) - greatest(f, ${from}::timestamptz)) * price)
               FILTER (WHERE f < ${rangeEnd}::timestamptz AND t > ${from}::timestamptz), 0) / 3600 AS cost_in_range,
             coalesce(sum(date_part('epoch', t - f)) FILTER (WHERE price IS NULL), 0) / 3600 AS unpriced_gpu_hours
      FROM pieces GROUP BY job_id
    ), held AS (
      SELECT job_id, gpu_id, greatest(f, ${from}::timestamptz) AS f,
             least(t, ${to}::timestamptz, ${split}::timestamptz) AS t
      FROM alloc
      WHERE f < least(${to}::timestamptz, ${split}::timestamptz) AND t > ${from}::timestamptz
    ), util_hours AS (
      SELECT h.job_id, sum(hr.util_avg * x.seconds) AS util_seconds, sum(x.seconds) AS seconds
      FROM held h
      JOIN gpu_sample_hourly hr ON hr.gpu_id = h.gpu_id AND hr.hour >= date_trunc('hour', h.f) AND hr.hour < h.t
      CROSS JOIN LATERAL (
        SELECT date_part('epoch', least(h.t, hr.hour + interval '1 hour') - greatest(h.f, hr.hour)) AS seconds
      ) x
      GROUP BY h.job_id
    ), util_minutes AS (
      SELECT s.job_id, sum(s.util)::float8 * 60 AS util_seconds, count(*)::float8 * 60 AS seconds
      FROM gpu_sample s JOIN target ON target.id = s.job_id
      WHERE s.ts >= greatest(${split}::timestamptz, ${from}::timestamptz) AND s.ts < ${to}::timestamptz
      GROUP BY s.job_id
    ), metrics AS (
      SELECT target.id,
             coalesce(c.cost, 0)::float8 AS cost,
             coalesce(c.cost_in_range, 0)::float8 AS cost_in_range,
             coalesce(c.unpriced_gpu_hours, 0)::float8 AS unpriced_gpu_hours,
             ((coalesce(uh.util_seconds, 0) + coalesce(um.util_seconds, 0))
               / nullif(coalesce(uh.seconds, 0) + coalesce(um.seconds, 0), 0) / 100)::float8 AS utilization
      FROM target
      LEFT JOIN cost c ON c.job_id = target.id
      LEFT JOIN util_hours uh ON uh.job_id = target.id
      LEFT JOIN util_minutes um ON um.job_id = target.id
    )`;
}
