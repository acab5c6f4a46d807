// The weekly report's lead (DOMAIN.md, "Where the GPU-hours go"): the fleet's ETTR against the week before, where
// the GPU-hours went and what each loss cost, and the three fixes that would have saved the most.
import { roundCents } from '@/lib/domain/cost';
import type { LedgerClass } from '@/lib/domain/ledger';
import { CLASS_WORDS, LOSS_CLASSES, LOSS_FIXES, type LossCause } from '@/lib/ledger-labels';
import type { LedgerReport } from '@/lib/queries/ledger/ledger';
import { weekOverWeek } from './week';

/**
 * A row of the report's ledger: a class of allocated time, the pools' unallocated capacity, or the part of it held
 * as warm spares (kept on purpose for recovery: neither a loss nor a fix).
 */
export interface ReportLedgerRow {
  cls: LedgerClass | 'unallocated' | 'spares';
  gpuHours: number;
  cost: number;
  /** Null when the console has no data for the week before (its history began later). */
  previousGpuHours: number | null;
  previousCost: number | null;
  /** Week-over-week change of its GPU-hours; null when the week before had none. */
  change: number | null;
}

export interface ReportLedgerFix {
  cause: LossCause;
  fix: string;
  /** This week's cost of the cause: what removing it would have saved at most. */
  saved: number;
}

export interface ReportLedger {
  ettr: number | null;
  previousEttr: number | null;
  allocatedGpuHours: number;
  /** The cost of every loss class and of unallocated capacity, warm spares apart. */
  lostCost: number;
  /** Null when the console has no data for the week before. */
  previousLostCost: number | null;
  rows: ReportLedgerRow[];
  fixes: ReportLedgerFix[];
}

/** What the ledger's table says of itself, on screen and in the PDF. */
export const LEDGER_NOTE =
  'Every allocated GPU-hour in one class (DOMAIN.md); the pools add the capacity no job held. Warm spares, held for recovery on purpose, are a row apart: neither a loss nor in any fix.';
/** What the top fixes' figures are. */
export const FIXES_NOTE =
  'Each is this week’s cost of the cause it removes: removing the cause entirely would have saved it. Warm spares are not counted in shrinking the pools’ capacity.';

/** A ledger row's name: a class's, the pools' capacity no job held, or their warm spares. */
export const ledgerRowLabel = (row: Pick<ReportLedgerRow, 'cls'>) =>
  row.cls === 'unallocated'
    ? 'Unallocated (pools)'
    : row.cls === 'spares'
      ? 'Warm spares (pools)'
      : CLASS_WORDS[row.cls].label;

const ROW_ORDER: ReportLedgerRow['cls'][] = ['productive', ...LOSS_CLASSES, 'unknown', 'unallocated', 'spares'];

/** A row's GPU-hours and cost; the pools' unallocated capacity less their warm spares, which have a row apart. */
function figures(report: LedgerReport, cls: ReportLedgerRow['cls']) {
  if (cls === 'unallocated' || cls === 'spares') {
    const spares = cls === 'spares';
    return report.unallocated.reduce(
      (sum, pool) => ({
        gpuHours: sum.gpuHours + (spares ? pool.spareGpuHours : pool.gpuHours - pool.spareGpuHours),
        cost: sum.cost + (spares ? pool.spareCost : pool.cost - pool.spareCost),
      }),
      { gpuHours: 0, cost: 0 },
    );
  }
  return { gpuHours: report.total.gpuHours[cls], cost: report.total.costs[cls] };
}

const lost = (report: LedgerReport) =>
  [...LOSS_CLASSES, 'unallocated' as const].reduce((sum, cls) => sum + figures(report, cls).cost, 0);

/**
 * This week's ledger (by pool, so unallocated capacity is in it) against the week before's; `previous` is null when
 * the console has no data for the week before, whose figures are then unknown rather than zero. Warm spares are
 * capacity held for recovery on purpose: a row of their own, in no loss and in no fix (shrinking the pools' unused
 * capacity would not touch them).
 */
export function reportLedger(week: LedgerReport, previous: LedgerReport | null): ReportLedger {
  const rows = ROW_ORDER.map((cls): ReportLedgerRow => {
    const now = figures(week, cls);
    const before = previous && figures(previous, cls);
    return {
      cls,
      gpuHours: now.gpuHours,
      cost: roundCents(now.cost),
      previousGpuHours: before?.gpuHours ?? null,
      previousCost: before ? roundCents(before.cost) : null,
      change: before ? weekOverWeek(now.gpuHours, before.gpuHours) : null,
    };
  });
  const causes: LossCause[] = [...LOSS_CLASSES, 'unallocated'];
  const fixes = causes
    .map((cause) => ({ cause, fix: LOSS_FIXES[cause], saved: roundCents(figures(week, cause).cost) }))
    .filter((fix) => fix.saved > 0)
    .sort((a, b) => b.saved - a.saved)
    .slice(0, 3);
  return {
    ettr: week.total.ettr,
    previousEttr: previous?.total.ettr ?? null,
    allocatedGpuHours: week.total.allocatedGpuHours,
    lostCost: roundCents(lost(week)),
    previousLostCost: previous ? roundCents(lost(previous)) : null,
    rows,
    fixes,
  };
}
