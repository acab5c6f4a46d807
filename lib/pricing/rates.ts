// Prices as the rest of the console looks them up: the rate card for the domain's pricing functions, the price of
// a pool's GPU-hour at a moment, and what the GPUs a job holds cost per hour now.
import 'server-only';
import { db } from '@/lib/db';
import type { Rate } from '@/lib/domain/cost';
import { ratePeriods } from './sql';

export async function readRates(): Promise<Rate[]> {
  const rows = await db.rateCard.findMany({
    orderBy: [{ gpuModel: 'asc' }, { pricingClass: 'asc' }, { effectiveFrom: 'asc' }],
  });
  return rows.map((row) => ({
    gpuModel: row.gpuModel,
    pricingClass: row.pricingClass,
    pricePerGpuHour: row.pricePerGpuHour.toNumber(),
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
  }));
}

/** The instant `at` as a window of one millisecond: the price periods that hold at that moment. */
const instant = (at: Date) => ratePeriods(at, new Date(at.getTime() + 1));

/** The price of one GPU-hour of a pool at a moment; null where no rate covers it (unpriced, never 0). */
export async function poolPriceAt(poolId: number, at: Date): Promise<number | null> {
  const [row] = await db.$queryRaw<{ price: number | null }[]>`
    WITH ${instant(at)}
    SELECT pr.price FROM pool p
    JOIN priced pr ON pr.gpu_model = p.gpu_model AND pr.pricing_class = p.pricing_class
                  AND pr.p_from <= ${at}::timestamptz AND pr.p_to > ${at}::timestamptz
    WHERE p.id = ${poolId}`;
  return row?.price ?? null;
}

export interface HeldNow {
  gpus: number;
  /** The sum of the held GPUs' rates now; a GPU no rate covers adds nothing and is counted in `unpriced`. */
  ratePerHour: number;
  unpriced: number;
}

/** The GPUs job `id` holds at `now`, and what they cost per hour. */
export async function heldNow(id: number, now: Date): Promise<HeldNow> {
  const [row] = await db.$queryRaw<{ gpus: number; rate_per_hour: number; unpriced: number }[]>`
    WITH ${instant(now)}
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
