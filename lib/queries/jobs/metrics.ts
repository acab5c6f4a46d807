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
  const split = hourStart(now);
  return Prisma.sql`
    held AS (
      SELECT a.job_id, a.gpu_id, greatest(a."from", ${from}::timestamptz) AS f,
             least(coalesce(a."to", ${now}::timestamptz), ${to}::timestamptz, ${split}::timestamptz) AS t
      FROM allocation a JOIN target ON target.id = a.job_id
      WHERE a."from" < least(${to}::timestamptz, ${split}::timestamptz)
        AND (a."to" IS NULL OR a."to" > ${from}::timestamptz)
    ), util_hours AS (
      SELECT h.job_id, sum(hr.util_avg * x.seconds) AS util_seconds, sum(x.seconds) AS seconds
      FROM held h
      JOIN gpu_sample_hourly hr ON hr.gpu_id = h.gpu_id AND hr.hour >= date_trunc('hour', h.f) AND hr.hour < h.t
      CROSS JOIN LATERAL (
        SELECT date_part('epoch', least(h.t, hr.hour + interval '1 hour') - greatest(h.f, hr.hour)) AS seconds
      ) x
      GROUP BY h.job_id
    ), util_minutes AS (
      -- One probe of (job_id, ts) per job: a join would scan every GPU's samples of the hour by time.
      SELECT target.id AS job_id, m.util_seconds, m.seconds
      FROM target CROSS JOIN LATERAL (
        SELECT sum(s.util)::float8 * 60 AS util_seconds, count(*)::float8 * 60 AS seconds
        FROM gpu_sample s
        WHERE s.job_id = target.id
          AND s.ts >= greatest(${split}::timestamptz, ${from}::timestamptz) AND s.ts < ${to}::timestamptz
      ) m
    )`;
}

/**
 * CTEs ending in `metrics (id, cost, cost_in_range, unpriced_gpu_hours, utilization)` for the jobs `target`
 * selects (a query with one column, `id`); a part left out reads NULL. To be placed after WITH.
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
export function metricsCtes(target: Prisma.Sql, window: MetricsWindow, parts: MetricParts = BOTH): Prisma.Sql {
  const ctes = [Prisma.sql`target AS MATERIALIZED (${target})`];
  if (parts.cost) ctes.push(costCtes(window));
  if (parts.utilization) ctes.push(utilizationCtes(window));
  const cost = parts.cost
    ? Prisma.sql`LEFT JOIN cost c ON c.job_id = target.id`
    : Prisma.sql`LEFT JOIN (SELECT NULL::int AS job_id, NULL::float8 AS cost, NULL::float8 AS cost_in_range,
                                   NULL::float8 AS unpriced_gpu_hours) c ON false`;
  const utilization = parts.utilization
    ? Prisma.sql`LEFT JOIN util_hours uh ON uh.job_id = target.id LEFT JOIN util_minutes um ON um.job_id = target.id`
    : Prisma.sql`LEFT JOIN (SELECT NULL::float8 AS util_seconds, NULL::float8 AS seconds) uh ON false
                 LEFT JOIN (SELECT NULL::float8 AS util_seconds, NULL::float8 AS seconds) um ON false`;
  return Prisma.sql`
    ${Prisma.join(ctes, ', ')},
    metrics AS (
      SELECT target.id,
             coalesce(c.cost, 0)::float8 AS cost,
             coalesce(c.cost_in_range, 0)::float8 AS cost_in_range,
             coalesce(c.unpriced_gpu_hours, 0)::float8 AS unpriced_gpu_hours,
             ((coalesce(uh.util_seconds, 0) + coalesce(um.util_seconds, 0))
               / nullif(coalesce(uh.seconds, 0) + coalesce(um.seconds, 0), 0) / 100)::float8 AS utilization
      FROM target ${cost} ${utilization}
    )`;
}
