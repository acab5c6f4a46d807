// Kubeflow training jobs and JobSets as the console's job records: one job each, with all its pods' GPUs.
import type { JobState } from '@/lib/domain/enums';
import type { JobRecord } from '@/lib/sources/types';
import type { JobSet, TrainingJob } from './custom';
import { consoleRestarts, frameworkUnknown, jobIdentity } from './map-jobs';
import { containerRestarts, firstPodStart, podSpecGpus, type PodObject } from './map-pods';

type Condition = { type: string; status: string; lastTransitionTime?: string };

const isTrue = (conditions: Condition[], type: string) =>
  conditions.some((condition) => condition.type === type && condition.status === 'True');

const toDate = (value: string | undefined) => (value ? new Date(value) : null);

/** The training operator's conditions, most decisive first: Succeeded, Failed, Restarting, Running, Suspended, Created. */
const TRAINING_STATES: [string, JobState][] = [
  ['Succeeded', 'succeeded'],
  ['Failed', 'failed'],
  ['Restarting', 'recovering'],
  ['Running', 'running'],
  ['Suspended', 'pending'],
  ['Created', 'pending'],
];

export function trainingJobState(conditions: Condition[]): JobState {
  for (const [type, state] of TRAINING_STATES) if (isTrue(conditions, type)) return state;
  return 'pending';
}

/** GPUs of all replicas: each replica type's count times the GPUs of its pod template. */
export function trainingJobGpus(job: TrainingJob): number {
  return job.replicas.reduce((sum, replica) => sum + replica.count * podSpecGpus(replica.podSpec), 0);
}

const podRestarts = (pods: PodObject[]) => pods.reduce((sum, pod) => sum + containerRestarts(pod), 0);

export function trainingJobRecord(job: TrainingJob, pods: PodObject[], now: Date): JobRecord | null {
  const gpus = trainingJobGpus(job);
  if (gpus === 0) return null;
  const { name, namespace } = job.metadata;
  const conditions = job.status?.conditions ?? [];
  const ended = conditions.find((c) => (c.type === 'Succeeded' || c.type === 'Failed') && c.status === 'True');
  // The operator keeps a Restarting condition (False once running again) after it recreated failed pods.
  const restarted = conditions.some((c) => c.type === 'Restarting') ? 1 : 0;
  return {
    externalId: `${namespace}/${name}`,
    name,
    ...jobIdentity(job.metadata.labels, namespace, 'training'),
    state: trainingJobState(conditions),
    gpusRequested: gpus,
    submittedAt: toDate(job.metadata.creationTimestamp) ?? now,
    startedAt: toDate(job.status?.startTime),
    endedAt: toDate(job.status?.completionTime) ?? toDate(ended?.lastTransitionTime),
    restartCount: consoleRestarts(job.metadata.annotations) + Math.max(podRestarts(pods), restarted),
    replicas: null,
    desiredReplicas: null,
    ...frameworkUnknown(),
  };
}

/** GPUs of a JobSet: per replicated job, its Jobs times their parallel pods times each pod's GPUs. */
export function jobSetGpus(jobSet: JobSet): number {
  return jobSet.spec.replicatedJobs.reduce(
    (sum, replicated) =>
      sum +
      replicated.replicas *
        (replicated.template.spec.parallelism ?? 1) *
        podSpecGpus(replicated.template.spec.template?.spec),
    0,
  );
}

/** Completed, Failed and Suspended conditions; otherwise running once one of its pods runs. */
export function jobSetState(jobSet: JobSet, pods: PodObject[]): JobState {
  const conditions = jobSet.status?.conditions ?? [];
  if (isTrue(conditions, 'Completed')) return 'succeeded';
  if (isTrue(conditions, 'Failed')) return 'failed';
  if (isTrue(conditions, 'Suspended') || jobSet.spec.suspend) return 'pending';
  return pods.some((pod) => pod.status?.phase === 'Running') ? 'running' : 'pending';
}

export function jobSetRecord(jobSet: JobSet, pods: PodObject[], now: Date): JobRecord | null {
  const gpus = jobSetGpus(jobSet);
  if (gpus === 0) return null;
  const { name, namespace } = jobSet.metadata;
  const conditions = jobSet.status?.conditions ?? [];
  const ended = conditions.find((c) => (c.type === 'Completed' || c.type === 'Failed') && c.status === 'True');
  return {
    externalId: `${namespace}/${name}`,
    name,
    ...jobIdentity(jobSet.metadata.labels, namespace, 'training'),
    state: jobSetState(jobSet, pods),
    gpusRequested: gpus,
    submittedAt: toDate(jobSet.metadata.creationTimestamp) ?? now,
    startedAt: firstPodStart(pods),
    endedAt: toDate(ended?.lastTransitionTime),
    restartCount: consoleRestarts(jobSet.metadata.annotations) + (jobSet.status?.restarts ?? 0) + podRestarts(pods),
    replicas: null,
    desiredReplicas: null,
    ...frameworkUnknown(),
  };
}
