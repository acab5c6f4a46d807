// Who the job is, how it is, and why: state and health badges, the worker's reason and since when, and the
// rule of DOMAIN.md that gives the verdict now, with the GPUs it fired on.
import { IntentLink } from '@/components/ui/IntentLink';
import { ActionButtons } from '@/components/actions';
import { Badge } from '@/components/ui';
import { gpusByNode } from '@/lib/domain/gpu-names';
import { formatAge, formatCount, formatDuration } from '@/lib/domain/units';
import type { JobDetail } from '@/lib/queries/jobs/types';
import type { OperationKind } from '@/lib/ops/kinds';
import { formatDateTime } from '@/components/charts/time-format';
import { HEALTH_RULE, JOB_HEALTH, JOB_KIND, JOB_STATE, WAIT_REASON } from './labels';
import styles from './job.module.css';

const MAX_NAMED_NODES = 4;

/** The GPUs a rule fired on, by node: "gpu-r-012 GPU 3", "gpu-s-012 GPUs 0–7", or all of them. */
function FiredOn({ gpus, held }: { gpus: NonNullable<JobDetail['evaluation']>['gpus']; held: number }) {
  if (gpus.length === 0) return null;
  const byNode = gpusByNode(gpus);
  const nodes = byNode.slice(0, MAX_NAMED_NODES);
  return (
    <p>
      <span className="muted">Fired on </span>
      {gpus.length === held && held > 1 && <>all {formatCount(held)} of its GPUs: </>}
      {nodes.map((node, k) => (
        <span key={node.nodeId}>
          {k > 0 && '; '}
          <IntentLink href={`/nodes/${node.nodeId}`}>{node.hostname}</IntentLink> {node.label}
        </span>
      ))}
      {byNode.length > nodes.length && <span> and {formatCount(byNode.length - nodes.length)} more nodes</span>}
    </p>
  );
}

/** The operations that fit the job's state now; the server refuses the rest anyway. */
function operationsFor(job: JobDetail['job']): OperationKind[] {
  if (job.state === 'succeeded' || job.state === 'cancelled') return [];
  const service = job.kind === 'inference';
  const restartable = !service && (job.state === 'running' || job.state === 'failed') && job.health !== 'recovering';
  return [
    ...(restartable ? (['job.restart'] as const) : []),
    ...(service && job.state !== 'failed' ? (['service.scale'] as const) : []),
    ...(job.state !== 'failed' ? (['job.cancel'] as const) : []),
  ];
}

export function JobHeader({ data, now, canAct }: { data: JobDetail; now: number; canAct: boolean }) {
  const { job, evaluation, timeZone } = data;
  const health = JOB_HEALTH[job.health];
  const state = JOB_STATE[job.state];
  const differs = evaluation && evaluation.health !== job.health;
  return (
    <header className={styles.header}>
      <div className="row">
        <h1 className="page-title">{job.name}</h1>
        <Badge tone={state.tone} icon={false} data-testid="job-state">
          {state.label}
        </Badge>
        <Badge tone={health.tone} data-testid="job-health">
          {health.label}
        </Badge>
        <div className="spacer" />
        <ActionButtons
          target={{ type: 'job', id: job.id, label: job.name, desired: job.desiredReplicas }}
          operations={operationsFor(job)}
          canAct={canAct}
        />
      </div>
      <p className={styles.meta}>
        <span className="mono">{job.externalId}</span>
        <span>
          {job.team} / {job.project}
        </span>
        <span>{JOB_KIND[job.kind]}</span>
        {job.partition && <span data-testid="job-partition">partition {job.partition}</span>}
        {job.owner && <span>owner {job.owner}</span>}
        <span>
          submitted <time dateTime={job.submittedAt}>{formatDateTime(job.submittedAt, timeZone)}</time>
        </span>
        {job.endedAt && (
          <span>
            ended <time dateTime={job.endedAt}>{formatDateTime(job.endedAt, timeZone)}</time>
          </span>
        )}
      </p>
      <section
        className={`${styles.why} ${styles[`why-${health.tone}`]}`}
        aria-label="Health and why"
        data-testid="health-reason"
      >
        {job.wait && (
          <p data-testid="job-wait">
            Waiting {formatDuration(Math.max(0, now - Date.parse(job.wait.since)))}
            {job.partition && <> in {job.partition}</>}
            {job.wait.position !== null && <>, #{formatCount(job.wait.position)} in the queue</>}:{' '}
            {WAIT_REASON[job.wait.reason]}
            {job.wait.detail && <span className="muted"> · {job.wait.detail}</span>}
          </p>
        )}
        <p className={styles.reason}>
          {job.healthReason ?? evaluation?.reason ?? (job.wait ? 'Not started yet' : 'No reason recorded')}
          {job.healthSince && (
            <span className="muted">
              {' '}
              · {health.label.toLowerCase()} since{' '}
              <time dateTime={job.healthSince}>{formatDateTime(job.healthSince, timeZone)}</time> (
              {formatAge(new Date(job.healthSince), new Date(now))})
            </span>
          )}
        </p>
        {evaluation && (
          <>
            <p>
              <span className="muted">Rule </span>
              {HEALTH_RULE[evaluation.rule]}
            </p>
            <FiredOn gpus={evaluation.gpus} held={data.cost.gpusHeld} />
            {differs && (
              <p className="muted">
                Evaluated again on the minutes up to {formatDateTime(evaluation.asOf, timeZone)}:{' '}
                {JOB_HEALTH[evaluation.health].label.toLowerCase()}, {evaluation.reason}. The worker records it on its
                next pass.
              </p>
            )}
          </>
        )}
      </section>
    </header>
  );
}
