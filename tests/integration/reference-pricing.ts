// What the domain's reference pricing (costOfIntervals, lib/domain/cost.ts) takes, read from the database the SQL
// priced: the rate card, and every allocation with its pool's GPU model and pricing class. The tests check the
// SQL's figures against the reference's.
import type { QueryResult } from 'pg';
import type { CostInterval, Rate } from '@/lib/domain/cost';

type Sql = (text: string) => Promise<QueryResult>;

export async function referenceInputs(sql: Sql): Promise<{ rates: Rate[]; intervals: CostInterval<number>[] }> {
  const rates: Rate[] = (
    await sql('SELECT gpu_model, pricing_class, price_per_gpu_hour, effective_from, effective_to FROM rate_card')
  ).rows.map((r) => ({
    gpuModel: r.gpu_model,
    pricingClass: r.pricing_class,
    pricePerGpuHour: Number(r.price_per_gpu_hour),
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
  }));
  const intervals: CostInterval<number>[] = (
    await sql(`SELECT a.job_id, p.gpu_model, p.pricing_class, a."from", a."to" FROM allocation a
               JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id JOIN pool p ON p.id = n.pool_id`)
  ).rows.map((r) => ({
    jobId: r.job_id,
    gpuModel: r.gpu_model,
    pricingClass: r.pricing_class,
    from: r.from,
    to: r.to,
  }));
  return { rates, intervals };
}
