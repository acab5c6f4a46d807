// The rate card as SQL: non-overlapping price periods per GPU model and pricing class, exactly as
// lib/queries/overview/spend-between.ts cuts it (and lib/domain/cost.ts's rateAt() reads it), so a job's cost
// here and the fleet's spend there agree to the cent.
import 'server-only';
import { Prisma } from '@/lib/db';

/**
 * CTEs `edges`, `periods` and `priced` (gpu_model, pricing_class, p_from, p_to, price): a period priced NULL
 * wherever no rate card row applies; where rows overlap, the latest-starting one wins. Only periods that meet
 * [from, to) are kept. To be placed after WITH, followed by a comma and the CTEs that use `priced`.
 */
export function pricedPeriods(from: Date | null, to: Date): Prisma.Sql {
  const start = from ? Prisma.sql`${from}::timestamptz` : Prisma.sql`'-infinity'::timestamptz`;
  return Prisma.sql`
    edges AS (
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
