// The rate card as the admin page lists it: every period, newest first within each GPU model and class.
import 'server-only';
import { db } from '@/lib/db';
import type { PricingClass } from '@/lib/domain/enums';

export interface RatePeriodView {
  id: number;
  gpuModel: string;
  pricingClass: PricingClass;
  pricePerGpuHour: number;
  currency: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** Relative to now: a past period is history and cannot change. */
  status: 'past' | 'current' | 'future';
}

export interface RateCardView {
  periods: RatePeriodView[];
  /** The GPU models the fleet's pools have, and their pricing classes: what a price can be set for. */
  pools: { gpuModel: string; pricingClass: PricingClass }[];
  /** Pools whose model and class no period covers now: their hours are unpriced. */
  unpricedNow: { gpuModel: string; pricingClass: PricingClass }[];
}

export async function getRateCard(now: Date = new Date()): Promise<RateCardView> {
  const [rows, pools] = await Promise.all([
    db.rateCard.findMany({ orderBy: [{ gpuModel: 'asc' }, { pricingClass: 'asc' }, { effectiveFrom: 'desc' }] }),
    db.pool.findMany({
      distinct: ['gpuModel', 'pricingClass'],
      select: { gpuModel: true, pricingClass: true },
      orderBy: [{ gpuModel: 'asc' }, { pricingClass: 'asc' }],
    }),
  ]);
  const periods = rows.map((row): RatePeriodView => {
    const started = row.effectiveFrom <= now;
    const ended = row.effectiveTo !== null && row.effectiveTo <= now;
    return {
      id: row.id,
      gpuModel: row.gpuModel,
      pricingClass: row.pricingClass,
      pricePerGpuHour: row.pricePerGpuHour.toNumber(),
      currency: row.currency,
      effectiveFrom: row.effectiveFrom.toISOString(),
      effectiveTo: row.effectiveTo?.toISOString() ?? null,
      status: ended ? 'past' : started ? 'current' : 'future',
    };
  });
  const unpricedNow = pools.filter(
    (pool) =>
      !periods.some(
        (period) =>
          period.status === 'current' && period.gpuModel === pool.gpuModel && period.pricingClass === pool.pricingClass,
      ),
  );
  return { periods, pools, unpricedNow };
}
