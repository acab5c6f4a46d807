// The SLO pages: the list of every SLO and one SLO's history, each with the data's freshness. The route handlers
// under app/api/slos call the same functions the pages render first.
import 'server-only';
import type { ParsedTimeRange } from '@/lib/time-range';
import { withDeadline } from '../deadline';
import { freshnessOf } from '../freshness';
import { readSettings } from '@/lib/settings/org';
import { burnRateSeries, sloHistory } from './detail';
import { sloSummaries } from './list';
import type { SloDetailView, SloListView } from './types';

export type * from './types';

export async function getSlos(now: Date = new Date()): Promise<SloListView> {
  const [slos, freshness, { timeZone }] = await withDeadline(
    Promise.all([sloSummaries(), freshnessOf(now), readSettings()]),
  );
  return { generatedAt: now.toISOString(), timeZone, slos, freshness };
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
    Promise.all([sloHistory(id, range), burnRateSeries(id, range), freshnessOf(now), readSettings()]),
  );
  return { generatedAt: now.toISOString(), timeZone, slo, history, burn, freshness };
}
