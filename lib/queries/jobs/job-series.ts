// The job's GPUs over the range, downsampled to at most MAX_POINTS buckets per GPU: minute samples for short
// ranges, the hourly rollup for long ones and for big jobs (a 512-GPU job over 24 h is 737,280 minute samples;
// its hourly rollup is 12,288 rows). Shaped for the screen: a min/median/max band, a per-node heat strip, and
// one line per GPU only for small jobs.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { HOUR_MS, MINUTE_MS } from '@/lib/domain/time';
import { bucketSeconds } from '@/lib/time-range';
import { hourStart } from './metrics';
import type { GpuLabel, JobSeries } from './types';

/** Above this many minute samples (GPU-minutes the job held in the range) the chart reads the hourly rollup. */
export const MINUTE_SAMPLE_BUDGET = 200_000;
/** Jobs up to this size get one line per GPU; past it, lines are unreadable and the band takes over. */
export const MAX_GPU_LINES = 16;

/** One GPU's readings in time order: `b` a minute or hour index since the epoch, `u` utilization in percent,
 * `s` the seconds each stands for (an hourly mean, the part of the hour the job held; a minute sample 60, so
 * minute samples leave it out). */
interface GpuRows {
  gpu_id: number;
  b: number[];
  u: number[];
  s?: number[];
}

interface Range {
  from: Date;
  to: Date;
}

/** The GPUs the job held in the range, and for how long (GPU-seconds, to size the read before making it). */
async function heldGpus(jobId: number, { from, to }: Range): Promise<{ gpus: GpuLabel[]; gpuSeconds: number }> {
  const rows = await db.$queryRaw<
    { gpu_id: number; node_id: number; hostname: string; index: number; seconds: number }[]
  >`
    SELECT a.gpu_id, g.node_id, n.hostname, g.index,
           sum(date_part('epoch', least(coalesce(a."to", ${to}::timestamptz), ${to}::timestamptz)
                                  - greatest(a."from", ${from}::timestamptz)))::float8 AS seconds
    FROM allocation a JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id
    WHERE a.job_id = ${jobId} AND a."from" < ${to}::timestamptz AND (a."to" IS NULL OR a."to" > ${from}::timestamptz)
    GROUP BY a.gpu_id, g.node_id, n.hostname, g.index
    ORDER BY n.hostname, g.index`;
  return {
    gpus: rows.map((row) => ({ gpuId: row.gpu_id, nodeId: row.node_id, hostname: row.hostname, index: row.index })),
    gpuSeconds: rows.reduce((sum, row) => sum + row.seconds, 0),
  };
}

// Both reads aggregate once, into one array per GPU, and leave the bucketing to the caller: a second GROUP BY
// over every GPU-bucket in SQL costs several times the read itself. The arrays are left unordered (the caller
// buckets by each value's own index): ordering them sorts every row first, which spilled to disk for a 512-GPU job.

/** The GPUs the job held in [from, to), as one array. */
const heldIds = (jobId: number, from: Date, to: Date) => Prisma.sql`
  held_ids AS (
    SELECT coalesce(array_agg(DISTINCT gpu_id), '{}') AS ids FROM allocation
    WHERE job_id = ${jobId} AND "from" < ${to}::timestamptz AND ("to" IS NULL OR "to" > ${from}::timestamptz)
  )`;

/** A GPU-hour of minute readings: `m0` its first minute's index, `m` each value's minute of the hour (1 to 60;
 * null when the arrays hold all 60, as a packed hour does), `u` utilization and `j` the job of each minute. */
interface HourOfMinutes {
  gpu_id: number;
  m0: number;
  m: number[] | null;
  u: (number | null)[];
  j: (number | null)[] | null;
}

/**
 * The job's minute readings in the range, per GPU: those the source attributed to it. Packed hours are read as
 * they are kept, one row a GPU-hour, and unpacked here: unnesting them in SQL (gpu_minutes) made a row of every
 * minute, 184,320 of them for a 512-GPU job over 6 h, and cost several times the read.
 */
async function minuteRows(jobId: number, { from, to }: Range): Promise<GpuRows[]> {
  const hours = await db.$queryRaw<HourOfMinutes[]>`
    WITH ${heldIds(jobId, from, to)}
    SELECT h.gpu_id, (date_part('epoch', h.hour) / 60)::int AS m0, NULL::int[] AS m, h.util::int[] AS u, h.job_id AS j
    FROM held_ids, gpu_sample_hour h
    WHERE h.gpu_id = ANY (held_ids.ids) AND h.hour > ${from}::timestamptz - interval '1 hour'
      AND h.hour < ${to}::timestamptz AND ${jobId} = ANY (h.job_id)
    UNION ALL
    SELECT s.gpu_id, (date_part('epoch', date_trunc('hour', s.ts)) / 60)::int,
           array_agg((date_part('minute', s.ts) + 1)::int), array_agg(s.util::int), array_agg(s.job_id)
    FROM held_ids, gpu_sample s
    WHERE s.gpu_id = ANY (held_ids.ids) AND s.ts >= ${from}::timestamptz AND s.ts < ${to}::timestamptz
      AND s.job_id = ${jobId}
    GROUP BY s.gpu_id, date_trunc('hour', s.ts)`;
  const first = Math.ceil(from.getTime() / MINUTE_MS);
  const end = Math.ceil(to.getTime() / MINUTE_MS);
  const byGpu = new Map<number, GpuRows>();
  for (const hour of hours) {
    let rows = byGpu.get(hour.gpu_id);
    if (!rows) byGpu.set(hour.gpu_id, (rows = { gpu_id: hour.gpu_id, b: [], u: [] }));
    for (let k = 0; k < hour.u.length; k++) {
      const minute = hour.m0 + (hour.m ? hour.m[k] - 1 : k);
      const util = hour.u[k];
      if (util === null || hour.j?.[k] !== jobId || minute < first || minute >= end) continue;
      rows.b.push(minute);
      rows.u.push(util);
    }
  }
  return [...byGpu.values()];
}

/** One allocation's hours of the rollup (`f`, `t`: the part of the range it held the GPU, in epoch seconds), or
 * one GPU's hour under way averaged from its minutes (`s` its seconds, `f` and `t` null). */
interface HeldHours {
  gpu_id: number;
  f: number | null;
  t: number | null;
  b: number[];
  u: number[];
  s: number[] | null;
}

/**
 * The hourly rollup of the GPUs the job held, hour by hour, each weighted by the part of the hour it held them
 * (worked out here from the allocation's bounds); the hour under way is not rolled up yet: its minute readings
 * are averaged per GPU. One row an allocation, its hours aggregated as the index returns them: a row per GPU-hour
 * (86,016 for a 512-GPU job over a week) each with its weight computed in SQL cost three times as much.
 */
async function hourlyRows(jobId: number, { from, to }: Range, split: Date): Promise<GpuRows[]> {
  const minutesFrom = split > from ? split : from;
  const held = await db.$queryRaw<HeldHours[]>`
    WITH held AS (
      SELECT gpu_id, greatest("from", ${from}::timestamptz) AS f,
             least(coalesce("to", ${to}::timestamptz), ${to}::timestamptz, ${split}::timestamptz) AS t
      FROM allocation
      WHERE job_id = ${jobId} AND "from" < least(${to}::timestamptz, ${split}::timestamptz)
        AND ("to" IS NULL OR "to" > ${from}::timestamptz)
    ), ${heldIds(jobId, minutesFrom, to)}
    SELECT h.gpu_id, date_part('epoch', h.f) AS f, date_part('epoch', h.t) AS t, x.b, x.u, NULL::float8[] AS s
    FROM held h CROSS JOIN LATERAL (
      SELECT array_agg(floor(date_part('epoch', hr.hour) / 3600)::int) AS b, array_agg(hr.util_avg::float8) AS u
      FROM gpu_sample_hourly hr WHERE hr.gpu_id = h.gpu_id AND hr.hour >= date_trunc('hour', h.f) AND hr.hour < h.t
    ) x
    WHERE x.b IS NOT NULL
    UNION ALL
    SELECT s.gpu_id, NULL, NULL, ARRAY[floor(date_part('epoch', s.ts) / 3600)::int], ARRAY[avg(s.util)::float8],
           ARRAY[(60 * count(*))::float8]
    FROM held_ids, LATERAL gpu_minutes(held_ids.ids, ${minutesFrom}::timestamptz, ${to}::timestamptz) s
    WHERE s.job_id = ${jobId}
    GROUP BY s.gpu_id, floor(date_part('epoch', s.ts) / 3600)`;
  const byGpu = new Map<number, Required<GpuRows>>();
  for (const row of held) {
    let rows = byGpu.get(row.gpu_id);
    if (!rows) byGpu.set(row.gpu_id, (rows = { gpu_id: row.gpu_id, b: [], u: [], s: [] }));
    for (let k = 0; k < row.b.length; k++) {
      const hour = row.b[k] * 3600;
      rows.b.push(row.b[k]);
      rows.u.push(row.u[k]);
      rows.s.push(row.s ? row.s[k] : Math.min(row.t!, hour + 3600) - Math.max(row.f!, hour));
    }
  }
  return [...byGpu.values()];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The lowest, median and highest GPU per bucket. Typed arrays and a numeric sort: 512 GPUs x 240 buckets. */
function bandOf(values: (number | null)[][], count: number) {
  const min: (number | null)[] = [];
  const mid: (number | null)[] = [];
  const max: (number | null)[] = [];
  const present = new Float64Array(values.length);
  for (let i = 0; i < count; i++) {
    let n = 0;
    for (const gpu of values) if (gpu[i] !== null) present[n++] = gpu[i] as number;
    if (n === 0) {
      min.push(null);
      mid.push(null);
      max.push(null);
      continue;
    }
    const sorted = present.subarray(0, n).sort();
    const half = Math.floor(n / 2);
    // The median as lib/domain/health.ts takes it: the middle value, or the mean of the two middle values.
    min.push(round1(sorted[0]));
    mid.push(round1(n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2));
    max.push(round1(sorted[n - 1]));
  }
  return { min, median: mid, max };
}

function nodesOf(gpus: GpuLabel[], values: (number | null)[][], count: number): JobSeries['nodes'] {
  const byNode = new Map<number, { hostname: string; rows: (number | null)[][] }>();
  gpus.forEach((gpu, k) => {
    const node = byNode.get(gpu.nodeId) ?? { hostname: gpu.hostname, rows: [] };
    node.rows.push(values[k]);
    byNode.set(gpu.nodeId, node);
  });
  return [...byNode].map(([nodeId, { hostname, rows }]) => {
    const mean: (number | null)[] = new Array(count).fill(null);
    const min: (number | null)[] = new Array(count).fill(null);
    for (let i = 0; i < count; i++) {
      let sum = 0;
      let n = 0;
      let low = Infinity;
      for (const row of rows) {
        const value = row[i];
        if (value === null) continue;
        sum += value;
        n += 1;
        if (value < low) low = value;
      }
      // Whole percents: a heat cell shows no finer, and 64 nodes x 240 buckets x 2 is most of the page's data.
      if (n > 0) {
        mean[i] = Math.round(sum / n);
        min[i] = Math.round(low);
      }
    }
    return { nodeId, hostname, gpus: rows.length, mean, min };
  });
}

/** Time-weighted means per bucket of one GPU's rows, where `unit` is the length of a row's index in seconds. */
function bucketize(rows: GpuRows | undefined, unit: number, first: number, bucket: number, count: number) {
  const weighted = new Float64Array(count);
  const seconds = new Float64Array(count);
  rows?.b.forEach((b, k) => {
    const i = Math.floor((b * unit) / bucket) - first;
    if (i < 0 || i >= count) return;
    const weight = rows.s?.[k] ?? 60;
    weighted[i] += rows.u[k] * weight;
    seconds[i] += weight;
  });
  return { weighted, seconds };
}

export async function jobSeries(jobId: number, range: Range, now: Date): Promise<JobSeries> {
  // The hourly rollup is read whatever the resolution (it fills aged-out minutes), so alongside the sizing read.
  const [{ gpus, gpuSeconds }, coarse] = await Promise.all([
    heldGpus(jobId, range),
    hourlyRows(jobId, range, hourStart(now)),
  ]);
  const natural = bucketSeconds(range);
  const minute = natural < 3600 && gpuSeconds / 60 <= MINUTE_SAMPLE_BUDGET;
  const bucket = minute ? natural : Math.max(3600, natural);
  const fine = minute ? await minuteRows(jobId, range) : [];

  const bucketMs = bucket * 1000;
  const first = Math.floor(range.from.getTime() / bucketMs);
  const count = Math.floor((range.to.getTime() - 1) / bucketMs) - first + 1;
  const t = Array.from({ length: count }, (_, i) => (first + i) * bucketMs);
  const fineBy = new Map(fine.map((rows) => [rows.gpu_id, rows]));
  const coarseBy = new Map(coarse.map((rows) => [rows.gpu_id, rows]));
  // Minute samples age out before hourly rollups do: hours wholly before the oldest minute sample fall back
  // to their hourly mean, so a 24 h chart of a job whose older minutes are gone is not half empty.
  let oldest = Infinity;
  for (const rows of fine) for (const b of rows.b) oldest = Math.min(oldest, b * MINUTE_MS);
  const fallbackUntil = !minute
    ? -Infinity
    : Number.isFinite(oldest)
      ? hourStart(new Date(oldest)).getTime()
      : Infinity;
  let hourlyFallback = false;

  const values = gpus.map((gpu) => {
    const own = minute
      ? bucketize(fineBy.get(gpu.gpuId), 60, first, bucket, count)
      : bucketize(coarseBy.get(gpu.gpuId), 3600, first, bucket, count);
    const row = Array.from(own.weighted, (w, i) => (own.seconds[i] > 0 ? round1(w / own.seconds[i]) : null));
    const hourly = coarseBy.get(gpu.gpuId);
    if (minute && hourly) {
      const byHour = new Map(hourly.b.map((b, k) => [b, hourly.u[k]]));
      for (let i = 0; i < count && t[i] < fallbackUntil; i++) {
        const mean = row[i] === null ? byHour.get(Math.floor(t[i] / HOUR_MS)) : undefined;
        if (mean !== undefined) {
          row[i] = round1(mean);
          hourlyFallback = true;
        }
      }
    }
    return row;
  });

  return {
    bucketSeconds: bucket,
    resolution: minute ? 'minute' : 'hourly',
    hourlyFallback,
    t,
    ...bandOf(values, count),
    gpus: gpus.length <= MAX_GPU_LINES ? gpus.map((gpu, k) => ({ ...gpu, values: values[k] })) : null,
    nodes: nodesOf(gpus, values, count),
  };
}
