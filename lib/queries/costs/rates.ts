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
