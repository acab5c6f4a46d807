// How the report's figures read, on the page, in the PDF and in the mail: one set of formatters.
import { formatDuration, formatGpuHours, formatMoney, formatPercent, formatTileMoney } from '@/lib/domain/units';
import type { WeeklyReport } from './types';

export function reportFormat(report: Pick<WeeklyReport, 'currency'>) {
  return {
    money: (amount: number | null) => formatMoney(amount, { currency: report.currency }),
    /** Money on a KPI tile: compact from 1,000 up, so the tiles of a row read alike. */
    tileMoney: (amount: number | null) => formatTileMoney(amount, report.currency),
    change: (ratio: number | null) => (ratio === null ? 'new' : formatPercent(ratio, { digits: 1, signed: true })),
    percent: (ratio: number | null, digits = 1) => formatPercent(ratio, { digits }),
    attainment: (ratio: number | null) => formatPercent(ratio, { digits: 3, truncate: true }),
    gpuHours: (hours: number) => formatGpuHours(hours),
    duration: (ms: number | null) => formatDuration(ms),
  };
}

/** The report's opening lines: what management reads if it reads nothing else. */
export function headline(report: WeeklyReport): string {
  const f = reportFormat(report);
  const before = report.complete ? 'the week before' : 'the same days of the week before';
  const change =
    report.spend.change === null
      ? ''
      : `, ${f.change(report.spend.change)} on ${before} (${f.money(report.spend.previous)})`;
  return [
    `${report.cluster ? `Cluster ${report.cluster}` : 'The fleet'} spent ${f.money(report.spend.total)}${report.complete ? '' : ' so far'}${change}.`,
    report.usage.wasteCost === null
      ? null
      : `${f.money(report.usage.wasteCost)} of it paid for GPUs that were allocated but unused.`,
    `Idle capacity cost ${f.money(report.idle.cost)} on top, and interruptions ${f.money(report.interruptions.cost)}.`,
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
