// A node's per-GPU readings over a range, downsampled to the range's bucket. Buckets under an hour read the minute
// readings (hours that only the rollup still holds, as minutes age out first, from the rollup); buckets of whole
// hours read the per-GPU hourly rollup (gpu_sample_hourly, the same means and maxima)
// for the hours wholly inside the range, and minute readings only for the part-hours at its ends, so a week is a
// few hundred rollup rows rather than 80,640 minutes.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { epochMs, jsonColumns } from '@/lib/db/json-columns';
import { HOUR_MS, type TimeRange } from '@/lib/domain/time';
import type { NodeSeries } from './types';

/** A GPU's bucket (`t` its start, epoch ms); read as one JSON document of columns (lib/db/json-columns.ts). */
interface Row {
  gpu_id: number;
  t: number;
  util: number | null;
  fb: number | null;
  power: number | null;
  temp: number | null;
}

/** The whole hours inside the range ([firstWhole, lastWhole), possibly empty) and the part-hours around them. */
export function wholeHours(range: TimeRange) {
  const firstWhole = new Date(Math.ceil(range.from.getTime() / HOUR_MS) * HOUR_MS);
  const lastWhole = new Date(Math.max(firstWhole.getTime(), Math.floor(range.to.getTime() / HOUR_MS) * HOUR_MS));
  return { firstWhole, lastWhole };
}

/** Minute readings; hours wholly before the first one (minutes age out before the rollup) from the rollup. */
function minuteBuckets(gpuIds: number[], { from, to }: TimeRange, bucket: number) {
  return Prisma.sql`
    WITH minutes AS (
      SELECT gpu_id, date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
             avg(util)::float8 AS util, max(fb_used_mib)::float8 AS fb, avg(power_w)::float8 AS power,
             max(temp_c)::float8 AS temp
      FROM gpu_minutes(${gpuIds}::int[], ${from}::timestamptz, ${to}::timestamptz)
      GROUP BY 1, 2
    ), first_minute AS (SELECT min(t) AS at FROM minutes)
    SELECT gpu_id, ${epochMs(Prisma.sql`t`)} AS t, util, fb, power, temp FROM minutes
    UNION ALL
    SELECT gpu_id, ${epochMs(Prisma.sql`hour`)},
           sum(util_avg * minutes)::float8 / nullif(sum(minutes), 0), max(fb_used_max)::float8,
           sum(power_avg * minutes)::float8 / nullif(sum(minutes), 0), max(temp_max)::float8
    FROM gpu_sample_hourly
    WHERE gpu_id = ANY(${gpuIds}::int[]) AND hour >= ${new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS)}::timestamptz
      AND hour < coalesce((SELECT date_trunc('hour', at) FROM first_minute), ${to}::timestamptz)
    GROUP BY gpu_id, hour`;
}

function hourBuckets(gpuIds: number[], range: TimeRange, bucket: number) {
  const { firstWhole, lastWhole } = wholeHours(range);
  return Prisma.sql`
    WITH parts AS (
      SELECT gpu_id, date_bin(make_interval(secs => ${bucket}::float8), hour, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
             minutes::float8 AS n, util_avg * minutes AS util, fb_used_max AS fb, power_avg * minutes AS power,
             temp_max AS temp
      FROM gpu_sample_hourly
      WHERE gpu_id = ANY(${gpuIds}::int[]) AND hour >= ${firstWhole}::timestamptz AND hour < ${lastWhole}::timestamptz
      UNION ALL
      SELECT gpu_id, date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z'),
             1, util, fb_used_mib, power_w, temp_c
      FROM gpu_minutes(${gpuIds}::int[], ${range.from}::timestamptz, least(${firstWhole}::timestamptz, ${range.to}::timestamptz))
      UNION ALL
      SELECT gpu_id, date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z'),
             1, util, fb_used_mib, power_w, temp_c
      FROM gpu_minutes(${gpuIds}::int[], greatest(${lastWhole}::timestamptz, ${range.from}::timestamptz), ${range.to}::timestamptz)
    )
    SELECT gpu_id, ${epochMs(Prisma.sql`t`)} AS t, (sum(util) / sum(n))::float8 AS util, max(fb)::float8 AS fb, (sum(power) / sum(n))::float8 AS power,
           max(temp)::float8 AS temp
    FROM parts GROUP BY parts.gpu_id, parts.t`;
}

export async function nodeSeries(gpuIds: number[], range: TimeRange, bucket: number): Promise<NodeSeries> {
  const rows = await jsonColumns<Row>(
    bucket % 3600 === 0 ? hourBuckets(gpuIds, range, bucket) : minuteBuckets(gpuIds, range, bucket),
    ['gpu_id', 't', 'util', 'fb', 'power', 'temp'],
  );
  const times = [...new Set(rows.t)].sort((a, b) => a - b);
  const position = new Map(times.map((t, i) => [t, i]));
  const gpuPosition = new Map(gpuIds.map((id, i) => [id, i]));
  const empty = () => gpuIds.map(() => new Array<number | null>(times.length).fill(null));
  const series: NodeSeries = {
    bucketSeconds: bucket,
    t: times,
    util: empty(),
    fbUsedGib: empty(),
    powerW: empty(),
    tempC: empty(),
  };
  for (let k = 0; k < rows.t.length; k++) {
    const g = gpuPosition.get(rows.gpu_id[k])!;
    const b = position.get(rows.t[k])!;
    const [util, fb, power] = [rows.util[k], rows.fb[k], rows.power[k]];
    series.util[g][b] = util === null ? null : Math.round(util * 10) / 10;
    series.fbUsedGib[g][b] = fb === null ? null : Math.round((fb / 1024) * 10) / 10;
    series.powerW[g][b] = power === null ? null : Math.round(power);
    series.tempC[g][b] = rows.temp[k];
  }
  return series;
}

/** Minutes each GPU was throttled in the range: the hourly rollup's count for whole hours, minutes at the ends. */
export function throttledMinutes(gpuIds: number[], range: TimeRange) {
  const { firstWhole, lastWhole } = wholeHours(range);
  return db.$queryRaw<{ gpu_id: number; minutes: number }[]>`
    SELECT gpu_id, sum(minutes)::int AS minutes FROM (
      SELECT gpu_id, throttled_minutes AS minutes FROM gpu_sample_hourly
      WHERE gpu_id = ANY(${gpuIds}::int[]) AND hour >= ${firstWhole}::timestamptz AND hour < ${lastWhole}::timestamptz
      UNION ALL
      SELECT gpu_id, 1 FROM gpu_minutes(${gpuIds}::int[], ${range.from}::timestamptz, least(${firstWhole}::timestamptz, ${range.to}::timestamptz))
      WHERE throttled
      UNION ALL
      SELECT gpu_id, 1 FROM gpu_minutes(${gpuIds}::int[], greatest(${lastWhole}::timestamptz, ${range.from}::timestamptz), ${range.to}::timestamptz)
      WHERE throttled
    ) m GROUP BY gpu_id`;
}
