// Lemon nodes over a range, most trouble first (DOMAIN.md, "Lemon nodes"): each count, the work lost, the evidence
// behind the figures, and a Quarantine (cordon, with a reason, audited) for operators.
import { IntentLink } from '@/components/ui/IntentLink';
import { ActionButtons } from '@/components/actions';
import { formatDateTime } from '@/components/charts/time-format';
import { Badge, Card, EmptyState, Table, type Column } from '@/components/ui';
import { HOUR_MS } from '@/lib/domain/time';
import { formatCount, formatDuration, formatGpuHours, formatMoney } from '@/lib/domain/units';
import type { LemonNode, LemonReport } from '@/lib/queries/nodes/lemons';
import styles from './lemons.module.css';

function Evidence({ node, timeZone }: { node: LemonNode; timeZone: string }) {
  const { faults, jobs } = node.evidence;
  if (!faults.length && !jobs.length) return <span className="hint">throttling only</span>;
  return (
    <details className={styles.evidence}>
      <summary>
        Show {faults.length + jobs.length}
        <span className="visually-hidden"> latest faults and jobs of {node.hostname}</span>
      </summary>
      <ul>
        {faults.map((fault) => (
          <li key={`f${fault.at}${fault.kind}${fault.code}`}>
            <time dateTime={fault.at}>{formatDateTime(fault.at, timeZone)}</time>{' '}
            {fault.kind === 'xid' ? `XID ${fault.code}` : fault.kind.replace('_', ' ')}
            {fault.fatal ? ' (fatal)' : ''}
            {fault.message ? `: ${fault.message}` : ''}
          </li>
        ))}
        {jobs.map((job) => (
          <li key={`j${job.id}${job.at}${job.how}`}>
            <time dateTime={job.at}>{formatDateTime(job.at, timeZone)}</time>{' '}
            <IntentLink href={`/jobs/${job.id}`}>{job.name}</IntentLink>{' '}
            {job.how === 'failed' ? 'failed after its fault' : 'held back by one of its GPUs'}
          </li>
        ))}
      </ul>
    </details>
  );
}

const QUARANTINED = new Set(['cordoned', 'draining', 'retired']);

function columns(report: LemonReport, query: string, canAct: boolean): Column<LemonNode>[] {
  const money = (amount: number) => formatMoney(amount, { currency: report.currency });
  return [
    {
      key: 'node',
      header: 'Node',
      rowHeader: true,
      cell: (node) => (
        <span className={styles.node}>
          <IntentLink href={`/nodes/${node.id}?${query}`}>{node.hostname}</IntentLink>
          <span className="hint">
            {node.pool} · {node.cluster}
          </span>
        </span>
      ),
    },
    {
      key: 'state',
      header: 'State',
      cell: (node) => (
        <Badge tone={node.state === 'ready' ? 'neutral' : node.state === 'down' ? 'bad' : 'warn'}>{node.state}</Badge>
      ),
    },
    { key: 'trouble', header: 'Trouble', numeric: true, cell: (node) => formatCount(node.trouble) },
    {
      key: 'faults',
      header: 'Faults (fatal)',
      numeric: true,
      cell: (node) => `${formatCount(node.faults)} (${formatCount(node.fatalFaults)})`,
    },
    { key: 'failed', header: 'Jobs failed', numeric: true, cell: (node) => formatCount(node.jobsFailed) },
    { key: 'straggler', header: 'Straggling', numeric: true, cell: (node) => formatCount(node.stragglerAppearances) },
    {
      key: 'throttled',
      header: 'Throttled GPU-min',
      numeric: true,
      cell: (node) => formatCount(node.throttledMinutes),
    },
    { key: 'recoveries', header: 'Recoveries', numeric: true, cell: (node) => formatCount(node.recoveries) },
    { key: 'lostHours', header: 'Lost', numeric: true, cell: (node) => formatGpuHours(node.lostGpuHours) },
    { key: 'lostCost', header: 'Lost cost', numeric: true, cell: (node) => money(node.lostCost) },
    { key: 'evidence', header: 'Evidence', cell: (node) => <Evidence node={node} timeZone={report.timeZone} /> },
    ...(canAct
      ? [
          {
            key: 'act',
            header: <span className="visually-hidden">Actions</span>,
            align: 'end' as const,
            cell: (node: LemonNode) =>
              QUARANTINED.has(node.state) ? (
                <span className="hint">{node.state === 'retired' ? 'retired' : 'quarantined'}</span>
              ) : (
                <ActionButtons
                  target={{ type: 'node', id: node.id, label: node.hostname }}
                  operations={['node.cordon']}
                  compact
                  canAct
                />
              ),
          },
        ]
      : []),
  ];
}

/** What automatic recovery does with a node that keeps faulting, in the words of its policy. */
function replacementRule(replacement: LemonReport['replacement']): string {
  if (!replacement) return 'No automatic node recovery is set up.';
  const rule = `A node will be replaced after ${formatCount(replacement.afterFaults)} ${replacement.afterFaults === 1 ? 'fault' : 'faults'} in ${formatDuration(replacement.windowHours * HOUR_MS)}`;
  return replacement.enabled
    ? `${rule} (faults that take it down), rather than rebooted again.`
    : `Automatic node recovery is switched off (when on: ${rule.charAt(0).toLowerCase()}${rule.slice(1)}).`;
}

export function LemonTable({ report, query, canAct }: { report: LemonReport; query: string; canAct: boolean }) {
  return (
    <Card
      title="Nodes by the trouble they caused"
      description={
        'Trouble = faults + jobs failed after a fault of the node + straggler appearances + the node’s own ' +
        'recoveries. Lost: the work lost by jobs its faults interrupted. ' +
        replacementRule(report.replacement) +
        (canAct ? ' Quarantine cordons the node, with your reason, until it is looked at.' : '')
      }
      flush
      data-testid="lemon-table"
    >
      <Table
        caption="Lemon nodes"
        columns={columns(report, query, canAct)}
        rows={report.nodes}
        empty={
          <EmptyState
            title="No node caused trouble in this range"
            description="No fault, failed or straggling job, throttled minute or recovery was recorded on any node."
          />
        }
      />
    </Card>
  );
}
