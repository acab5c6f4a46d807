// Nodes by state and jobs by health, side by side.
import Link from 'next/link';
import { Card } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import type { Overview } from '@/lib/queries/overview';
import { Breakdown } from './Breakdown';
import { JOB_HEALTH, NODE_STATE } from './labels';

export function NodesCard({ nodes }: { nodes: Overview['nodes'] }) {
  // Retired nodes are history; listed only when there are some.
  const items = nodes.byState
    .filter((row) => row.state !== 'retired' || row.count > 0)
    .map((row) => ({ key: row.state, count: row.count, ...NODE_STATE[row.state] }));
  return (
    <Card
      title="Nodes"
      description={`${formatCount(nodes.total)} in the fleet`}
      actions={<Link href="/fleet">Fleet</Link>}
    >
      <Breakdown items={items} label="Nodes by state" />
    </Card>
  );
}

export function JobsCard({ jobs, rangeLabel }: { jobs: Overview['jobs']; rangeLabel: string }) {
  const items = jobs.byHealth.map((row) => ({ key: row.health, count: row.count, ...JOB_HEALTH[row.health] }));
  return (
    <Card
      title="Jobs"
      description={`${formatCount(jobs.active)} not ended · ${formatCount(jobs.failedInRange)} ended failed in ${rangeLabel}`}
      actions={<Link href="/jobs">Jobs</Link>}
    >
      <Breakdown items={items} label="Jobs not ended, by health" />
    </Card>
  );
}
