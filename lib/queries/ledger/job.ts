// One job's ledger over its whole life: its allocation intervals priced by the one pricing query's rate periods
// (through the job's own allocations, not a scan of the fleet's), against every hour of classes the collector
// wrote for it.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { LEDGER_CLASSES, priceLedger, sumLedgers, type LedgerClass, type LedgerFigures } from '@/lib/domain/ledger';
import { ratePeriods } from '@/lib/pricing/sql';

interface Row {
  gpu_hours: number;
  cost: number;
  unpriced_gpu_hours: number;
}

/**
 * The job's ledger from its start until `now` (allocations still open run to `now`); given several jobs (the
 * attempts of one run), theirs together.
 */
export async function jobLifetimeLedger(job: number | number[], now: Date): Promise<LedgerFigures> {
  const ids = Array.isArray(job) ? job : [job];
  const sums = LEDGER_CLASSES.map((cls) => Prisma.raw(`coalesce(sum(ledger_${cls}), 0)::float8 / 60 AS ${cls}`));
  const [pools, classes] = await Promise.all([
    db.$queryRaw<Row[]>`
      WITH ${ratePeriods(null, now)}, runs AS (
        SELECT n.pool_id, a."from" AS f, least(coalesce(a."to", ${now}::timestamptz), ${now}::timestamptz) AS t,
               count(*) AS gpus
        FROM allocation a JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
        WHERE a.job_id = ANY(${ids}::int[]) AND a."from" < ${now}::timestamptz
        GROUP BY 1, 2, 3
      ), pieces AS (
        SELECT r.pool_id, r.gpus, pr.price, date_part('epoch', least(r.t, pr.p_to) - greatest(r.f, pr.p_from)) AS seconds
        FROM runs r
        JOIN pool po ON po.id = r.pool_id
        JOIN priced pr ON pr.gpu_model = po.gpu_model AND pr.pricing_class = po.pricing_class
                      AND pr.p_from < r.t AND pr.p_to > r.f
      )
      SELECT coalesce(sum(seconds * gpus), 0)::float8 / 3600 AS gpu_hours,
             coalesce(sum(seconds * gpus * price), 0)::float8 / 3600 AS cost,
             coalesce(sum(seconds * gpus) FILTER (WHERE price IS NULL), 0)::float8 / 3600 AS unpriced_gpu_hours
      FROM pieces GROUP BY pool_id`,
    db.$queryRaw<(Record<LedgerClass, number> & { down: number })[]>`
      SELECT ${Prisma.join(sums)}, coalesce(sum(ledger_down), 0)::float8 / 60 AS down
      FROM job_hourly WHERE job_id = ANY(${ids}::int[]) AND hour < ${now}::timestamptz`,
  ]);
  const allocated = pools.reduce((sum, pool) => sum + pool.gpu_hours, 0);
  const [classified] = classes;
  // The job's classes, shared out to its pools by their share of its time, each pool at its own price.
  return sumLedgers(
    pools.map((pool) => {
      const share = allocated > 0 ? pool.gpu_hours / allocated : 0;
      return priceLedger({
        allocatedGpuHours: pool.gpu_hours,
        cost: pool.cost,
        unpricedGpuHours: pool.unpriced_gpu_hours,
        classes: Object.fromEntries(LEDGER_CLASSES.map((cls) => [cls, classified[cls] * share])) as Record<
          LedgerClass,
          number
        >,
        downGpuHours: classified.down * share,
      });
    }),
  );
}
