// The one pricing query: the rate card cut into price periods, and the allocation intervals cut at them. Every
// money figure in SQL (spend, the costs page, budgets, the weekly report, a job's cost, an incident's cost, the
// price of held GPUs) is built on ratePeriods, so they agree to the cent. lib/domain/cost.ts prices the same
// way in TypeScript; it is the reference these queries are tested against (tests/integration/pricing.test.ts,
// overview.test.ts, jobs-list.test.ts).
import 'server-only';
import { Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';

/**
 * `WITH … pieces(job_id, gpu_id, pool_id, price, f, t, seconds)`: each allocation interval overlapping
 * [from, to), clipped to it and to each price period it meets. Prices exactly as lib/domain/cost.ts does:
 * - The rate card is cut into periods that do not overlap, per GPU model and pricing class, with a period
 *   priced NULL wherever no row applies; where rows overlap the latest-starting one wins, as rateAt() says.
 * - The intervals are found through indexes, in three disjoint parts: started inside, started before and
 *   closed after `from` (allocation_to_idx), still open (allocation_open_gpu_key).
 * - float8 seconds keep the sums cheap; the error is far below a cent.
 * Callers append more CTEs (`, days AS (…)`) and their SELECT.
 */
export function pricedPieces(from: Date, to: Date, scope?: ClusterScope): Prisma.Sql {
  return Prisma.sql`
    WITH ${ratePeriods(from, to)}, gpu_prices AS MATERIALIZED (
      SELECT g.id AS gpu_id, p.id AS pool_id, pr.p_from, pr.p_to, pr.price
      FROM priced pr
      JOIN pool p ON p.gpu_model = pr.gpu_model AND p.pricing_class = pr.pricing_class
      JOIN node n ON n.pool_id = p.id
      JOIN gpu g ON g.node_id = n.id
      WHERE ${inCluster(Prisma.sql`p.cluster_id`, scope)}
    ), held AS (
      SELECT job_id, gpu_id, greatest("from", ${from}::timestamptz) AS f,
             least(coalesce("to", ${to}::timestamptz), ${to}::timestamptz) AS t
      FROM allocation WHERE "from" >= ${from}::timestamptz AND "from" < ${to}::timestamptz
      UNION ALL
      SELECT job_id, gpu_id, ${from}::timestamptz, least("to", ${to}::timestamptz)
      FROM allocation WHERE "from" < ${from}::timestamptz AND "to" > ${from}::timestamptz
      UNION ALL
      SELECT job_id, gpu_id, ${from}::timestamptz, ${to}::timestamptz
      FROM allocation WHERE "from" < ${from}::timestamptz AND "to" IS NULL
    ), pieces AS (
      SELECT h.job_id, h.gpu_id, gp.pool_id, gp.price,
             greatest(h.f, gp.p_from) AS f, least(h.t, gp.p_to) AS t,
             date_part('epoch', least(h.t, gp.p_to) - greatest(h.f, gp.p_from)) AS seconds
      FROM held h JOIN gpu_prices gp ON gp.gpu_id = h.gpu_id AND gp.p_from < h.t AND gp.p_to > h.f
    )`;
}

/** The sums every spend query selects: cost, GPU-hours, and the GPU-hours no rate covered. */
export const SPEND_SUMS = Prisma.sql`
  coalesce(sum(seconds * price), 0) / 3600 AS cost,
  coalesce(sum(seconds), 0) / 3600 AS gpu_hours,
  coalesce(sum(seconds) FILTER (WHERE price IS NULL), 0) / 3600 AS unpriced_gpu_hours`;

export interface SpendSumsRow {
  cost: number;
  gpu_hours: number;
  unpriced_gpu_hours: number;
}

/**
 * `edges, periods, priced(gpu_model, pricing_class, p_from, p_to, price)`: the rate card cut into periods that
 * do not overlap, per GPU model and pricing class, limited to those meeting [from, to) (from null: all before
 * `to`); price NULL where no row applies, and where rows overlap the latest-starting one wins, as rateAt() says.
 * To be placed after WITH, followed by a comma and the CTEs that use `priced`.
 */
export function ratePeriods(from: Date | null, to: Date): Prisma.Sql {
  const start = from ? Prisma.sql`${from}::timestamptz` : Prisma.sql`'-infinity'::timestamptz`;
  return Prisma.sql`edges AS (
      SELECT DISTINCT gpu_model, pricing_class, '-infinity'::timestamptz AS at FROM pool
      UNION SELECT gpu_model, pricing_class, effective_from FROM rate_card
      UNION SELECT gpu_model, pricing_class, effective_to FROM rate_card WHERE effective_to IS NOT NULL
    ), periods AS (
      SELECT gpu_model, pricing_class, at AS p_from,
             coalesce(lead(at) OVER (PARTITION BY gpu_model, pricing_class ORDER BY at), 'infinity') AS p_to
      FROM edges
    ), priced AS MATERIALIZED (
      SELECT pe.gpu_model, pe.pricing_class, pe.p_from, pe.p_to,
             (SELECT r.price_per_gpu_hour FROM rate_card r
               WHERE r.gpu_model = pe.gpu_model AND r.pricing_class = pe.pricing_class
                 AND r.effective_from <= pe.p_from AND (r.effective_to IS NULL OR r.effective_to > pe.p_from)
               ORDER BY r.effective_from DESC LIMIT 1)::float8 AS price
      FROM periods pe
      WHERE pe.p_to > ${start} AND pe.p_from < ${to}::timestamptz
    )`;
}
