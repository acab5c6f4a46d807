// The /recovery page in one call: the summary, the chart's points and the newest recoveries with their timelines.
import 'server-only';
import { readSettings } from '@/lib/settings/org';
import type { ParsedTimeRange } from '@/lib/time-range';
import { recoveryPoints, recoverySummary } from './summary';
import { recentRecoveries } from './timeline';
import type { RecoveryView } from './types';

/** The table lists this many, newest first; the tiles and the chart count them all. */
export const RECENT_LIMIT = 50;

export async function getRecoveryView(
  range: Pick<ParsedTimeRange, 'from' | 'to' | 'preset'>,
  options: { now?: Date } = {},
): Promise<RecoveryView> {
  const now = options.now ?? new Date();
  const [summary, points, recent, settings] = await Promise.all([
    recoverySummary(range),
    recoveryPoints(range),
    recentRecoveries(range, RECENT_LIMIT),
    readSettings(),
  ]);
  return {
    generatedAt: now.toISOString(),
    range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset },
    timeZone: settings.timeZone,
    currency: settings.currency,
    summary,
    points,
    recent: recent.recoveries,
    total: recent.total,
  };
}
