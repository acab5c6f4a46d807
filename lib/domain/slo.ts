// Availability SLOs (DOMAIN.md "Availability SLOs"): SLIs, error budgets, burn rates and the multiwindow,
// multi-burn-rate alerts of the Google SRE Workbook, ch. 5. Ratios are 0..1; an SLI over no events is null.
import type { IncidentSeverity, SloKind } from './enums';
import { MINUTE_MS } from './time';
import { formatCoverage, formatDuration, formatPercent } from './units';

/** DOMAIN.md's default targets; the window is 30 days for each. */
export const DEFAULT_SLO_TARGETS: Readonly<Record<SloKind, number>> = {
  gpu_availability: 0.999,
  job_goodput: 0.99,
  inference_availability: 0.999,
};
export const DEFAULT_SLO_WINDOW_DAYS = 30;
/** An SLO's window may span 1 to 90 days (the longest the console keeps minute rollups for SLOs). */
export const SLO_WINDOW_DAYS_MIN = 1;
export const SLO_WINDOW_DAYS_MAX = 90;

export const SLO_KIND_LABELS: Readonly<Record<SloKind, string>> = {
  gpu_availability: 'GPU availability',
  job_goodput: 'Job goodput',
  inference_availability: 'Inference availability',
};

/** A window as the alert table writes it: 5 -> "5 m", 60 -> "1 h", 4320 -> "3 d". */
export function windowLabel(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} m`;
}

/** What an SLO is, wherever it is shown or evaluated. */
export interface SloDefinition {
  id: number;
  name: string;
  kind: SloKind;
  target: number;
  windowDays: number;
  /** The cluster whose figures it reads; null for the whole organisation. */
  cluster: string | null;
}

/** An SLO's definition from its row (the slo table, with its cluster's name). */
export const sloDefinitionOf = (row: Omit<SloDefinition, 'windowDays'> & { window_days: number }): SloDefinition => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  target: row.target,
  windowDays: row.window_days,
  cluster: row.cluster,
});

export interface BurnRateAlertRule {
  severity: IncidentSeverity;
  longWindowMinutes: number;
  shortWindowMinutes: number;
  /** Both windows' burn rates must exceed this (strictly). */
  burnRate: number;
  /** Share of a 30-day budget spent when the long window burns at this rate. */
  budgetSpent: number;
}

/** DOMAIN.md's table (SRE Workbook ch. 5), for a 30-day window. */
export const BURN_RATE_ALERTS: readonly BurnRateAlertRule[] = [
  { severity: 'page', longWindowMinutes: 60, shortWindowMinutes: 5, burnRate: 14.4, budgetSpent: 0.02 },
  { severity: 'page', longWindowMinutes: 360, shortWindowMinutes: 30, burnRate: 6, budgetSpent: 0.05 },
  { severity: 'ticket', longWindowMinutes: 3 * 1440, shortWindowMinutes: 360, burnRate: 1, budgetSpent: 0.1 },
];

/** Every window the table reads, in minutes: the error ratios a caller must measure. */
export const BURN_RATE_WINDOWS_MINUTES: readonly number[] = [
  ...new Set(BURN_RATE_ALERTS.flatMap((rule) => [rule.shortWindowMinutes, rule.longWindowMinutes])),
].sort((a, b) => a - b);

/** An SLI as good / total events (minutes or requests); null with no events. */
export function sliRatio(good: number, total: number): number | null {
  return total > 0 ? good / total : null;
}

/** GPU availability = healthy GPU-minutes / provisioned GPU-minutes. */
export function gpuAvailabilitySli(healthyGpuMinutes: number, provisionedGpuMinutes: number): number | null {
  return sliRatio(healthyGpuMinutes, provisionedGpuMinutes);
}

/** Job goodput = productive GPU-minutes / allocated GPU-minutes (productive: not failed, stalled,
 * recovering, or redoing lost work). */
export function jobGoodputSli(productiveGpuMinutes: number, allocatedGpuMinutes: number): number | null {
  return sliRatio(productiveGpuMinutes, allocatedGpuMinutes);
}

/** A recovered interruption of a job, as the recovery table holds it. */
export interface RecoveredInterruption {
  gpus: number;
  faultAt: Date;
  recoveredAt: Date;
  /** GPUs x (time since the last checkpoint + time to recover), DOMAIN.md's lost work. */
  lostGpuHours: number;
}

/**
 * GPU-minutes in [from, to) a job spends redoing lost work after a recovery. Of its lost work, the part after
 * the fault (GPUs x time to recover) was spent failed or recovering, which the per-minute health count already
 * holds as unproductive, so only GPUs x time since the last checkpoint is redone: from the moment the job runs
 * again, on all its GPUs, for as long as that work took the first time.
 */
export function redoneGpuMinutes(interruption: RecoveredInterruption, from: Date, to: Date): number {
  const { gpus, faultAt, recoveredAt, lostGpuHours } = interruption;
  if (gpus <= 0) return 0;
  const recoveryGpuMinutes = (gpus * Math.max(0, recoveredAt.getTime() - faultAt.getTime())) / MINUTE_MS;
  const redone = lostGpuHours * 60 - recoveryGpuMinutes;
  if (redone <= 0) return 0;
  const start = recoveredAt.getTime();
  const end = start + (redone / gpus) * MINUTE_MS;
  const overlapMs = Math.max(0, Math.min(end, to.getTime()) - Math.max(start, from.getTime()));
  return (gpus * overlapMs) / MINUTE_MS;
}

/**
 * Job goodput's good and total events over a window: GPU-minutes held by jobs, and of those the productive ones
 * (counted each minute by job health) less the GPU-minutes spent redoing lost work, never below zero.
 */
export function goodputEvents(input: {
  jobGpuMinutes: number;
  productiveGpuMinutes: number;
  redoneGpuMinutes: number;
}): {
  good: number;
  total: number;
} {
  const productive = Math.min(input.productiveGpuMinutes, input.jobGpuMinutes);
  return { good: Math.max(0, productive - input.redoneGpuMinutes), total: input.jobGpuMinutes };
}

/** Inference availability = good requests / all requests. */
export function inferenceAvailabilitySli(goodRequests: number, allRequests: number): number | null {
  return sliRatio(goodRequests, allRequests);
}

/** The error ratio of a window: bad / total = 1 - SLI; null with no events. */
export function errorRatio(good: number, total: number): number | null {
  return total > 0 ? (total - good) / total : null;
}

/** 1 - target, without the binary noise of the subtraction (1 - 0.999 = 0.001, not 0.0010000000000000009). */
export function allowedErrorRatio(target: number): number {
  return Number((1 - target).toPrecision(12));
}

/** Error budget = (1 - target) x window, in the window's unit (minutes, GPU-minutes, requests). */
export function errorBudget(target: number, window: number): number {
  return allowedErrorRatio(target) * window;
}

/** Error budget in minutes of a window of days: 99.9% over 30 days = 43.2 minutes. */
export function errorBudgetMinutes(target: number, windowDays = DEFAULT_SLO_WINDOW_DAYS): number {
  return errorBudget(target, windowDays * 1440);
}

/**
 * The share of the error budget left, given the SLI over the whole SLO window: 1 - (1 - SLI) / (1 - target).
 * 1 is untouched, 0 spent, below 0 overspent; null with no SLI.
 */
export function budgetRemaining(target: number, sli: number | null): number | null {
  if (sli === null) return null;
  return 1 - (1 - sli) / allowedErrorRatio(target);
}

/**
 * The error budget left in the SLO's own units, from the share left: for GPU-minutes as minutes of a whole-fleet
 * outage (43.2 min at 99.9% over 30 d), for requests as bad requests still allowed among those counted so far.
 */
export function budgetLeftInUnits(
  kind: SloKind,
  target: number,
  windowDays: number,
  remaining: number,
  totalEvents: number | null,
): { unit: 'minutes' | 'requests'; left: number; budget: number } | null {
  if (kind === 'inference_availability') {
    if (totalEvents === null) return null;
    const budget = errorBudget(target, totalEvents);
    return { unit: 'requests', left: remaining * budget, budget };
  }
  const budget = errorBudgetMinutes(target, windowDays);
  return { unit: 'minutes', left: remaining * budget, budget };
}

/**
 * DOMAIN.md "Coverage": the least share of its window an SLO must have measured before its SLI and budget are
 * figures: 1%, and never less than the budget's own share of the window (1 - target), below which even every
 * measured minute bad could not spend it. 99% or 99.9% over 30 days: 1% = 7 h 12 min; 95%: 5% = 1 d 12 h.
 */
export function minimumSloCoverage(target: number): number {
  return Math.max(0.01, allowedErrorRatio(target));
}

/**
 * Why an SLO measured over `coverage` of its window (0..1; null where coverage does not apply) reads as not
 * measured yet, or null when enough of the window was.
 */
export function tooLittleMeasured(target: number, windowDays: number, coverage: number | null): string | null {
  if (coverage === null) return null;
  const needed = minimumSloCoverage(target);
  if (coverage >= needed) return null;
  const neededTime = formatDuration(Math.round(needed * windowDays * 86_400) * 1000);
  return (
    `So far ${formatCoverage(Math.max(0, coverage))}: its SLI and error budget are shown once ` +
    `${formatPercent(needed, { digits: Number.isInteger(Math.round(needed * 1e6) / 1e4) ? 0 : 1 })} of its ${windowDays}-day window (${neededTime}) is.`
  );
}

/** Burn rate = error rate / (1 - target): 1 spends the budget exactly over the window. */
export function burnRate(errorRate: number, target: number): number {
  return errorRate / allowedErrorRatio(target);
}

/** The share of a budget a burn rate spends in `minutes` of a window of `windowDays`: 14.4 for 1 h of 30 d = 2%. */
export function budgetSpent(rate: number, minutes: number, windowDays = DEFAULT_SLO_WINDOW_DAYS): number {
  return (rate * minutes) / (windowDays * 1440);
}

/** A burn rate as the console writes it: 14.4 -> "14.4x". */
export function formatBurnRate(rate: number | null): string {
  return rate === null || !Number.isFinite(rate) ? '—' : `${Math.max(0, rate).toFixed(1)}x`;
}

// Strictly above, with room for binary noise: a ratio of exactly 1.44% at 99.9% is 14.4, not above it.
function exceeds(rate: number | null, threshold: number): boolean {
  return rate !== null && rate - threshold > threshold * 1e-9;
}

export interface BurnRateAlertState {
  rule: BurnRateAlertRule;
  longBurnRate: number | null;
  shortBurnRate: number | null;
  /** The share of the long window that was measured (0..1); 1 where the whole window was. */
  longCoverage: number;
  firing: boolean;
}

export interface BurnRateEvaluation {
  alerts: BurnRateAlertState[];
  /** The most severe firing alert's severity, null when none fires. */
  severity: IncidentSeverity | null;
}

/**
 * Multiwindow, multi-burn-rate alerts (DOMAIN.md's table): a rule fires when both its long and its short
 * window burn faster than its rate, so it starts only when the long window has spent enough budget and
 * ends as soon as the short window recovers. `errorRatios` maps a window in minutes to its error ratio
 * (null or absent: no data, which never fires). Stateless: evaluate again each minute.
 *
 * `coverage` maps a window to the share of it that was measured (absent: all of it). The long window is what
 * proves the budget spent, so it must be spent by the minutes measured: its rate, scaled by its coverage, must
 * exceed the rule's. Five measured minutes of a fresh start at 16x are 1.3x of an hour, not 16x: no page.
 */
export function evaluateBurnRateAlerts(
  target: number,
  errorRatios: Readonly<Record<number, number | null | undefined>>,
  coverage: Readonly<Record<number, number | null | undefined>> = {},
  rules: readonly BurnRateAlertRule[] = BURN_RATE_ALERTS,
): BurnRateEvaluation {
  const rateOf = (minutes: number): number | null => {
    const ratio = errorRatios[minutes];
    return ratio === null || ratio === undefined ? null : burnRate(ratio, target);
  };
  const alerts = rules.map((rule) => {
    const longBurnRate = rateOf(rule.longWindowMinutes);
    const shortBurnRate = rateOf(rule.shortWindowMinutes);
    const longCoverage = Math.min(1, Math.max(0, coverage[rule.longWindowMinutes] ?? 1));
    return {
      rule,
      longBurnRate,
      shortBurnRate,
      longCoverage,
      firing:
        exceeds(longBurnRate === null ? null : longBurnRate * longCoverage, rule.burnRate) &&
        exceeds(shortBurnRate, rule.burnRate),
    };
  });
  const firing = alerts.filter((alert) => alert.firing);
  const severity = firing.some((alert) => alert.rule.severity === 'page')
    ? 'page'
    : firing.length > 0
      ? 'ticket'
      : null;
  return { alerts, severity };
}
