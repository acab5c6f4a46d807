// Spend so far today and this week, in the organisation's time zone.
import 'server-only';
import { roundCents } from '@/lib/domain/cost';
import { MINUTE_MS, wallClock, weekRange, zonedTimeToInstant } from '@/lib/domain/time';
import type { ClusterScope } from '@/lib/clusters/scope';
import { spendBetween, type SpendSums } from './spend-between';
import type { Spend, SpendWindow } from './types';

/** Spend so far today and this week (Monday 00:00 on), in the organisation's time zone; rounded to cents last. */
export async function spendSoFar(now: Date, timeZone: string, currency: string, scope?: ClusterScope): Promise<Spend> {
  const wall = wallClock(now, timeZone);
  const dayStart = zonedTimeToInstant(timeZone, wall.year, wall.month, wall.day);
  const weekStart = weekRange(now, timeZone).from;
  const none: SpendSums = { cost: 0, gpuHours: 0, unpricedGpuHours: 0 };
  const [today, earlierThisWeek] = await Promise.all([
    spendBetween(dayStart, now, scope),
    weekStart < dayStart ? closedDaysSpend(weekStart, dayStart, scope) : Promise.resolve(none),
  ]);
  const window = (from: Date, sums: SpendSums): SpendWindow => ({
    from: from.toISOString(),
    to: now.toISOString(),
    amount: roundCents(sums.cost),
    gpuHours: sums.gpuHours,
    unpricedGpuHours: sums.unpricedGpuHours,
  });
  return {
    currency,
    today: window(dayStart, today),
    week: window(weekStart, {
      cost: earlierThisWeek.cost + today.cost,
      gpuHours: earlierThisWeek.gpuHours + today.gpuHours,
      unpricedGpuHours: earlierThisWeek.unpricedGpuHours + today.unpricedGpuHours,
    }),
  };
}

// The days of this week before today are closed: their spend changes only with late data or a rate card
// edit, yet by Sunday they hold six days of allocations. Kept per process for a few minutes and refreshed
// in the background (stale while revalidating), so the page pays only for today's intervals.
const CLOSED_DAYS_TTL_MS = 5 * MINUTE_MS;
const closedDays = new Map<string, { at: number; value: Promise<SpendSums>; refreshing: boolean }>();

function closedDaysSpend(from: Date, to: Date, scope?: ClusterScope): Promise<SpendSums> {
  const key = `${scope?.cluster ?? '*'}/${from.toISOString()}/${to.toISOString()}`;
  const hit = closedDays.get(key);
  if (hit && !hit.refreshing && Date.now() - hit.at > CLOSED_DAYS_TTL_MS) {
    hit.refreshing = true;
    spendBetween(from, to, scope).then(
      (sums) => closedDays.set(key, { at: Date.now(), value: Promise.resolve(sums), refreshing: false }),
      () => (hit.refreshing = false),
    );
  }
  if (hit) return hit.value;
  // A new day or week: the old entries are never asked for again.
  for (const [old] of closedDays)
    if (!old.endsWith(`/${from.toISOString()}/${to.toISOString()}`)) closedDays.delete(old);
  const value = spendBetween(from, to, scope);
  closedDays.set(key, { at: Date.now(), value, refreshing: false });
  value.catch(() => closedDays.delete(key));
  return value;
}
