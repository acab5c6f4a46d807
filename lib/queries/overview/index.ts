// The fleet overview: every figure of the landing page in one call, shaped for rendering (see ./types). Reads
// rollups only (pool_minute, pool_hour), never minute readings, so it stays fast on 8,192 GPUs; each piece is one module of
// one or two SQL statements, and they run in parallel.
import 'server-only';
import { bucketSeconds, type ParsedTimeRange, type RangePreset } from '@/lib/time-range';
import { withDeadline } from '../deadline';
import { fleetNow } from './fleet';
import { freshnessOf } from '../freshness';
import { incidentsOpenedIn, openIncidents } from './incidents';
import { jobsByHealth } from './jobs';
import { nodesByState } from './nodes';
import { fleetSeries } from './series';
import { readSettings } from '@/lib/settings/org';
import { sloStatus } from './slos';
import { spendSoFar } from './spend';
import type { ClusterScope } from '@/lib/clusters/scope';
import type { Overview } from './types';

export type * from './types';

export interface OverviewOptions {
  /** The instant "now" stands for (tests pin it); defaults to the clock. */
  now?: Date;
  /** One cluster, or every cluster (the default). */
  scope?: ClusterScope;
}

export async function getOverview(
  range: Pick<ParsedTimeRange, 'from' | 'to'> & { preset?: RangePreset | null },
  options: OverviewOptions = {},
): Promise<Overview> {
  const now = options.now ?? new Date();
  const { scope } = options;
  const bucket = bucketSeconds(range);
  const work = async () => {
    const settings = readSettings();
    const [fleet, series, nodes, jobs, incidents, incidentMarks, slos, freshness, spend, { timeZone }] =
      await Promise.all([
        fleetNow(scope),
        fleetSeries(range, bucket, scope),
        nodesByState(now, scope),
        jobsByHealth(range, scope),
        openIncidents(scope),
        incidentsOpenedIn(range, scope),
        sloStatus(scope),
        freshnessOf(now, scope),
        settings.then((s) => spendSoFar(now, s.timeZone, s.currency, scope)),
        settings,
      ]);
    return {
      generatedAt: now.toISOString(),
      range: {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        preset: range.preset ?? null,
        bucketSeconds: bucket,
      },
      timeZone,
      fleet,
      series,
      nodes,
      jobs,
      incidents,
      incidentMarks,
      spend,
      slos,
      freshness,
    } satisfies Overview;
  };
  return withDeadline(work());
}
