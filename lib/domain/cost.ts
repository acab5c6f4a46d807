// Cost, idle cost, interruption cost and budget forecasts (DOMAIN.md "Cost" and "Automatic recovery").
//
// costOfIntervals and idleCost are the reference implementations: the console prices in SQL (lib/pricing/sql.ts),
// so that only sums leave the database, and the integration tests check that SQL against these functions.
//
// Money is carried as floating currency units (dollars, not cents) through every sum, and rounded to cents
// only at the end, when a figure is stored, compared with a budget or shown: roundCents() does it, half away
// from zero. Intermediate results are never rounded, so a total is the rounded sum of unrounded parts.
import type { BudgetBasis, PricingClass } from './enums';
import { DAY_MS, HOUR_MS, monthRange, type TimeRange } from './time';

export type JobKey = string | number;

/** One job holding `gpus` GPUs (default 1, as an allocation row does) of one pool from `from` to `to`. */
export interface CostInterval<K extends JobKey = JobKey> {
  jobId: K;
  gpuModel: string;
  pricingClass: PricingClass;
  from: Date;
  /** null while the job still holds the GPU: the interval runs to the end of the range. */
  to: Date | null;
  gpus?: number;
}

/** A rate card row: a price that holds from effectiveFrom (inclusive) to effectiveTo (exclusive, null = open). */
export interface Rate {
  gpuModel: string;
  pricingClass: PricingClass;
  pricePerGpuHour: number;
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

/** A piece of an interval inside the range at one price (null when no rate covers it). */
export interface CostLine<K extends JobKey = JobKey> {
  jobId: K;
  gpuModel: string;
  pricingClass: PricingClass;
  from: Date;
  to: Date;
  gpuHours: number;
  pricePerGpuHour: number | null;
  cost: number;
}

export interface CostSummary {
  cost: number;
  gpuHours: number;
}

export interface CostResult<K extends JobKey = JobKey> {
  lines: CostLine<K>[];
  total: number;
  gpuHours: number;
  /** GPU-hours no rate covered: priced at nothing, and shown so that a gap in the rate card is noticed. */
  unpricedGpuHours: number;
  byJob: Map<K, CostSummary>;
}

/** Rounds currency units to cents, half away from zero, reading the amount as the decimal it was meant to be
 * (1.005 -> 1.01, -2.675 -> -2.68), not as the binary fraction just under it. */
export function roundCents(amount: number): number {
  const cents = Number((Math.abs(amount) * 100).toPrecision(15));
  const rounded = Math.round(cents) / 100;
  return amount < 0 && rounded !== 0 ? -rounded : rounded;
}

/** The rate card's price for one GPU model and pricing class at an instant; the latest-starting row wins
 * where rows overlap. */
export function rateAt(rates: readonly Rate[], gpuModel: string, pricingClass: PricingClass, at: Date): Rate | null {
  const t = at.getTime();
  let found: Rate | null = null;
  for (const rate of rates) {
    if (rate.gpuModel !== gpuModel || rate.pricingClass !== pricingClass) continue;
    if (rate.effectiveFrom.getTime() > t) continue;
    if (rate.effectiveTo !== null && rate.effectiveTo.getTime() <= t) continue;
    if (!found || rate.effectiveFrom.getTime() > found.effectiveFrom.getTime()) found = rate;
  }
  return found;
}

function splitAtPriceChanges(rates: readonly Rate[], interval: CostInterval, from: number, to: number): number[] {
  const points = new Set<number>([from, to]);
  for (const rate of rates) {
    if (rate.gpuModel !== interval.gpuModel || rate.pricingClass !== interval.pricingClass) continue;
    for (const edge of [rate.effectiveFrom, rate.effectiveTo]) {
      if (edge && edge.getTime() > from && edge.getTime() < to) points.add(edge.getTime());
    }
  }
  return [...points].sort((a, b) => a - b);
}

/**
 * Cost of a job = sum over its allocation intervals of hours x the rate of that GPU (DOMAIN.md Cost).
 * Each interval is clipped to the range and split where the rate card's price changes; results unrounded.
 */
export function costOfIntervals<K extends JobKey>(
  intervals: readonly CostInterval<K>[],
  rates: readonly Rate[],
  range: TimeRange,
): CostResult<K> {
  const lines: CostLine<K>[] = [];
  const byJob = new Map<K, CostSummary>();
  let total = 0;
  let gpuHours = 0;
  let unpricedGpuHours = 0;
  for (const interval of intervals) {
    const from = Math.max(interval.from.getTime(), range.from.getTime());
    const to = Math.min(interval.to?.getTime() ?? Infinity, range.to.getTime());
    if (to <= from) continue;
    const points = splitAtPriceChanges(rates, interval, from, to);
    for (let i = 0; i + 1 < points.length; i += 1) {
      const start = new Date(points[i]);
      const hours = ((points[i + 1] - points[i]) / HOUR_MS) * (interval.gpus ?? 1);
      const price = rateAt(rates, interval.gpuModel, interval.pricingClass, start)?.pricePerGpuHour ?? null;
      const cost = price === null ? 0 : hours * price;
      lines.push({
        jobId: interval.jobId,
        gpuModel: interval.gpuModel,
        pricingClass: interval.pricingClass,
        from: start,
        to: new Date(points[i + 1]),
        gpuHours: hours,
        pricePerGpuHour: price,
        cost,
      });
      total += cost;
      gpuHours += hours;
      if (price === null) unpricedGpuHours += hours;
      const job = byJob.get(interval.jobId) ?? { cost: 0, gpuHours: 0 };
      byJob.set(interval.jobId, { cost: job.cost + cost, gpuHours: job.gpuHours + hours });
    }
  }
  return { lines, total, gpuHours, unpricedGpuHours, byJob };
}

/** Provisioned GPUs of one pool over time (a node's life in the pool: its GPU count, from, to). */
export interface CapacityInterval {
  gpuModel: string;
  pricingClass: PricingClass;
  gpus: number;
  from: Date;
  to: Date | null;
}

export interface PoolIdleCost {
  gpuModel: string;
  pricingClass: PricingClass;
  provisionedGpuHours: number;
  allocatedGpuHours: number;
  idleGpuHours: number;
  cost: number;
}

function poolKey(gpuModel: string, pricingClass: PricingClass): string {
  return `${gpuModel}\u0000${pricingClass}`;
}

/** The union of capacity intervals as sorted, disjoint [from, to) spans in epoch ms (open-ended: Infinity). */
function measuredSpans(capacity: readonly CapacityInterval[]): [number, number][] {
  const spans = capacity
    .map((row): [number, number] => [row.from.getTime(), row.to?.getTime() ?? Infinity])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** An allocation cut to the spans its pool's capacity was measured in. */
function withinMeasured<K extends JobKey>(row: CostInterval<K>, spans: [number, number][]): CostInterval<K>[] {
  const from = row.from.getTime();
  const to = row.to?.getTime() ?? Infinity;
  return spans.flatMap(([spanFrom, spanTo]) => {
    const start = Math.max(from, spanFrom);
    const end = Math.min(to, spanTo);
    return start < end ? [{ ...row, from: new Date(start), to: end === Infinity ? null : new Date(end) }] : [];
  });
}

/**
 * Idle cost = provisioned but unallocated GPU-time, priced by the rate card (DOMAIN.md Cost): per pool, the
 * cost of its capacity less the cost of its allocations, each split at price changes (never below zero).
 * Capacity is what the source measured (DOMAIN.md Coverage): allocated time outside it takes nothing off, as a
 * minute the source did not cover adds no idle time either.
 */
export function idleCost(
  capacity: readonly CapacityInterval[],
  allocations: readonly CostInterval[],
  rates: readonly Rate[],
  range: TimeRange,
): { total: number; idleGpuHours: number; byPool: PoolIdleCost[] } {
  const asPool = (row: { gpuModel: string; pricingClass: PricingClass }) => poolKey(row.gpuModel, row.pricingClass);
  const provisioned = costOfIntervals(
    capacity.map((row) => ({ ...row, jobId: asPool(row) })),
    rates,
    range,
  ).byJob;
  const spans = new Map<string, [number, number][]>();
  for (const key of new Set(capacity.map(asPool))) {
    spans.set(key, measuredSpans(capacity.filter((row) => asPool(row) === key)));
  }
  const allocated = costOfIntervals(
    allocations.flatMap((row) => withinMeasured({ ...row, jobId: asPool(row) }, spans.get(asPool(row)) ?? [])),
    rates,
    range,
  ).byJob;
  const byPool: PoolIdleCost[] = [];
  for (const row of capacity) {
    const key = asPool(row);
    if (byPool.some((pool) => asPool(pool) === key)) continue;
    const supply = provisioned.get(key) ?? { cost: 0, gpuHours: 0 };
    const used = allocated.get(key) ?? { cost: 0, gpuHours: 0 };
    byPool.push({
      gpuModel: row.gpuModel,
      pricingClass: row.pricingClass,
      provisionedGpuHours: supply.gpuHours,
      allocatedGpuHours: used.gpuHours,
      idleGpuHours: Math.max(0, supply.gpuHours - used.gpuHours),
      cost: Math.max(0, supply.cost - used.cost),
    });
  }
  return {
    total: byPool.reduce((sum, pool) => sum + pool.cost, 0),
    idleGpuHours: byPool.reduce((sum, pool) => sum + pool.idleGpuHours, 0),
    byPool,
  };
}

/**
 * Idle cost shared out to teams (or projects) in proportion to their spend (DOMAIN.md Cost). With no spend
 * at all there is no proportion: the idle cost stays unassigned.
 */
export function shareIdleCost<K>(
  spend: readonly { key: K; spend: number }[],
  idle: number,
): { rows: { key: K; spend: number; idleShare: number; total: number }[]; unassigned: number } {
  const totalSpend = spend.reduce((sum, row) => sum + Math.max(0, row.spend), 0);
  if (totalSpend <= 0) {
    return { rows: spend.map((row) => ({ ...row, idleShare: 0, total: row.spend })), unassigned: idle };
  }
  const rows = spend.map((row) => {
    const idleShare = (idle * Math.max(0, row.spend)) / totalSpend;
    return { key: row.key, spend: row.spend, idleShare, total: row.spend + idleShare };
  });
  return { rows, unassigned: 0 };
}

export interface Interruption {
  gpus: number;
  /** When the job (re)started running: with no checkpoint since, all its work since then is lost. */
  startedAt: Date;
  lastCheckpointAt: Date | null;
  interruptedAt: Date;
  /** When it ran again; pass `now` while it is still recovering. */
  recoveredAt: Date;
}

export interface LostWork {
  sinceCheckpointMs: number;
  recoveryMs: number;
  gpuHours: number;
}

/**
 * Lost work = GPUs x (time since the last checkpoint + time to recover) (DOMAIN.md Automatic recovery).
 * The last checkpoint counts only if it is newer than the job's latest start; earlier work was lost before.
 */
export function lostWork(interruption: Interruption): LostWork {
  const interrupted = interruption.interruptedAt.getTime();
  const checkpoint = Math.max(interruption.startedAt.getTime(), interruption.lastCheckpointAt?.getTime() ?? -Infinity);
  const sinceCheckpointMs = Math.max(0, interrupted - checkpoint);
  const recoveryMs = Math.max(0, interruption.recoveredAt.getTime() - interrupted);
  return {
    sinceCheckpointMs,
    recoveryMs,
    gpuHours: (interruption.gpus * (sinceCheckpointMs + recoveryMs)) / HOUR_MS,
  };
}

/** Interruption cost = lost GPU-hours x rate (DOMAIN.md Automatic recovery); unrounded. */
export function interruptionCost(lostGpuHours: number, pricePerGpuHour: number): number {
  return lostGpuHours * pricePerGpuHour;
}

/** The last 7 days' daily run rate: their spend / 7 (or / the days of them measured). */
export function dailyRunRate(last7DaysSpend: number, days = 7): number {
  return last7DaysSpend / days;
}

/** Days (fractional) from `now` to the end of the budget period. */
export function daysLeft(now: Date, periodEnd: Date): number {
  return Math.max(0, (periodEnd.getTime() - now.getTime()) / DAY_MS);
}

export interface BudgetForecast {
  period: TimeRange;
  spend: number;
  runRatePerDay: number;
  /** The days the run rate was read over: 7, or fewer where the console's data began within them. */
  runRateDays: number;
  daysLeft: number;
  forecast: number;
}

/** The shortest history a run rate is read over: an hour's spend says something, a minute's little. */
const MIN_RUN_RATE_DAYS = 1 / 24;

/**
 * Forecast = spend so far + the last 7 days' daily run rate x days left (DOMAIN.md Budgets), the month being
 * the calendar month holding `now` in the organisation's time zone. Days left are fractional, counted in
 * 24-hour days to the month's end. `measuredDays`: how much of the last 7 days the console has data for (a fresh
 * console's history is shorter); days before its data began are unknown, not days of no spend, so the run rate
 * is the spend over the days measured.
 */
export function budgetForecast(input: {
  spendSoFar: number;
  last7DaysSpend: number;
  now: Date;
  timeZone: string;
  measuredDays?: number;
}): BudgetForecast {
  const period = monthRange(input.now, input.timeZone);
  const days = Math.min(7, Math.max(MIN_RUN_RATE_DAYS, input.measuredDays ?? 7));
  const runRatePerDay = dailyRunRate(input.last7DaysSpend, days);
  const left = daysLeft(input.now, period.to);
  return {
    period,
    spend: input.spendSoFar,
    runRatePerDay,
    runRateDays: days,
    daysLeft: left,
    forecast: input.spendSoFar + runRatePerDay * left,
  };
}

export const DEFAULT_BUDGET_THRESHOLDS: readonly number[] = [50, 80, 100];

export interface CrossedThreshold {
  /** Percent of the budget. */
  threshold: number;
  /** Spend when spend itself has crossed it, else forecast. */
  basis: BudgetBasis;
  amount: number;
}

/**
 * The thresholds (percent of the monthly budget) that spend or forecast has reached (DOMAIN.md Budgets),
 * one per threshold, spend preferred over forecast. Amounts are compared in cents, so reaching exactly
 * 80% counts; a budget of zero or less has no thresholds. Firing once per threshold per period is the caller's (a unique key on budget, period, threshold).
 */
export function crossedThresholds(input: {
  budget: number;
  spend: number;
  forecast: number;
  thresholds?: readonly number[];
}): CrossedThreshold[] {
  if (!(input.budget > 0)) return [];
  const spend = roundCents(input.spend);
  const forecast = roundCents(input.forecast);
  const cents = (amount: number) => Math.round(amount * 100);
  // Whole cents, so that the comparison is exact: spend / budget >= threshold / 100.
  const reaches = (amount: number, threshold: number) => cents(amount) * 100 >= threshold * cents(input.budget);
  const crossed: CrossedThreshold[] = [];
  for (const threshold of [...(input.thresholds ?? DEFAULT_BUDGET_THRESHOLDS)].sort((a, b) => a - b)) {
    if (reaches(spend, threshold)) crossed.push({ threshold, basis: 'spend', amount: spend });
    else if (reaches(forecast, threshold)) crossed.push({ threshold, basis: 'forecast', amount: forecast });
  }
  return crossed;
}

/**
 * Whether an amount is unpriced (DOMAIN.md Coverage): GPU-hours were used and no rate covers any of them, so its
 * cost is unknown, not 0. Partly priced amounts are shown with the unpriced GPU-hours beside them.
 */
export function isUnpriced(gpuHours: number, unpricedGpuHours: number): boolean {
  return gpuHours > 0 && unpricedGpuHours >= gpuHours * (1 - 1e-9);
}

/** The same where only the amount is known: nothing was priced (it is 0) and some GPU-hours had no rate. */
export function nothingPriced(amount: number, unpricedGpuHours: number): boolean {
  return amount === 0 && unpricedGpuHours > 0;
}
