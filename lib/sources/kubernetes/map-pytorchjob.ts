// Kubeflow PyTorchJobs as the console's job records.
import type { V1Pod } from '@kubernetes/client-node';
import type { JobState } from '@/lib/domain/enums';
import type { JobRecord } from '@/lib/sources/types';
import { frameworkUnknown, jobIdentity } from './map-jobs';
import { containerRestarts, podSpecGpus } from './map-pods';
import type { PyTorchJob } from './pytorchjob';

type Condition = NonNullable<PyTorchJob['status']>['conditions'][number];

/** The operator's conditions, most decisive first: Created, Running, Restarting, Succeeded, Failed (and Suspended). */
const STATE_BY_CONDITION: [string, JobState][] = [
  ['Succeeded', 'succeeded'],
  ['Failed', 'failed'],
  ['Restarting', 'recovering'],
  ['Running', 'running'],
  ['Suspended', 'pending'],
  ['Created', 'pending'],
];

export function pytorchJobState(conditions: Condition[]): JobState {
  for (const [type, state] of STATE_BY_CONDITION) {
    if (conditions.some((condition) => condition.type === type && condition.status === 'True')) return state;
  }
  return 'pending';
}

const toDate = (value: string | undefined) => (value ? new Date(value) : null);

/** GPUs of all replicas: each replica type's count times the GPUs of its pod template. */
export function pytorchJobGpus(job: PyTorchJob): number {
  return Object.values(job.spec.pytorchReplicaSpecs).reduce(
    (sum, replica) => sum + (replica.replicas ?? 1) * podSpecGpus(replica.template?.spec),
    0,
  );
}

export function pytorchJobRecord(job: PyTorchJob, pods: V1Pod[], now: Date): JobRecord | null {
  const gpus = pytorchJobGpus(job);
  if (gpus === 0) return null;
  const { name, namespace } = job.metadata;
  const conditions = job.status?.conditions ?? [];
  const ended = conditions.find((c) => (c.type === 'Succeeded' || c.type === 'Failed') && c.status === 'True');
  const podRestarts = pods.reduce((sum, pod) => sum + containerRestarts(pod), 0);
  // The operator keeps a Restarting condition (False once running again) after it recreated failed pods.
  const restarted = conditions.some((c) => c.type === 'Restarting') ? 1 : 0;
  return {
    externalId: `${namespace}/${name}`,
    name,
    ...jobIdentity(job.metadata.labels, namespace, 'training'),
    state: pytorchJobState(conditions),
    gpusRequested: gpus,
    submittedAt: toDate(job.metadata.creationTimestamp) ?? now,
    startedAt: toDate(job.status?.startTime),
    endedAt: toDate(job.status?.completionTime) ?? toDate(ended?.lastTransitionTime),
    restartCount: Math.max(podRestarts, restarted),
    replicas: null,
    desiredReplicas: null,
    ...frameworkUnknown(),
  };
}
