// The fleet chart on its own, as the overview draws it: one point per bucket of the range. The rollup changes only
// when a collector writes minutes, so each process keeps the charts it computed (a few, least recently used go first)
// beside the rollup's write versions it read before computing them (pool_minute_version, kept by triggers); a request
// reads the versions and, while they are unchanged, sends the kept answer. Keyed by the data, not the clock: a late
// minute of any cluster changes the versions, and several web processes each keep their own.
import 'server-only';
import { LRUCache } from 'lru-cache';
import { db } from '@/lib/db';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import { MINUTE_MS } from '@/lib/domain/time';
import { bucketSeconds } from '@/lib/time-range';
import { withDeadline } from '../deadline';
import { fleetSeries } from '../overview/series';
import type { SeriesPoint } from '../overview/types';

export interface FleetSeries {
  range: { from: string; to: string; bucketSeconds: number };
  points: readonly SeriesPoint[];
}

interface Kept {
  versions: string;
  points: readonly SeriesPoint[];
  pointsJson: string;
}

/** 32 charts of at most 720 points (90 days in 3-hour buckets): a few MB at most. */
const kept = new LRUCache<string, Kept>({ max: 32 });

/** Every pool's latest write version, as one string: any committed write to pool_minute changes it. */
async function rollupVersions(): Promise<string> {
  const [row] = await db.$queryRaw<{ versions: string | null }[]>`
    SELECT string_agg(pool_id::text || ':' || version::text, ',' ORDER BY pool_id) AS versions FROM pool_minute_version`;
  return row?.versions ?? '';
}

const ceilToMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;

/**
 * The points of [from, to) in `bucket`-second buckets. The rollup holds whole minutes, so the range reads the same
 * minutes with both ends moved up to a whole minute, and charts asked a few seconds apart share one computation. The
 * first bucket is the caller's: where moving `from` up crosses into the next bucket, the caller's first bucket holds
 * no whole minute of the range and is unknown (null). Every role the route admits sees the same fleet, so the key is
 * the cluster, the bucket and the minutes, and the versions say whether the kept answer is current.
 */
async function points(range: { from: Date; to: Date }, bucket: number, scope: ClusterScope): Promise<Kept> {
  const step = bucket * 1000;
  const first = Math.floor(range.from.getTime() / step) * step;
  const from = ceilToMinute(range.from.getTime());
  const to = ceilToMinute(range.to.getTime());
  const key = `${scope.cluster ?? ''}\n${bucket}\n${first}\n${from}\n${to}`;
  const versions = await rollupVersions();
  const hit = kept.get(key);
  if (hit?.versions === versions) return hit;
  const computed = await fleetSeries({ from: new Date(from), to: new Date(to) }, bucket, scope);
  if (first < Math.floor(from / step) * step) {
    computed.unshift({ t: first, allocation: null, utilization: null, healthy: null });
  }
  const entry = { versions, points: Object.freeze(computed.map((p) => Object.freeze(p))), pointsJson: '' };
  entry.pointsJson = JSON.stringify(entry.points);
  kept.set(key, entry);
  return entry;
}

const rangeOf = (range: { from: Date; to: Date }, bucket: number): FleetSeries['range'] => ({
  from: range.from.toISOString(),
  to: range.to.toISOString(),
  bucketSeconds: bucket,
});

export async function getFleetSeries(
  range: { from: Date; to: Date },
  scope: ClusterScope = ALL_CLUSTERS,
): Promise<FleetSeries> {
  const bucket = bucketSeconds(range);
  const { points: kept } = await withDeadline(points(range, bucket, scope));
  return { range: rangeOf(range, bucket), points: kept };
}

/** The same answer as JSON text, the kept points spliced in unserialized again: what the route sends. */
export async function fleetSeriesJson(
  range: { from: Date; to: Date },
  scope: ClusterScope = ALL_CLUSTERS,
): Promise<string> {
  const bucket = bucketSeconds(range);
  const { pointsJson } = await withDeadline(points(range, bucket, scope));
  return `{"range":${JSON.stringify(rangeOf(range, bucket))},"points":${pointsJson}}`;
}
