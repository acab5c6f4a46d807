// The SLO pages: the list of every SLO and one SLO's history, each with the data's freshness. The route handlers
// under app/api/slos call the same functions the pages render first.
import 'server-only';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import type { ParsedTimeRange } from '@/lib/time-range';
import { withDeadline } from '../deadline';
import { freshnessOf } from '../freshness';
import { readSettings } from '@/lib/settings/org';
import { minimumSloCoverage } from '@/lib/domain/slo';
import { burnRateSeries, sloHistory } from './detail';
import { sloSummaries } from './list';
import type { SloDetailView, SloListView } from './types';

export type * from './types';

/** Every SLO; scoped to a cluster, its SLOs and the organisation's. */
export async function getSlos(now: Date = new Date(), scope: ClusterScope = ALL_CLUSTERS): Promise<SloListView> {
  const [slos, freshness, { timeZone }] = await withDeadline(
    Promise.all([sloSummaries(undefined, scope), freshnessOf(now, scope), readSettings()]),
  );
  return { generatedAt: now.toISOString(), timeZone, cluster: scope.cluster, slos, freshness };
}

/** One SLO with its history, or null when there is no SLO of that id. */
export async function getSlo(
  id: number,
  range: Pick<ParsedTimeRange, 'from' | 'to' | 'preset'>,
  now: Date = new Date(),
): Promise<SloDetailView | null> {
  const [slo] = await withDeadline(sloSummaries(id));
  if (!slo) return null;
  const [history, burn, freshness, { timeZone }] = await withDeadline(
    Promise.all([
      sloHistory(id, range, minimumSloCoverage(slo.target)),
      burnRateSeries(id, range),
      freshnessOf(now),
      readSettings(),
    ]),
  );
  return { generatedAt: now.toISOString(), timeZone, slo, history, burn, freshness };
}
