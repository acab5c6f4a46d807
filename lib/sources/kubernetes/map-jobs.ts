// Batch Jobs, and GPU Deployments and StatefulSets (services), as the console's job records.
import type { V1Deployment, V1Job, V1StatefulSet } from '@kubernetes/client-node';
import { JOB_KINDS, type JobKind, type JobState } from '@/lib/domain/enums';
import type { JobRecord } from '@/lib/sources/types';
import { KIND_LABEL, OWNER_LABEL, PROJECT_LABEL, QUEUE_LABEL, RESTARTS_ANNOTATION, TEAM_LABEL } from './labels';
import { containerRestarts, firstPodStart, podSpecGpus, type PodObject } from './map-pods';

/**
 * Team and project from the console's labels, else the namespace; kind from its label, else the default; its
 * partition is the Kueue queue it is submitted to, where it is.
 */
export function jobIdentity(labels: Record<string, string>, namespace: string, defaultKind: JobKind) {
  const declared = labels[KIND_LABEL]?.toLowerCase().replace('-', '_') as JobKind | undefined;
  return {
    team: labels[TEAM_LABEL] || namespace,
    project: labels[PROJECT_LABEL] || namespace,
    kind: declared && JOB_KINDS.includes(declared) ? declared : defaultKind,
    owner: labels[OWNER_LABEL] || null,
    partition: labels[QUEUE_LABEL] || null,
  };
}

/** Restarts the console made by creating the workload again (see RESTARTS_ANNOTATION). */
export function consoleRestarts(annotations: Record<string, string> | undefined): number {
  const count = Number.parseInt(annotations?.[RESTARTS_ANNOTATION] ?? '0', 10);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

/** Fields no orchestrator knows: checkpoints, steps and throughput come from the framework, GPUs from metrics. */
export function frameworkUnknown(): Pick<JobRecord, 'lastCheckpointAt' | 'step' | 'tokensPerSecond' | 'gpuUuids'> {
  return { lastCheckpointAt: null, step: null, tokensPerSecond: null, gpuUuids: [] };
}

function isTrue(conditions: { type: string; status: string }[] | undefined, type: string) {
  return (conditions ?? []).some((condition) => condition.type === type && condition.status === 'True');
}

/**
 * From the Job's status conditions (Complete, Failed, Suspended; SuccessCriteriaMet and FailureTarget say the same
 * a little earlier), else from its pods: running when one is ready, recovering when a failed pod is being replaced.
 */
export function batchJobState(job: V1Job): JobState {
  const status = job.status;
  const conditions = status?.conditions;
  if (isTrue(conditions, 'Complete') || isTrue(conditions, 'SuccessCriteriaMet')) return 'succeeded';
  if (isTrue(conditions, 'Failed') || isTrue(conditions, 'FailureTarget')) return 'failed';
  if (isTrue(conditions, 'Suspended')) return 'pending';
  const active = status?.active ?? 0;
  const ready = status?.ready ?? active;
  if (active > 0 && ready > 0) return 'running';
  if (active > 0 && (status?.failed ?? 0) > 0) return 'recovering';
  return 'pending';
}

/**
 * Each failed pod the controller replaced is a restart (the last failure of a failed Job is not), and so is each
 * container restart, and each time the console created the Job again.
 */
export function batchJobRestarts(job: V1Job, pods: PodObject[]): number {
  const replaced = Math.max(0, (job.status?.failed ?? 0) - (batchJobState(job) === 'failed' ? 1 : 0));
  const containers = pods.reduce((sum, pod) => sum + containerRestarts(pod), 0);
  return consoleRestarts(job.metadata?.annotations) + replaced + containers;
}

export function batchJobRecord(job: V1Job, pods: PodObject[], now: Date): JobRecord | null {
  const perPod = podSpecGpus(job.spec?.template.spec);
  if (perPod === 0) return null;
  const namespace = job.metadata?.namespace ?? 'default';
  const name = job.metadata?.name ?? '';
  const state = batchJobState(job);
  const ended = job.status?.conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  const restarts = batchJobRestarts(job, pods);
  return {
    externalId: `${namespace}/${name}`,
    name,
    ...jobIdentity(job.metadata?.labels ?? {}, namespace, 'training'),
    state,
    gpusRequested: perPod * (job.spec?.parallelism ?? 1),
    submittedAt: job.metadata?.creationTimestamp ?? now,
    startedAt: job.status?.startTime ?? null,
    endedAt: job.status?.completionTime ?? ended?.lastTransitionTime ?? null,
    restartCount: restarts,
    replicas: null,
    desiredReplicas: null,
    ...frameworkUnknown(),
  };
}

type Service = V1Deployment | V1StatefulSet;

/**
 * A Deployment or StatefulSet whose pods hold GPUs is a service (inference unless labelled otherwise): its
 * replicas are the ready pods; a rollout restart (which the console makes) counts as a restart.
 */
export function serviceRecord(service: Service, pods: PodObject[], now: Date): JobRecord | null {
  const perPod = podSpecGpus(service.spec?.template.spec);
  if (perPod === 0) return null;
  const namespace = service.metadata?.namespace ?? 'default';
  const name = service.metadata?.name ?? '';
  const desired = service.spec?.replicas ?? 1;
  const ready = service.status?.readyReplicas ?? 0;
  const conditions: { type: string; status: string; lastTransitionTime?: Date }[] = service.status?.conditions ?? [];
  const available = conditions.find((c) => c.type === 'Available' && c.status === 'True');
  return {
    externalId: `${namespace}/${name}`,
    name,
    ...jobIdentity(service.metadata?.labels ?? {}, namespace, 'inference'),
    state: ready > 0 ? 'running' : 'pending',
    gpusRequested: perPod * desired,
    submittedAt: service.metadata?.creationTimestamp ?? now,
    startedAt: ready > 0 ? (available?.lastTransitionTime ?? firstPodStart(pods)) : null,
    endedAt: null,
    restartCount:
      consoleRestarts(service.metadata?.annotations) + pods.reduce((sum, pod) => sum + containerRestarts(pod), 0),
    replicas: ready,
    desiredReplicas: desired,
    ...frameworkUnknown(),
  };
}
