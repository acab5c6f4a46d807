// Nodes by state and jobs by health, side by side.
import { IntentLink } from '@/components/ui/IntentLink';
import { Card, ToneIcon } from '@/components/ui';
import { formatCount, formatCountOf, formatDuration, formatGpus } from '@/lib/domain/units';
import type { ShownNodeState } from '@/lib/domain/readings';
import type { Overview } from '@/lib/queries/overview/types';
import { Breakdown } from './Breakdown';
import { JOB_HEALTH, NODE_STATE } from './labels';
import styles from './overview.module.css';

/** The fleet map showing the GPUs of nodes in that state. */
function nodesHref(state: ShownNodeState): string {
  const condition: Partial<Record<ShownNodeState, string>> = {
    cordoned: 'cordoned',
    draining: 'draining',
    down: 'down',
    not_reporting: 'no_data',
  };
  return condition[state] ? `/fleet?state=${condition[state]}` : '/fleet';
}

export function NodesCard({ nodes }: { nodes: Overview['nodes'] }) {
  // Retired nodes are history; listed only when there are some.
  const items = nodes.byState
    .filter((row) => row.state !== 'retired' || row.count > 0)
    .map((row) => ({ key: row.state, count: row.count, ...NODE_STATE[row.state], href: nodesHref(row.state) }));
  return (
    <Card title="Nodes" description={`${formatCountOf(nodes.total, 'node')} in the fleet`}>
      <Breakdown items={items} label="Nodes by state" />
    </Card>
  );
}

export function JobsCard({
  jobs,
  rangeLabel,
  rangeQuery,
  now,
}: {
  jobs: Overview['jobs'];
  rangeLabel: string;
  /** The query string naming the overview's range, kept by the link to the jobs that ended failed in it. */
  rangeQuery: string;
  now: number;
}) {
  // The chips are the health of the jobs not ended, now; a job that ended failed is no longer among them,
  // so it is counted on its own line rather than in the "Failed" chip.
  const items = jobs.byHealth.map((row) => ({
    key: row.health,
    count: row.count,
    ...JOB_HEALTH[row.health],
    href:
      row.health === 'pending'
        ? '/jobs?state=pending&sort=age&dir=desc'
        : `/jobs?state=running,recovering,pending&health=${row.health}`,
  }));
  const endedFailedTone = jobs.failedInRange > 0 ? 'bad' : 'neutral';
  return (
    <Card title="Jobs" description={`${formatCountOf(jobs.active, 'job')} not ended, by health now`}>
      <Breakdown items={items} label="Jobs not ended, by health" />
      <p className={styles.endedFailed} data-state="failed-in-range">
        <ToneIcon tone={endedFailedTone} size={12} className={`tone-${endedFailedTone}`} />
        <IntentLink href={`/jobs?state=failed&${rangeQuery}`}>Ended failed in {rangeLabel}</IntentLink>
        <span className="num">{formatCount(jobs.failedInRange)}</span>
      </p>
      <p className={styles.endedFailed} data-testid="queue">
        <ToneIcon tone="neutral" size={12} className="tone-neutral" />
        <IntentLink href="/jobs?state=pending&sort=age&dir=desc">Waiting in the queue</IntentLink>
        <span className="num">
          {jobs.queue.jobs === 0
            ? 'none'
            : `${formatCountOf(jobs.queue.jobs, 'job')} · ${formatGpus(jobs.queue.gpus)} requested`}
          {jobs.queue.oldestSince && (
            <span className="muted">
              {' '}
              · longest {formatDuration(Math.max(0, now - Date.parse(jobs.queue.oldestSince)))}
            </span>
          )}
        </span>
      </p>
    </Card>
  );
}
