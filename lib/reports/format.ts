// How the report's figures read, on the page, in the PDF and in the mail: one set of formatters.
import { formatDuration, formatGpuHours, formatMoney, formatPercent } from '@/lib/domain/units';
import type { WeeklyReport } from './types';

export function reportFormat(report: Pick<WeeklyReport, 'currency'>) {
  return {
    money: (amount: number | null) => formatMoney(amount, { currency: report.currency }),
    compactMoney: (amount: number) =>
      formatMoney(amount, { currency: report.currency, compact: Math.abs(amount) >= 100_000 }),
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
    `The fleet spent ${f.money(report.spend.total)}${report.complete ? '' : ' so far'}${change}.`,
    report.usage.wasteCost === null
      ? null
      : `${f.money(report.usage.wasteCost)} of it paid for GPUs that were allocated but unused.`,
    `Idle capacity cost ${f.money(report.idle.cost)} on top, and interruptions ${f.money(report.interruptions.cost)}.`,
    `The savings recommended below come to about ${f.money(report.savings.total)} a week.`,
  ]
    .filter(Boolean)
    .join(' ');
}
