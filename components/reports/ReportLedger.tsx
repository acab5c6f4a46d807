// The report's lead: where the GPU-hours went this week and the week before, as two bars of classes and a table
// with the week-over-week change, and what the top three fixes would have saved.
import { LedgerBar } from '@/components/ledger/LedgerBreakdown';
import { Card, Table } from '@/components/ui';
import { LEDGER_CLASSES, type LedgerFigures } from '@/lib/domain/ledger';
import { LEDGER_COLUMNS, reportContext } from '@/lib/reports/columns';
import { FIXES_NOTE, LEDGER_NOTE, type ReportLedger as Ledger, type ReportLedgerRow } from '@/lib/reports/ledger';
import type { WeeklyReport } from '@/lib/reports/types';
import { pageColumns } from './ReportTables';
import styles from './reports.module.css';

/** A week's allocated time as the bar draws it, from the report's rows (unallocated capacity is not in it). */
function barFigures(rows: ReportLedgerRow[], pick: 'gpuHours' | 'previousGpuHours'): LedgerFigures {
  const gpuHours = Object.fromEntries(
    LEDGER_CLASSES.map((cls) => [cls, rows.find((row) => row.cls === cls)?.[pick] ?? 0]),
  ) as LedgerFigures['gpuHours'];
  const allocatedGpuHours = LEDGER_CLASSES.reduce((sum, cls) => sum + gpuHours[cls], 0);
  return {
    allocatedGpuHours,
    cost: 0,
    unpricedGpuHours: 0,
    gpuHours,
    costs: gpuHours,
    ettr: null,
    downGpuHours: 0,
  };
}

export function ReportLedger({ report, ledger }: { report: WeeklyReport; ledger: Ledger }) {
  const c = reportContext(report);
  const before = report.complete ? 'Last week' : 'Same days last week';
  return (
    <Card title="Where the GPU-hours went" description={LEDGER_NOTE} data-testid="report-ledger">
      <div className={styles.ledgerBars}>
        <span className="muted">This week</span>
        <LedgerBar figures={barFigures(ledger.rows, 'gpuHours')} />
        <span className="muted">{before}</span>
        {ledger.previousLostCost === null ? (
          <span className="hint">No data: the console&apos;s history does not reach that week.</span>
        ) : (
          <LedgerBar figures={barFigures(ledger.rows, 'previousGpuHours')} />
        )}
      </div>
      <Table
        caption="Where the GPU-hours went"
        columns={pageColumns(LEDGER_COLUMNS, c)}
        rows={ledger.rows}
        rowKey={(row) => row.cls}
      />
      {ledger.fixes.length > 0 && (
        <section aria-labelledby="report-fixes" className={styles.fixes}>
          <h3 id="report-fixes" className={styles.savingTitle}>
            What the top {ledger.fixes.length === 1 ? 'fix' : `${ledger.fixes.length} fixes`} would have saved
          </h3>
          <ol className={styles.items}>
            {ledger.fixes.map((fix) => (
              <li key={fix.cause}>
                <span className={styles.itemLabel}>{fix.fix}</span>
                <span className="muted">this week’s cost of the cause</span>
                <span className="num">up to {c.f.money(fix.saved)}</span>
              </li>
            ))}
          </ol>
          <p className="hint">{FIXES_NOTE}</p>
        </section>
      )}
    </Card>
  );
}
