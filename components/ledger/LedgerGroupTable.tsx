// The ledger by team, project, pool or cluster: each group's ETTR, its allocated hours as a bar of classes, and
// the cost of each class that was not productive. Pools add what no job held.
import { IntentLink } from '@/components/ui/IntentLink';
import { buttonClass, Card, EmptyState, Table, type Column } from '@/components/ui';
import { CsvLink } from '@/components/costs/CsvLink';
import { formatGpuHours, formatMoney, formatPercent } from '@/lib/domain/units';
import { PAGE_LEDGER_GROUPS, type LedgerGroup } from '@/lib/ledger-params';
import type { LedgerReport, LedgerRow } from '@/lib/queries/ledger/ledger';
import { LedgerBar } from './LedgerBreakdown';
import { LOSS_CLASSES } from '@/lib/ledger-labels';
import { CLASS_INFO } from './labels';

interface Props {
  report: LedgerReport;
  by: LedgerGroup;
  currency: string;
  /** The page's query without `ledger`, for the links that regroup it. */
  query: URLSearchParams;
  csv: string;
}

const NOUN: Record<LedgerGroup, string> = {
  team: 'team',
  project: 'project',
  pool: 'pool',
  cluster: 'cluster',
  kind: 'kind of job',
  job: 'job',
};

export function LedgerGroupTable({ report, by, currency, query, csv }: Props) {
  const money = (amount: number) => formatMoney(amount, { currency });
  const unallocated = new Map(report.unallocated.map((pool) => [pool.key, pool]));
  const columns: Column<LedgerRow>[] = [
    {
      key: 'name',
      header: NOUN[by].charAt(0).toUpperCase() + NOUN[by].slice(1),
      rowHeader: true,
      cell: (row) => (row.team && by === 'project' ? `${row.team} / ${row.label}` : row.label),
    },
    { key: 'allocated', header: 'Allocated', numeric: true, cell: (row) => formatGpuHours(row.allocatedGpuHours) },
    { key: 'ettr', header: 'ETTR', numeric: true, cell: (row) => formatPercent(row.ettr, { digits: 1 }) },
    { key: 'bar', header: 'Where it went', width: '22%', cell: (row) => <LedgerBar figures={row} /> },
    {
      key: 'lost',
      header: <abbr title="The cost of every class but productive and unknown">Not productive</abbr>,
      numeric: true,
      cell: (row) => money(LOSS_CLASSES.reduce((sum, cls) => sum + row.costs[cls], 0)),
    },
    ...LOSS_CLASSES.map((cls): Column<LedgerRow> => ({
      key: cls,
      header: CLASS_INFO[cls].label,
      numeric: true,
      cell: (row) => money(row.costs[cls]),
    })),
    { key: 'unknown', header: 'Unknown', numeric: true, cell: (row) => formatGpuHours(row.gpuHours.unknown) },
    ...(by === 'pool'
      ? [
          {
            key: 'unallocated',
            header: <abbr title="Provisioned GPU-hours no job held, at the pool's rate">Unallocated</abbr>,
            numeric: true,
            cell: (row: LedgerRow) => {
              const pool = unallocated.get(row.key);
              return pool ? `${money(pool.cost)} · ${formatGpuHours(pool.gpuHours)}` : '—';
            },
          } satisfies Column<LedgerRow>,
        ]
      : []),
  ];
  const href = (group: LedgerGroup) => {
    const next = new URLSearchParams(query);
    next.set('ledger', group);
    return `?${next.toString()}#ledger`;
  };
  return (
    <Card
      id="ledger"
      title="Where the GPU-hours went"
      description={`By ${NOUN[by]}: ETTR (productive / allocated) and what the rest cost, each class at its jobs' prices. Read in whole hours from ${formatGpuHours(report.total.allocatedGpuHours)} allocated; total ETTR ${formatPercent(report.total.ettr, { digits: 1 })}.`}
      actions={
        <>
          <nav aria-label="Group the ledger by" className="row" style={{ gap: 0 }}>
            {PAGE_LEDGER_GROUPS.map((group) => (
              <IntentLink
                key={group}
                href={href(group)}
                scroll={false}
                aria-current={group === by ? 'true' : undefined}
                className={buttonClass({ size: 'sm', variant: group === by ? 'primary' : 'secondary' })}
              >
                By {group}
              </IntentLink>
            ))}
          </nav>
          <CsvLink href={csv} label={`the ledger by ${NOUN[by]}`} />
        </>
      }
      flush
    >
      <Table
        caption={`Where the GPU-hours went, by ${NOUN[by]}`}
        columns={columns}
        rows={report.rows}
        rowKey={(row) => row.key}
        empty={<EmptyState title="No allocated GPU-hours in this range" description="No job held a GPU in it." />}
      />
    </Card>
  );
}
