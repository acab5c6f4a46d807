// A node's per-GPU readings over a range, downsampled to the range's bucket. Minute samples where they exist;
// hours that only the rollup still holds (minute samples age out first) come from gpu_sample_hourly.
import 'server-only';
import { db } from '@/lib/db';
import type { TimeRange } from '@/lib/domain/time';
import type { NodeSeries } from './types';

interface Row {
  gpu_id: number;
  t: Date;
  util: number | null;
  fb: number | null;
  power: number | null;
  temp: number | null;
}

const HOUR_S = 3600;

export async function nodeSeries(gpuIds: number[], range: TimeRange, bucket: number): Promise<NodeSeries> {
  const hourBucket = Math.max(bucket, HOUR_S);
  const rows = await db.$queryRaw<Row[]>`
    WITH minutes AS (
      SELECT gpu_id, date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
             avg(util)::float8 AS util, max(fb_used_mib)::float8 AS fb, avg(power_w)::float8 AS power,
             max(temp_c)::float8 AS temp
      FROM gpu_sample
      WHERE ${bucket}::int < ${HOUR_S}::int AND gpu_id = ANY(${gpuIds}::int[])
        AND ts >= ${range.from}::timestamptz AND ts < ${range.to}::timestamptz
      GROUP BY 1, 2
    ), first_minute AS (SELECT min(t) AS at FROM minutes)
    SELECT * FROM minutes
    UNION ALL
    SELECT gpu_id, date_bin(make_interval(secs => ${hourBucket}::float8), hour, TIMESTAMPTZ '1970-01-01 00:00:00Z'),
           sum(util_avg * minutes)::float8 / nullif(sum(minutes), 0), max(fb_used_max)::float8,
           sum(power_avg * minutes)::float8 / nullif(sum(minutes), 0), max(temp_max)::float8
    FROM gpu_sample_hourly
    WHERE gpu_id = ANY(${gpuIds}::int[]) AND hour >= ${new Date(Math.floor(range.from.getTime() / 3_600_000) * 3_600_000)}::timestamptz
      AND hour < coalesce((SELECT date_trunc('hour', at) FROM first_minute), ${range.to}::timestamptz)
    GROUP BY 1, 2`;

  const times = [...new Set(rows.map((row) => row.t.getTime()))].sort((a, b) => a - b);
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
  for (const row of rows) {
    const g = gpuPosition.get(row.gpu_id)!;
    const b = position.get(row.t.getTime())!;
    series.util[g][b] = row.util === null ? null : Math.round(row.util * 10) / 10;
    series.fbUsedGib[g][b] = row.fb === null ? null : Math.round((row.fb / 1024) * 10) / 10;
    series.powerW[g][b] = row.power === null ? null : Math.round(row.power);
    series.tempC[g][b] = row.temp;
  }
  return series;
}
