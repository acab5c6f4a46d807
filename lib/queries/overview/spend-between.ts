// The cost of every allocation interval overlapping a window, summed in SQL.
import 'server-only';
import { db } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import { pricedPieces, SPEND_SUMS, type SpendSumsRow } from '@/lib/pricing/sql';

export interface SpendSums {
  cost: number;
  gpuHours: number;
  unpricedGpuHours: number;
}

/**
 * Cost = sum over allocation intervals of hours x the rate of that GPU (DOMAIN.md Cost), exactly as
 * lib/domain/cost.ts's costOfIntervals prices it, but in SQL so that only sums leave the database
 * (see pricedPieces). No GROUP BY means no sort.
 */
export async function spendBetween(from: Date, to: Date, scope?: ClusterScope): Promise<SpendSums> {
  const [row] = await db.$queryRaw<SpendSumsRow[]>`${pricedPieces(from, to, scope)} SELECT ${SPEND_SUMS} FROM pieces`;
  return { cost: row.cost, gpuHours: row.gpu_hours, unpricedGpuHours: row.unpriced_gpu_hours };
}
