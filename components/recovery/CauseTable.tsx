// The range's recoveries per cause, each time read against its target type's target.
import { Table, type Column } from '@/components/ui';
import { formatCount, formatDuration, formatGpuHours, formatPercent } from '@/lib/domain/units';
import { Money } from '@/components/costs/Money';
import { isUnpriced } from '@/lib/domain/cost';
import type { RecoveryFigures } from '@/lib/queries/recovery/types';
import { CAUSE_LABEL } from './labels';
import { MINUTE_MS } from '@/lib/domain/time';

function timeCell(ms: number | null, targetMs: number) {
  if (ms === null) return <span className="subtle">—</span>;
  return (
    <span className={ms <= targetMs ? undefined : 'tone-warn'}>
      {formatDuration(ms)}{' '}
      <span className="visually-hidden">{ms <= targetMs ? '(within target)' : '(over target)'}</span>
    </span>
  );
}

export function CauseTable({ byCause, currency }: { byCause: RecoveryFigures[]; currency: string }) {
  const columns: Column<RecoveryFigures>[] = [
    { key: 'cause', header: 'Cause', rowHeader: true, cell: (row) => CAUSE_LABEL[row.cause!] },
    { key: 'target', header: 'Target', cell: (row) => `${row.targetMs / MINUTE_MS} min` },
    { key: 'count', header: 'Recoveries', numeric: true, cell: (row) => formatCount(row.count) },
    { key: 'recovered', header: 'Recovered', numeric: true, cell: (row) => formatCount(row.recovered) },
    { key: 'failed', header: 'Failed', numeric: true, cell: (row) => formatCount(row.failed) },
    { key: 'escalated', header: 'Escalated', numeric: true, cell: (row) => formatCount(row.escalated) },
    {
      key: 'within',
      header: 'Within target',
      numeric: true,
      cell: (row) =>
        row.finished === 0
          ? '—'
          : `${formatPercent(row.withinTargetShare, { digits: 0 })} (${row.withinTarget} of ${row.finished})`,
    },
    { key: 'median', header: 'Median', numeric: true, cell: (row) => timeCell(row.medianRecoverMs, row.targetMs) },
    { key: 'p95', header: '95th pct.', numeric: true, cell: (row) => timeCell(row.p95RecoverMs, row.targetMs) },
    { key: 'detect', header: 'Median to detect', numeric: true, cell: (row) => formatDuration(row.medianDetectMs) },
    { key: 'lost', header: 'Lost GPU-hours', numeric: true, cell: (row) => formatGpuHours(row.lostGpuHours) },
    {
      key: 'cost',
      header: 'Cost',
      numeric: true,
      cell: (row) => (
        <Money
          amount={row.lostCost}
          currency={currency}
          unpriced={isUnpriced(row.lostGpuHours, row.unpricedLostGpuHours)}
        />
      ),
    },
  ];
  return <Table caption="Recoveries by cause" columns={columns} rows={byCause} rowKey={(row) => row.cause!} />;
}
