// The rate card as the domain's pricing functions read it.
import 'server-only';
import { db } from '@/lib/db';
import type { Rate } from '@/lib/domain/cost';

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

/**
 * The price of one GPU-hour of a pool at a moment, as pricing reads the rate card (where periods overlap, the
 * latest-starting wins); 0 where no rate covers it.
 */
export async function poolPriceAt(poolId: number, at: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ price: number | null }[]>`
    SELECT (SELECT r.price_per_gpu_hour FROM rate_card r
            WHERE r.gpu_model = p.gpu_model AND r.pricing_class = p.pricing_class
              AND r.effective_from <= ${at} AND (r.effective_to IS NULL OR r.effective_to > ${at})
            ORDER BY r.effective_from DESC LIMIT 1)::float8 AS price
    FROM pool p WHERE p.id = ${poolId}`;
  return row?.price ?? 0;
}
