// The answers of one read, vector or matrix, as a table: for each evaluation time, each GPU's identity and the
// value of each metric (NaN where a GPU has no value). Pure: no I/O.
import type { Labels, Point, QueryResult } from './api';
import { identityOf, uuidOf, type GpuIdentity } from './labels';
import type { MetricKey } from './queries';

export interface ReadingTable {
  /** Evaluation times (epoch ms), ascending, evenly spaced. */
  times: number[];
  /** Per GPU (by UUID): its identity at each time, from the utilization series; undefined where it did not report. */
  identity: Map<string, (GpuIdentity | undefined)[]>;
  values: Record<MetricKey, Map<string, Float64Array>>;
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

function readIdentities(times: number[], result: QueryResult, values: Map<string, Float64Array>) {
  const identity = new Map<string, (GpuIdentity | undefined)[]>();
  const indexOf = timeIndex(times);
  for (const [labels, points] of seriesOf(result)) {
    const id = identityOf(labels);
    if (!id) continue;
    let ids = identity.get(id.uuid);
    let row = values.get(id.uuid);
    if (!ids || !row) {
      identity.set(id.uuid, (ids = new Array(times.length)));
      values.set(id.uuid, (row = new Float64Array(times.length).fill(NaN)));
    }
    for (const [t, text] of points) {
      const i = indexOf(t);
      const value = Number(text);
      if (i < 0 || !Number.isFinite(value)) continue;
      // A GPU handed from one pod (or HPC job) to another within the window reports under both; the holder wins.
      const seen = ids[i];
      if (seen && (held(seen) || !held(id))) continue;
      ids[i] = id;
      row[i] = value;
    }
  }
  return identity;
}

function readValues(times: number[], result: QueryResult): Map<string, Float64Array> {
  const values = new Map<string, Float64Array>();
  const indexOf = timeIndex(times);
  for (const [labels, points] of seriesOf(result)) {
    const uuid = uuidOf(labels);
    if (!uuid) continue;
    let row = values.get(uuid);
    if (!row) values.set(uuid, (row = new Float64Array(times.length).fill(NaN)));
    for (const [t, text] of points) {
      const i = indexOf(t);
      const value = Number(text);
      if (i >= 0 && Number.isFinite(value) && !(row[i] >= value)) row[i] = value;
    }
  }
  return values;
}

export function buildTable(times: number[], results: Results): ReadingTable {
  const util = new Map<string, Float64Array>();
  const identity = readIdentities(times, results.util, util);
  const values = { util } as Record<MetricKey, Map<string, Float64Array>>;
  for (const key of Object.keys(results) as MetricKey[]) {
    if (key !== 'util') values[key] = readValues(times, results[key]);
  }
  return { times, identity, values };
}

/** The value of a metric for a GPU at time i, NaN when it has none. */
export const valueAt = (table: ReadingTable, key: MetricKey, uuid: string, i: number): number =>
  table.values[key].get(uuid)?.[i] ?? NaN;

/** The last time at which any GPU reported, or -1. */
export function lastIndexWithData(table: ReadingTable): number {
  let last = -1;
  for (const row of table.values.util.values()) {
    for (let i = row.length - 1; i > last; i--) {
      if (Number.isFinite(row[i])) {
        last = i;
        break;
      }
    }
  }
  return last;
}
