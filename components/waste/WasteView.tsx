// Idle and wasteful GPUs now: what each job holding GPUs wastes per hour and why, worst first, with its owner and a
// way to tell them; then each pool's GPUs nobody holds. Drawn from one WasteView: no fetching here.
import { IntentLink } from '@/components/ui/IntentLink';
import { formatClock } from '@/components/charts/time-format';
import { Money } from '@/components/costs/Money';
import { JOB_HEALTH, JOB_KIND } from '@/components/jobs/labels';
import { Badge, Card, EmptyState, Stat, Table, type Column } from '@/components/ui';
import { formatCount, formatMoney, formatPercent } from '@/lib/domain/units';
import { WASTE_CAUSE_WORDS } from '@/lib/domain/waste';
import type { IdlePool, WasteRow, WasteView as View } from '@/lib/queries/waste';
import { NotifyOwner } from './NotifyOwner';
import styles from './waste.module.css';

const cause = (row: WasteRow) => {
  const words = WASTE_CAUSE_WORDS[row.cause];
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function WasteView({ data, showAll, canAct }: { data: View; showAll: boolean; canAct: boolean }) {
  const money = (amount: number | null) =>
    amount === null ? 'unknown' : `${formatMoney(amount, { currency: data.currency })}/h`;
  // A rate per hour no rate card covers is unpriced, with the way to the rate card; unknown is for what is unmeasured.
  const perHour = (amount: number | null, unpriced: boolean) =>
    unpriced ? <Money amount={null} currency={data.currency} unpriced /> : money(amount);
  const wasteful = data.rows.filter((row) => row.actionable);
  const rows = showAll ? data.rows : wasteful;
  const sum = (list: WasteRow[]) => list.reduce((total, row) => total + (row.wastePerHour ?? 0), 0);
  const services = wasteful.filter((row) => row.cause === 'overprovisioned');
  const idleGpus = data.pools.reduce((total, pool) => total + pool.idleGpus, 0);
  const idleCost = (pool: IdlePool, gpus: number) =>
    gpus === 0 ? 0 : pool.ratePerGpuHour === null ? null : pool.ratePerGpuHour * gpus;
  const poolCost = (pool: IdlePool, gpus: number) =>
    perHour(idleCost(pool, gpus), gpus > 0 && pool.ratePerGpuHour === null);
  const idlePerHour = data.pools.reduce((total, pool) => total + (idleCost(pool, pool.idleGpus) ?? 0), 0);
  const window = `${formatClock(data.window.from, data.timeZone, false)}–${formatClock(data.window.to, data.timeZone, false)}`;

  const columns: Column<WasteRow>[] = [
    {
      key: 'job',
      header: 'Job',
      rowHeader: true,
      cell: (row) => (
        <span className={styles.jobCell}>
          <IntentLink href={`/jobs/${row.id}`} title={row.name}>
            {row.name}
          </IntentLink>
          <span className="subtle">
            {JOB_KIND[row.kind]} · {row.team} / {row.project}
          </span>
        </span>
      ),
    },
    { key: 'owner', header: 'Owner', cell: (row) => row.owner ?? <span className="subtle">unknown</span> },
    { key: 'gpus', header: 'GPUs', numeric: true, cell: (row) => formatCount(row.gpus) },
    {
      key: 'util',
      header: 'Utilization, last hour',
      numeric: true,
      cell: (row) => formatPercent(row.utilization, { digits: 0 }),
    },
    {
      key: 'waste',
      header: 'Wasted',
      numeric: true,
      cell: (row) => (
        <strong className={row.actionable ? undefined : styles.busy}>
          {perHour(row.wastePerHour, row.ratePerHour === null)}
        </strong>
      ),
    },
    {
      key: 'cause',
      header: 'Why',
      cell: (row) => (
        <span className={styles.cause}>
          <span>
            <Badge
              tone={row.actionable ? (row.cause === 'hung' || row.cause === 'failed' ? 'bad' : 'warn') : 'neutral'}
            >
              {cause(row)}
            </Badge>{' '}
            {row.health !== 'healthy' && row.cause !== 'hung' && row.cause !== 'degraded' && (
              <span className="subtle">{JOB_HEALTH[row.health].label}</span>
            )}
          </span>
          <span className="muted">{row.detail}</span>
        </span>
      ),
    },
    {
      key: 'notify',
      header: <span className="visually-hidden">Tell the owner</span>,
      cell: (row) => (
        <span className={styles.cause}>
          {row.notified && (
            <span className="subtle" title={`by ${row.notified.by}`}>
              Notified {formatClock(row.notified.at, data.timeZone, false)}
            </span>
          )}
          {canAct && row.actionable && <NotifyOwner jobId={row.id} jobName={row.name} owner={row.owner} />}
        </span>
      ),
    },
  ];

  return (
    <>
      <div className="grid-kpi" data-testid="waste-kpis">
        <Stat
          label="Wasted by jobs now"
          value={money(sum(wasteful))}
          sublabel={`${formatCount(wasteful.length)} jobs under the 60% target or unhealthy`}
          tone={wasteful.length ? 'warn' : 'ok'}
        />
        <Stat
          label="Over-provisioned"
          value={money(sum(services))}
          sublabel={`${formatCount(services.length)} inference services`}
          tone={services.length ? 'warn' : 'neutral'}
        />
        <Stat
          label="Idle GPUs now"
          value={formatCount(idleGpus)}
          sublabel={`${money(idlePerHour)} held by no job`}
          href="/fleet?state=idle"
        />
        <Stat
          label="All holders"
          value={money(sum(data.rows))}
          sublabel={`${formatCount(data.rows.length)} jobs; waste = GPUs × (1 − utilization) × rate`}
        />
      </div>
      <Card
        title="Jobs and services by money wasted per hour"
        description={`Utilization over the last hour of data (${window} ${data.timeZone}); wasted = their GPUs' rate × (1 − utilization).`}
        actions={
          <IntentLink href={showAll ? '/waste' : '/waste?all=1'} scroll={false}>
            {showAll ? 'Only those worth acting on' : 'Show busy jobs too'}
          </IntentLink>
        }
        flush
      >
        <Table
          columns={columns}
          rows={rows}
          caption="Jobs holding GPUs, most wasted per hour first"
          density="compact"
          empty={
            <EmptyState
              title="Nothing is wasting GPUs now"
              description="Every job holding GPUs runs at or above the 60% target and is healthy."
            />
          }
        />
      </Card>
      <Card
        title="GPUs nobody holds"
        description="Per pool, at the rate card's price: idle capacity, and capacity out of service"
        flush
      >
        <Table
          columns={[
            {
              key: 'pool',
              header: 'Pool',
              rowHeader: true,
              cell: (pool: IdlePool) => <IntentLink href={`/fleet?pool=${pool.id}`}>{pool.name}</IntentLink>,
            },
            { key: 'idle', header: 'Idle GPUs', numeric: true, cell: (pool) => formatCount(pool.idleGpus) },
            {
              key: 'idleCost',
              header: 'Idle cost',
              numeric: true,
              cell: (pool) => poolCost(pool, pool.idleGpus),
            },
            {
              key: 'out',
              header: 'Out of service',
              numeric: true,
              cell: (pool) => formatCount(pool.outOfServiceGpus),
            },
            {
              key: 'outCost',
              header: 'Out-of-service cost',
              numeric: true,
              cell: (pool) => poolCost(pool, pool.outOfServiceGpus),
            },
          ]}
          rows={data.pools}
          caption="Idle and out-of-service GPUs by pool"
          density="compact"
        />
      </Card>
    </>
  );
}
