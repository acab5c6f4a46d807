// One SLO's history from its snapshots over the range asked for: the SLI and the budget left (each measured over
// the SLO's window), and the burn rate of every window of the alert table. Snapshots are one a minute; buckets keep charts light.
import 'server-only';
import { db } from '@/lib/db';
import { BURN_RATE_WINDOWS_MINUTES } from '@/lib/domain/slo';
import { bucketSeconds, type ParsedTimeRange } from '@/lib/time-range';
import type { SloDetailView } from './types';

/** Epoch-aligned buckets from `from` to `to`, so that a refresh does not shift them. */
function buckets(from: Date, to: Date, seconds: number): number[] {
  const step = seconds * 1000;
  const t: number[] = [];
  for (let at = Math.floor(from.getTime() / step) * step; at < to.getTime(); at += step) t.push(at);
  return t;
}

/**
 * The SLI and the budget left as of each bucket's last snapshot over the range, as the burn rates below it; a
 * snapshot measured over less than `minCoverage` of its window is no figure (DOMAIN.md "Coverage").
 */
export async function sloHistory(
  sloId: number,
  range: { from: Date; to: Date },
  minCoverage: number,
): Promise<SloDetailView['history']> {
  const { from, to } = range;
  const bucket = bucketSeconds(range);
  const rows = await db.$queryRaw<{ t: Date; sli: number; budget: number }[]>`
    SELECT date_bin(make_interval(secs => ${bucket}::float8), at, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
           (array_agg(sli ORDER BY at DESC))[1] AS sli, (array_agg(budget_remaining ORDER BY at DESC))[1] AS budget
    FROM slo_snapshot
    WHERE slo_id = ${sloId} AND at >= ${from}::timestamptz AND at < ${to}::timestamptz
      AND (coverage IS NULL OR coverage >= ${minCoverage}::float8)
    GROUP BY 1 ORDER BY 1`;
  const byBucket = new Map(rows.map((row) => [row.t.getTime(), row]));
  const t = buckets(from, to, bucket);
  return {
    from: from.getTime(),
    to: to.getTime(),
    bucketSeconds: bucket,
    t,
    sli: t.map((at) => byBucket.get(at)?.sli ?? null),
    budget: t.map((at) => byBucket.get(at)?.budget ?? null),
  };
}

/** Each window's burn rate over `range`, the highest in each bucket: a spike that fired an alert stays visible. */
export async function burnRateSeries(
  sloId: number,
  range: Pick<ParsedTimeRange, 'from' | 'to' | 'preset'>,
): Promise<SloDetailView['burn']> {
  const bucket = bucketSeconds(range);
  const rows = await db.$queryRaw<{ t: Date; rates: Record<string, number | null> }[]>`
    SELECT t, jsonb_object_agg(minutes, rate) AS rates
    FROM (
      SELECT date_bin(make_interval(secs => ${bucket}::float8), at, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
             key AS minutes, max((value #>> '{}')::float8) AS rate
      FROM slo_snapshot, jsonb_each(burn_rates)
      WHERE slo_id = ${sloId} AND at >= ${range.from}::timestamptz AND at < ${range.to}::timestamptz
      GROUP BY 1, 2
    ) w
    GROUP BY t ORDER BY t`;
  const byBucket = new Map(rows.map((row) => [row.t.getTime(), row.rates]));
  const t = buckets(range.from, range.to, bucket);
  return {
    range: {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      preset: range.preset,
      bucketSeconds: bucket,
    },
    t,
    byWindow: Object.fromEntries(
      BURN_RATE_WINDOWS_MINUTES.map((minutes) => [
        String(minutes),
        t.map((at) => byBucket.get(at)?.[String(minutes)] ?? null),
      ]),
    ),
  };
}
