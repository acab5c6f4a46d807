// How the SLO pages write their figures: the SLI truncated (never rounded up to look met), budgets in the SLO's
// own units, and the alert table's windows.
import { formatCount, formatPercent } from '@/lib/domain/units';
import type { SloSummary } from '@/lib/queries/slos/types';

export { formatBurnRate, windowLabel, SLO_KIND_LABELS } from '@/lib/domain/slo';

export const formatSli = (sli: number) => formatPercent(sli, { digits: 3, truncate: true });
export const formatTarget = (target: number) => formatPercent(target, { digits: 2 });

/** "31.20 of 43.20 min" or "500 of 2,000 requests" left; once overspent, by how much. Null when unknown. */
export function formatBudgetLeft(budget: SloSummary['budgetLeft']): string | null {
  if (!budget) return null;
  const amount = (value: number) =>
    budget.unit === 'minutes' ? `${value.toFixed(2)} min` : `${formatCount(Math.round(value))} requests`;
  if (budget.left < 0) return `${amount(-budget.left)} over a budget of ${amount(budget.budget)}`;
  return `${amount(budget.left)} of ${amount(budget.budget)} left`;
}

/** The share of the budget left, or how far it is overspent. */
export function formatBudgetShare(remaining: number): string {
  return remaining < 0
    ? `overspent by ${formatPercent(-remaining, { digits: 1 })}`
    : `${formatPercent(remaining, { digits: 1, truncate: true })} left`;
}

export function budgetTone(remaining: number): 'ok' | 'warn' | 'bad' {
  return remaining <= 0 ? 'bad' : remaining < 0.25 ? 'warn' : 'ok';
}

/** The target as the form's percentage field shows it: 0.999 -> "99.9". */
export const targetAsPercentText = (target: number) => String(Number((target * 100).toPrecision(12)));
