// The costs page's tables: by team or project, by pool, and jobs, each with its CSV download.
import type { ReactNode } from 'react';
import { Card, EmptyState, Table, type Column } from '@/components/ui';
import { isUnpriced } from '@/lib/domain/cost';
import { formatGpuHours, formatPercent } from '@/lib/domain/units';
import type { CostGroupRow, CostJobRow, CostPoolRow, CostsView } from '@/lib/queries/costs/types';
import { CsvLink } from './CsvLink';
import { JOB_KIND } from '@/components/jobs/labels';
import { PRICING_LABELS } from './labels';
import { Money } from './Money';
import styles from './costs.module.css';

type MoneyCell = (amount: number | null, unpriced?: boolean) => ReactNode;

/** A row's spend, and what derives from it, is unpriced when no rate covers any of its GPU-hours. */
const unpricedRow = (row: { gpuHours: number; unpricedGpuHours: number }) =>
  isUnpriced(row.gpuHours, row.unpricedGpuHours);

function spendColumns<Row extends CostGroupRow | CostJobRow>(money: MoneyCell): Column<Row>[] {
  return [
    { key: 'gpuHours', header: 'GPU-hours', numeric: true, cell: (row) => formatGpuHours(row.gpuHours) },
    { key: 'spend', header: 'Spend', numeric: true, cell: (row) => money(row.spend, unpricedRow(row)) },
    {
      key: 'utilization',
      header: 'Utilization',
      numeric: true,
      cell: (row) => formatPercent(row.utilization, { digits: 1 }),
    },
    { key: 'waste', header: 'Waste', numeric: true, cell: (row) => money(row.wasteCost, unpricedRow(row)) },
    {
      key: 'useful',
      header: <abbr title="Cost per useful GPU-hour: spend / (GPU-hours x utilization)">Per useful GPU-h</abbr>,
      numeric: true,
      cell: (row) => money(row.costPerUsefulGpuHour, unpricedRow(row)),
    },
  ];
}

export function GroupTable({ view, csv }: { view: CostsView; csv: string }) {
  const money: MoneyCell = (amount, unpriced) => <Money amount={amount} currency={view.currency} unpriced={unpriced} />;
  const noun = view.by === 'team' ? 'team' : 'project';
  const columns: Column<CostGroupRow>[] = [
    {
      key: 'name',
      header: view.by === 'team' ? 'Team' : 'Project',
      rowHeader: true,
      cell: (row) => (row.team ? `${row.team} / ${row.name}` : row.name),
    },
    ...spendColumns<CostGroupRow>(money),
    {
      key: 'idle',
      header: 'Idle share',
      numeric: true,
      cell: (row) => money(row.idleShare, isUnpriced(view.totals.idleGpuHours, view.totals.unpricedIdleGpuHours)),
    },
    { key: 'interruptions', header: 'Interruptions', numeric: true, cell: (row) => money(row.interruptionCost) },
  ];
  return (
    <Card
      title={`Spend by ${noun}`}
      description="Waste: allocated but unused (spend x (1 - utilization)). Idle share: unallocated capacity, shared in proportion to spend."
      actions={<CsvLink href={csv} label={`spend by ${noun}`} />}
      flush
    >
      <Table
        caption={`Spend by ${noun}`}
        columns={columns}
        rows={view.groups}
        empty={<EmptyState title="No spend in this range" description="No job held a GPU in it." />}
      />
    </Card>
  );
}

export function PoolTable({ view, csv }: { view: CostsView; csv: string }) {
  const money: MoneyCell = (amount, unpriced) => <Money amount={amount} currency={view.currency} unpriced={unpriced} />;
  const columns: Column<CostPoolRow>[] = [
    { key: 'name', header: 'Pool', rowHeader: true, cell: (row) => row.name },
    { key: 'model', header: 'GPU', cell: (row) => `${row.gpuModel} · ${PRICING_LABELS[row.pricingClass]}` },
    {
      key: 'provisioned',
      header: 'Provisioned',
      numeric: true,
      cell: (row) => formatGpuHours(row.provisionedGpuHours),
    },
    { key: 'allocated', header: 'Allocated', numeric: true, cell: (row) => formatGpuHours(row.allocatedGpuHours) },
    {
      key: 'spend',
      header: 'Spend',
      numeric: true,
      cell: (row) => money(row.spend, isUnpriced(row.allocatedGpuHours, row.unpricedGpuHours)),
    },
    { key: 'idleHours', header: 'Idle', numeric: true, cell: (row) => formatGpuHours(row.idleGpuHours) },
    {
      key: 'idleCost',
      header: 'Idle cost',
      numeric: true,
      cell: (row) => money(row.idleCost, isUnpriced(row.idleGpuHours, row.unpricedIdleGpuHours)),
    },
  ];
  return (
    <Card
      title="By pool"
      description="Provisioned GPU-hours from the fleet's minutes; idle is provisioned but not allocated, for the whole pool."
      actions={<CsvLink href={csv} label="spend by pool" />}
      flush
    >
      <Table caption="Spend by pool" columns={columns} rows={view.pools} rowKey={(row) => row.id} maxHeight="none" />
    </Card>
  );
}

export function JobTable({ view, csv, limit }: { view: CostsView; csv: string; limit: number }) {
  const money: MoneyCell = (amount, unpriced) => <Money amount={amount} currency={view.currency} unpriced={unpriced} />;
  const columns: Column<CostJobRow>[] = [
    {
      key: 'job',
      header: 'Job',
      rowHeader: true,
      width: '22%',
      cell: (row) => (
        <span className={styles.jobName}>
          <span>{row.name}</span>
          <span className={styles.jobId}>
            {row.externalId} · {JOB_KIND[row.kind]}
          </span>
        </span>
      ),
    },
    { key: 'owner', header: 'Team / project', cell: (row) => `${row.team} / ${row.project}` },
    {
      key: 'pool',
      header: 'Pricing',
      cell: (row) => <span title={row.gpuModel}>{PRICING_LABELS[row.pricingClass]}</span>,
    },
    ...spendColumns<CostJobRow>(money),
  ];
  const rows = view.jobs.slice(0, limit);
  return (
    <Card
      title={`Top ${Math.min(limit, view.jobs.length) || ''} jobs by spend`.replace('  ', ' ')}
      description={`${view.jobs.length.toLocaleString('en-US')} jobs held GPUs in this range; the CSV lists them all.`}
      actions={<CsvLink href={csv} label="jobs" />}
      flush
    >
      <Table
        caption="Jobs by spend"
        columns={columns}
        rows={rows}
        empty={<EmptyState title="No job held a GPU in this range" />}
      />
    </Card>
  );
}
