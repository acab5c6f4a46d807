// How the report's figures read, on the page, in the PDF and in the mail: one set of formatters.
import { isUnpriced } from '@/lib/domain/cost';
import {
  formatCoverage,
  formatDuration,
  formatGpuHours,
  formatMoney,
  formatPercent,
  formatTileMoney,
} from '@/lib/domain/units';
import { LOSS_WORDS, type LossCause } from '@/lib/ledger-labels';
import type { WeeklyReport } from './types';

/** What a figure of a week the console has no data for reads. */
export const NO_DATA = 'no data';

export function reportFormat(report: Pick<WeeklyReport, 'currency'>) {
  return {
    /** `unpriced`: no rate covers the GPU-hours the amount prices (it reads "unpriced", never $0.00). */
    money: (amount: number | null, unpriced = false) => formatMoney(amount, { currency: report.currency, unpriced }),
    /** Money on a KPI tile: compact from 1,000 up, so the tiles of a row read alike. */
    tileMoney: (amount: number | null, unpriced = false) => formatTileMoney(amount, report.currency, unpriced),
    /** A figure of the week before: "no data" where the console's history does not reach it (never $0.00). */
    previousMoney: (amount: number | null) =>
      amount === null ? NO_DATA : formatMoney(amount, { currency: report.currency }),
    previousGpuHours: (hours: number | null) => (hours === null ? NO_DATA : formatGpuHours(hours)),
    coverage: (coverage: number | null) => (coverage === null ? '' : formatCoverage(coverage)),
    change: (ratio: number | null) => (ratio === null ? 'new' : formatPercent(ratio, { digits: 1, signed: true })),
    percent: (ratio: number | null, digits = 1) => formatPercent(ratio, { digits }),
    attainment: (ratio: number | null) => formatPercent(ratio, { digits: 3, truncate: true }),
    gpuHours: (hours: number) => formatGpuHours(hours),
    duration: (ms: number | null) => formatDuration(ms),
  };
}

/** An ETTR's change in percentage points: "+1.2 points". */
export function pointsChange(now: number | null, before: number | null): string | null {
  if (now === null || before === null) return null;
  const points = (now - before) * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} points`;
}

/** ETTR and the money lost per cause, worst first, then what the top fixes would have saved. */
function ledgerLine(report: WeeklyReport): string | null {
  const ledger = report.ledger;
  if (!ledger || ledger.ettr === null) return null;
  const f = reportFormat(report);
  const change = pointsChange(ledger.ettr, ledger.previousEttr);
  const causes = ledger.rows
    .filter((row) => row.cls !== 'productive' && row.cls !== 'unknown' && row.cls !== 'spares' && row.cost > 0)
    .sort((a, b) => b.cost - a.cost)
    .map((row) => `${LOSS_WORDS[row.cls as LossCause]} ${f.money(row.cost)}`);
  const saved = ledger.fixes.reduce((sum, fix) => sum + fix.saved, 0);
  return [
    `Effective training time was ${f.percent(ledger.ettr)} of the allocated GPU-hours${change ? ` (${change} on the week before)` : ''}.`,
    causes.length ? `${f.money(ledger.lostCost)} went to causes: ${causes.join(', ')}.` : null,
    ledger.fixes.length
      ? `The top ${ledger.fixes.length === 1 ? 'fix' : `${ledger.fixes.length} fixes`} would have saved up to ${f.money(saved)}.`
      : null,
  ]
    .filter(Boolean)
    .join(' ');
}

/** The report's opening lines: what management reads if it reads nothing else. */
export function headline(report: WeeklyReport): string {
  const f = reportFormat(report);
  const { spend, idle } = unpricedParts(report);
  const before = report.complete ? 'the week before' : 'the same days of the week before';
  const change =
    report.spend.previous === null
      ? ` (no data for ${before})`
      : report.spend.change === null
        ? ''
        : `, ${f.change(report.spend.change)} on ${before} (${f.money(report.spend.previous)})`;
  return [
    `${report.cluster ? `Cluster ${report.cluster}` : 'The fleet'} spent ${f.money(report.spend.total, spend)}${report.complete ? '' : ' so far'}${change}.`,
    ledgerLine(report),
    report.usage.wasteCost === null
      ? null
      : `${f.money(report.usage.wasteCost)} of it paid for GPUs that were allocated but unused.`,
    idle
      ? `Idle capacity (${f.gpuHours(report.idle.gpuHours)}) is unpriced: no rate covers it.`
      : `Idle capacity cost ${f.money(report.idle.cost)} on top, and interruptions ${f.money(report.interruptions.cost)}.`,
    `The savings recommended below come to about ${f.money(report.savings.total)} a week.`,
    budgetLine(report),
  ]
    .filter(Boolean)
    .join(' ');
}

/** Which budgets are over, or will be by the month's end, as of the report's end. */
function budgetLine(report: WeeklyReport): string | null {
  const rows = report.budgets?.rows ?? [];
  const over = rows.filter((row) => row.state === 'over').map((row) => row.name);
  const atRisk = rows.filter((row) => row.state === 'at_risk').map((row) => row.name);
  if (!rows.length) return null;
  if (!over.length && !atRisk.length) return `Every budget is on course for the month.`;
  return [
    over.length ? `Over budget this month: ${over.join(', ')}.` : null,
    atRisk.length ? `Forecast to go over: ${atRisk.join(', ')}.` : null,
  ]
    .filter(Boolean)
    .join(' ');
}

/** Which of the report's headline amounts no rate covers at all: said as unpriced, never as $0.00. */
export function unpricedParts(report: WeeklyReport) {
  return {
    spend: isUnpriced(report.spend.gpuHours, report.spend.unpricedGpuHours),
    idle: isUnpriced(report.idle.gpuHours, report.idle.unpricedGpuHours ?? 0),
  };
}
