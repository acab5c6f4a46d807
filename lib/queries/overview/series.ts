// The fleet chart: allocation, utilization and healthy share per time bucket, from pool_minute.
import 'server-only';
import { db } from '@/lib/db';
import { gpuAvailabilitySli } from '@/lib/domain/slo';
import { allocationRatio, utilizationRatio } from '@/lib/domain/utilization';
import type { SeriesPoint } from './types';

/**
 * Allocation, utilization and healthy share per bucket, each a ratio of sums over the bucket's pool-minutes,
 * i.e. weighted by GPU-time (DOMAIN.md). Buckets are aligned to the epoch so a refresh does not shift them.
 */
export async function fleetSeries(range: { from: Date; to: Date }, bucket: number): Promise<SeriesPoint[]> {
  const rows = await db.$queryRaw<
    { t: Date; provisioned: number; healthy: number; allocated: number; util_sum: number }[]
  >`
    SELECT date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
           sum(provisioned_gpus)::float8 AS provisioned, sum(healthy_gpus)::float8 AS healthy,
           sum(allocated_gpus)::float8 AS allocated, sum(util_sum)::float8 AS util_sum
    FROM pool_minute
    WHERE ts >= ${range.from}::timestamptz AND ts < ${range.to}::timestamptz
    GROUP BY 1 ORDER BY 1`;
  const byBucket = new Map(rows.map((row) => [row.t.getTime(), row]));
  const step = bucket * 1000;
  const points: SeriesPoint[] = [];
  for (let t = Math.floor(range.from.getTime() / step) * step; t < range.to.getTime(); t += step) {
    const row = byBucket.get(t);
    points.push({
      t,
      allocation: row ? allocationRatio(row.allocated, row.provisioned) : null,
      utilization: row ? utilizationRatio(row.util_sum, row.allocated) : null,
      healthy: row ? gpuAvailabilitySli(row.healthy, row.provisioned) : null,
    });
  }
  return points;
}
