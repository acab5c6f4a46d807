// A budget's standing this month (DOMAIN.md Budgets), from its spend and forecast: pure, for pages and the worker.
import { roundCents, type CrossedThreshold } from './cost';
import { DAY_MS } from './time';

export type BudgetState = 'on_track' | 'watch' | 'at_risk' | 'over';

/**
 * over: spend has reached the budget; at_risk: the forecast reaches it; watch: spend has reached a lower
 * threshold; on_track otherwise. The budget itself decides over and at risk, whatever thresholds it alerts at:
 * one that alerts at 50% and 80% only is still over at 14,772%.
 */
export function budgetState(
  crossed: readonly CrossedThreshold[],
  figures: { amount: number; spend: number; forecast: number },
): BudgetState {
  if (figures.spend >= figures.amount || crossed.some((row) => row.threshold >= 100 && row.basis === 'spend'))
    return 'over';
  if (figures.forecast >= figures.amount || crossed.some((row) => row.threshold >= 100)) return 'at_risk';
  if (crossed.some((row) => row.basis === 'spend')) return 'watch';
  return 'on_track';
}

export interface BurnPoint {
  /** Local day, YYYY-MM-DD. */
  day: string;
  /** Spend from the month's start to the end of the day (to now for today); null for days to come. */
  spend: number | null;
  /** The forecast at the end of the day, from today on; null before. */
  forecast: number | null;
}

/**
 * The burn chart: cumulative spend per day up to today, then the forecast's straight line (spend so far +
 * run rate x days) to the month's end. `dayEnds` are the instants each day ends (the last is the month's end).
 */
export function burnSeries(input: {
  days: readonly string[];
  dayEnds: readonly Date[];
  dailySpend: ReadonlyMap<string, number>;
  now: Date;
  spendSoFar: number;
  runRatePerDay: number;
}): BurnPoint[] {
  let cumulative = 0;
  const points: BurnPoint[] = [];
  input.days.forEach((day, i) => {
    const started = i === 0 || input.dayEnds[i - 1].getTime() <= input.now.getTime();
    cumulative += input.dailySpend.get(day) ?? 0;
    const end = input.dayEnds[i].getTime();
    const isPast = end <= input.now.getTime();
    const isToday = started && !isPast;
    const ahead = Math.max(0, (end - input.now.getTime()) / DAY_MS);
    points.push({
      day,
      spend: isPast || isToday ? roundCents(cumulative) : null,
      forecast: isPast ? null : roundCents(input.spendSoFar + input.runRatePerDay * ahead),
    });
  });
  return points;
}

/** The days a run rate was read over, in words: "the last 7 days", or "the 2.0 days measured" on a fresh console. */
export function runRatePeriod(days: number): string {
  if (days >= 7 - 1e-6) return 'the last 7 days';
  if (days >= 1) return `the ${days.toFixed(1)} days measured`;
  const hours = Math.max(1, Math.round(days * 24));
  return `the ${hours} hour${hours === 1 ? '' : 's'} measured`;
}
