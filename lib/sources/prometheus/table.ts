// The answers of one read, vector or matrix, as a table: for each GPU that reported and each evaluation time, its
// identity and the value of each metric (NaN where it has none). A row per GPU in one flat array per metric, so a
// read of a fleet allocates a few arrays rather than one per GPU and metric. Pure: no I/O.
import type { Labels, Point, QueryResult } from './api';
import { identityOf, uuidOf, type GpuIdentity } from './labels';
import type { MetricKey } from './queries';

export interface ReadingTable {
  /** Evaluation times (epoch ms), ascending, evenly spaced. */
  times: number[];
  /** The GPUs with a utilization series, by UUID: each one's row. Its time i is at row * times.length + i. */
  rows: Map<string, number>;
  /** Per GPU and time: its identity, from the utilization series; undefined where it did not report. */
  identity: (GpuIdentity | undefined)[];
  /** Per metric, per GPU and time: its value, NaN where it has none. */
  values: Record<MetricKey, Float64Array>;
}

type Results = Record<MetricKey, QueryResult>;

/** The series of a result with their points: a vector's one point, a matrix's list. */
function* seriesOf(result: QueryResult): Generator<[Labels, Point[]]> {
  if (result.resultType === 'vector') {
    for (const sample of result.result) if (sample?.metric && sample.value) yield [sample.metric, [sample.value]];
  } else {
    for (const series of result.result) if (series?.metric && series.values) yield [series.metric, series.values];
  }
}

function timeIndex(times: number[]) {
  const first = times[0];
  const step = times.length > 1 ? times[1] - first : 1;
  return (unixSeconds: number) => {
    const i = Math.round((unixSeconds * 1000 - first) / step);
    return i >= 0 && i < times.length && Math.abs(unixSeconds * 1000 - times[i]) < 1000 ? i : -1;
  };
}

const held = (id: GpuIdentity) => id.jobExternalId !== null || id.hpcJob !== null;

function readIdentities(times: number[], result: QueryResult) {
  const series: [GpuIdentity, Point[]][] = [];
  const rows = new Map<string, number>();
  for (const [labels, points] of seriesOf(result)) {
    const id = identityOf(labels);
    if (!id) continue;
    series.push([id, points]);
    if (!rows.has(id.uuid)) rows.set(id.uuid, rows.size);
  }
  const width = times.length;
  const identity = new Array<GpuIdentity | undefined>(rows.size * width);
  const util = new Float64Array(rows.size * width).fill(NaN);
  const indexOf = timeIndex(times);
  for (const [id, points] of series) {
    const row = rows.get(id.uuid)! * width;
    for (const [t, text] of points) {
      const i = indexOf(t);
      const value = Number(text);
      if (i < 0 || !Number.isFinite(value)) continue;
      // A GPU handed from one pod (or HPC job) to another within the window reports under both; the holder wins.
      const seen = identity[row + i];
      if (seen && (held(seen) || !held(id))) continue;
      identity[row + i] = id;
      util[row + i] = value;
    }
  }
  return { rows, identity, util };
}

/** A metric's values for the GPUs of `rows` (a GPU reporting under several series: the highest). */
function readValues(times: number[], rows: Map<string, number>, result: QueryResult): Float64Array {
  const width = times.length;
  const values = new Float64Array(rows.size * width).fill(NaN);
  const indexOf = timeIndex(times);
  for (const [labels, points] of seriesOf(result)) {
    const uuid = uuidOf(labels);
    const row = uuid === undefined ? undefined : rows.get(uuid);
    if (row === undefined) continue;
    for (const [t, text] of points) {
      const i = indexOf(t);
      const value = Number(text);
      const at = row * width + i;
      if (i >= 0 && Number.isFinite(value) && !(values[at] >= value)) values[at] = value;
    }
  }
  return values;
}

export function buildTable(times: number[], results: Results): ReadingTable {
  const { rows, identity, util } = readIdentities(times, results.util);
  const values = { util } as Record<MetricKey, Float64Array>;
  for (const key of Object.keys(results) as MetricKey[]) {
    if (key !== 'util') values[key] = readValues(times, rows, results[key]);
  }
  return { times, rows, identity, values };
}

/** The last time at which any GPU reported, or -1. */
export function lastIndexWithData(table: ReadingTable): number {
  const width = table.times.length;
  const util = table.values.util;
  let last = -1;
  for (let row = 0; row < table.rows.size; row++) {
    for (let i = width - 1; i > last; i--) {
      if (Number.isFinite(util[row * width + i])) {
        last = i;
        break;
      }
    }
  }
  return last;
}
