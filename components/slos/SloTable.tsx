// Every SLO in one table: what it measures, its target and window, the SLI now, the error budget left, the burn
// rates of each window pair against its alert threshold, and the alerts firing.
import { IntentLink } from '@/components/ui/IntentLink';
import { EmptyState, Table, type Column } from '@/components/ui';
import { withClusterScope } from '@/lib/clusters/scope';
import type { SloSummary } from '@/lib/queries/slos/types';
import { BurnRatePairs } from './BurnRatePairs';
import { SloAlerts } from './SloAlerts';
import { SloStateCell } from './SloStateCell';
import { SLO_KIND_LABELS, budgetTone, formatBudgetLeft, formatBudgetShare, formatTarget } from './format';
import styles from './slos.module.css';

/** Which figures an SLO reads: one cluster's, or the whole organisation's. */
const clusterColumn: Column<SloSummary> = {
  key: 'cluster',
  header: 'Cluster',
  cell: (slo) =>
    slo.cluster ? <span data-testid="slo-cluster">{slo.cluster}</span> : <span className="muted">Organisation</span>,
};

/** An SLO's page, in the list's cluster scope, so that its way back returns to the same list. */
function sloHref(id: number, cluster: string | null): string {
  const search = withClusterScope({}, { cluster }).toString();
  return `/slos/${id}${search ? `?${search}` : ''}`;
}

const columnsIn = (cluster: string | null): Column<SloSummary>[] => [
  {
    key: 'name',
    header: 'SLO',
    rowHeader: true,
    cell: (slo) => (
      <span className={styles.name}>
        <IntentLink href={sloHref(slo.id, cluster)}>{slo.name}</IntentLink>
        {slo.name !== SLO_KIND_LABELS[slo.kind] && <span className="muted">{SLO_KIND_LABELS[slo.kind]}</span>}
      </span>
    ),
  },
  {
    key: 'target',
    header: 'Target',
    numeric: true,
    cell: (slo) => (
      <span>
        {formatTarget(slo.target)}
        <span className="muted"> · {slo.windowDays} d</span>
      </span>
    ),
  },
  { key: 'sli', header: 'SLI now', cell: (slo) => <SloStateCell slo={slo} /> },
  {
    key: 'budget',
    header: 'Error budget left',
    cell: (slo) =>
      slo.latest ? (
        <span className="num">
          <span className={`tone-${budgetTone(slo.latest.budgetRemaining)}`}>
            {formatBudgetShare(slo.latest.budgetRemaining)}
          </span>
          {slo.budgetLeft && <span className={styles.reason}>{formatBudgetLeft(slo.budgetLeft)}</span>}
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    key: 'burn',
    header: 'Burn rates (long · short window)',
    cell: (slo) =>
      slo.latest ? <BurnRatePairs pairs={slo.burnRates} name={slo.name} /> : <span className="muted">—</span>,
  },
  { key: 'alerts', header: 'Alerts', cell: (slo) => <SloAlerts slo={slo} /> },
];

/** `cluster`: the list's scope, kept by the links to each SLO. */
export function SloTable({ slos, cluster }: { slos: SloSummary[]; cluster: string | null }) {
  const columns = columnsIn(cluster);
  // Where some SLOs watch one cluster, each says which; otherwise every SLO is the organisation's.
  const scoped = slos.some((slo) => slo.cluster);
  return (
    <Table
      columns={scoped ? [columns[0], clusterColumn, ...columns.slice(1)] : columns}
      rows={slos}
      caption="SLOs"
      empty={
        <EmptyState
          title="No SLOs yet"
          description="An administrator adds SLOs for GPU availability, job goodput and inference availability."
        />
      }
    />
  );
}
