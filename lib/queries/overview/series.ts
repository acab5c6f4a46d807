// The fleet chart: allocation, utilization and healthy share per time bucket. Buckets of whole hours read the
// hourly rollup (pool_hour) for the hours wholly inside the range and pool_minute for the part-hours at its ends;
// finer buckets read pool_minute. Both give the same sums: pool_hour holds pool_minute's, hour by hour.
import 'server-only';
import { Prisma } from '@/lib/db';
import { epochMs, jsonColumns } from '@/lib/db/json-columns';
import { HOUR_MS } from '@/lib/domain/time';
import { gpuAvailabilitySli } from '@/lib/domain/slo';
import { allocationRatio, utilizationRatio } from '@/lib/domain/utilization';
import type { ClusterScope } from '@/lib/clusters/scope';
import { poolInCluster } from '@/lib/db/scope';
import type { SeriesPoint } from './types';

/** A bucket's sums (`t` its start, epoch ms); read as one JSON document of columns (lib/db/json-columns.ts). */
interface BucketRow {
  t: number;
  provisioned: number;
  healthy: number;
  allocated: number;
  util_sum: number;
}

function minuteBuckets(from: Date, to: Date, bucket: number, scope?: ClusterScope) {
  return Prisma.sql`
    SELECT ${epochMs(Prisma.sql`t`)} AS t, provisioned, healthy, allocated, util_sum FROM (
      SELECT date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
             sum(provisioned_gpus)::float8 AS provisioned, sum(healthy_gpus)::float8 AS healthy,
             sum(allocated_gpus)::float8 AS allocated, sum(util_sum)::float8 AS util_sum
      FROM pool_minute
      WHERE ts >= ${from}::timestamptz AND ts < ${to}::timestamptz AND ${poolInCluster(Prisma.sql`pool_id`, scope)}
      GROUP BY 1
    ) buckets`;
}

/** Hour-multiple buckets: whole hours from pool_hour, the part-hours at either end from pool_minute. */
function hourBuckets(from: Date, to: Date, bucket: number, scope?: ClusterScope) {
  const firstWhole = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  const lastWhole = new Date(Math.max(firstWhole.getTime(), Math.floor(to.getTime() / HOUR_MS) * HOUR_MS));
  return Prisma.sql`
    WITH parts AS (
      SELECT date_bin(make_interval(secs => ${bucket}::float8), hour, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
             provisioned_gpus::float8 AS provisioned, healthy_gpus::float8 AS healthy,
             allocated_gpus::float8 AS allocated, util_sum
      FROM pool_hour
      WHERE hour >= ${firstWhole}::timestamptz AND hour < ${lastWhole}::timestamptz
        AND ${poolInCluster(Prisma.sql`pool_id`, scope)}
      UNION ALL
      SELECT date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z'),
             provisioned_gpus, healthy_gpus, allocated_gpus, util_sum
      FROM pool_minute
      WHERE ((ts >= ${from}::timestamptz AND ts < least(${firstWhole}::timestamptz, ${to}::timestamptz))
         OR (ts >= greatest(${lastWhole}::timestamptz, ${from}::timestamptz) AND ts < ${to}::timestamptz))
        AND ${poolInCluster(Prisma.sql`pool_id`, scope)}
    )
    SELECT ${epochMs(Prisma.sql`t`)} AS t, sum(provisioned) AS provisioned, sum(healthy) AS healthy, sum(allocated) AS allocated,
           sum(util_sum) AS util_sum
    FROM parts GROUP BY parts.t`;
}

/**
 * Allocation, utilization and healthy share per bucket, each a ratio of sums over the bucket's pool-minutes,
 * i.e. weighted by GPU-time (DOMAIN.md). Buckets are aligned to the epoch so a refresh does not shift them.
 */
export async function fleetSeries(
  range: { from: Date; to: Date },
  bucket: number,
  scope?: ClusterScope,
): Promise<SeriesPoint[]> {
  const rows = await jsonColumns<BucketRow>(
    bucket % 3600 === 0
      ? hourBuckets(range.from, range.to, bucket, scope)
      : minuteBuckets(range.from, range.to, bucket, scope),
    ['t', 'provisioned', 'healthy', 'allocated', 'util_sum'],
  );
  const byBucket = new Map(rows.t.map((t, k) => [t, k]));
  const step = bucket * 1000;
  const points: SeriesPoint[] = [];
  for (let t = Math.floor(range.from.getTime() / step) * step; t < range.to.getTime(); t += step) {
    const k = byBucket.get(t);
    if (k === undefined) {
      points.push({ t, allocation: null, utilization: null, healthy: null });
      continue;
    }
    const [provisioned, allocated] = [rows.provisioned[k], rows.allocated[k]];
    points.push({
      t,
      allocation: allocationRatio(allocated, provisioned),
      utilization: utilizationRatio(rows.util_sum[k], allocated),
      healthy: gpuAvailabilitySli(rows.healthy[k], provisioned),
    });
  }
  return points;
}
