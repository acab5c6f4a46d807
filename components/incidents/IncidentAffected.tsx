'use client';

// The job and node an incident concerns, with links to their pages, the place for their quick actions, and their
// GPUs' utilization from an hour before it opened.
import { IntentLink } from '@/components/ui/IntentLink';
import { MultiLineChart } from '@/components/charts/MultiLineChart';
import { Badge, EmptyState } from '@/components/ui';
import { JOB_HEALTH, NODE_STATE } from '@/components/overview/labels';
import type { JobHealth, NodeState } from '@/lib/domain/enums';
import { gpusByNode } from '@/lib/domain/gpu-names';
import { formatCount } from '@/lib/domain/units';
import type { IncidentDetail } from '@/lib/queries/incidents/types';
import { QuickActions, targetsOf } from './QuickActions';
import styles from './incidents.module.css';

const MAX_NAMED_NODES = 6;

/** What it hurts: the GPUs its signals named (a throttled GPU, not every GPU of its job). */
function AffectedGpus({ gpus }: { gpus: IncidentDetail['incident']['gpus'] }) {
  const byNode = gpusByNode(gpus);
  return (
    <p data-testid="affected-gpus">
      <strong>
        {formatCount(gpus.length)} GPU{gpus.length === 1 ? '' : 's'} affected:
      </strong>{' '}
      {byNode.slice(0, MAX_NAMED_NODES).map((node, k) => (
        <span key={node.nodeId}>
          {k > 0 && '; '}
          <IntentLink href={`/nodes/${node.nodeId}`}>{node.hostname}</IntentLink> {node.label}
        </span>
      ))}
      {byNode.length > MAX_NAMED_NODES && <> and {formatCount(byNode.length - MAX_NAMED_NODES)} more nodes</>}
    </p>
  );
}

export function IncidentAffected({ data }: { data: IncidentDetail }) {
  const { job, node, charts, timeZone } = data;
  if (!job && !node) {
    return (
      <EmptyState
        title="No job or node named"
        description="Its signals did not name a job or node this console knows."
      />
    );
  }
  const health = job ? JOB_HEALTH[job.health as JobHealth] : null;
  const nodeState = node ? NODE_STATE[node.state as NodeState] : null;
  return (
    <div className={styles.affected}>
      <div className="grid-2">
        {job && (
          <dl className={styles.facts} aria-label="Affected job">
            <dt>Job</dt>
            <dd>
              <IntentLink href={`/jobs/${job.id}`}>{job.name}</IntentLink>{' '}
              <span className="subtle mono">{job.externalId}</span>
            </dd>
            <dt>Team</dt>
            <dd>
              {job.team} / {job.project}
            </dd>
            <dt>Health</dt>
            <dd>{health ? <Badge tone={health.tone}>{health.label}</Badge> : job.health}</dd>
            <dt>GPUs held</dt>
            <dd className="num">{formatCount(job.gpus)}</dd>
          </dl>
        )}
        {node && (
          <dl className={styles.facts} aria-label="Affected node">
            <dt>Node</dt>
            <dd>
              <IntentLink href={`/nodes/${node.id}`}>{node.hostname}</IntentLink>
            </dd>
            <dt>Pool</dt>
            <dd>{node.pool}</dd>
            <dt>State</dt>
            <dd>{nodeState ? <Badge tone={nodeState.tone}>{nodeState.label}</Badge> : node.state}</dd>
            <dt>GPUs</dt>
            <dd className="num">{formatCount(node.gpus)}</dd>
          </dl>
        )}
      </div>
      {data.incident.gpus.length > 0 && <AffectedGpus gpus={data.incident.gpus} />}
      {data.incident.state !== 'resolved' && (
        <QuickActions targets={targetsOf(data.incident)} incidentId={data.incident.id} />
      )}
      {charts.map((chart) =>
        chart.lines.length ? (
          <MultiLineChart
            key={chart.title}
            title={chart.title}
            t={chart.t}
            series={chart.lines}
            from={chart.from}
            to={chart.to}
            bucketSeconds={chart.bucketSeconds}
            timeZone={timeZone}
            format={(value) => `${Math.round(value)}%`}
            domain={[0, 100]}
            height={160}
          />
        ) : (
          <p key={chart.title} className="muted">
            {chart.title}: no samples around this incident.
          </p>
        ),
      )}
    </div>
  );
}
