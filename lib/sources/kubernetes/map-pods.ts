// Pods: how many GPUs they ask for, which job they belong to, where they hold GPUs, how often they restarted.
import type { V1Job, V1OwnerReference } from '@kubernetes/client-node';
import type { GpuClaim } from '@/lib/sources/types';
import { GPU_RESOURCE, JOBSET_NAME_LABEL, JOB_NAME_LABELS, TRAINING_JOB_NAME_LABEL } from './labels';

/** A quantity of whole devices ("8"); extended resources cannot be fractional. */
function deviceCount(quantity: string | undefined): number {
  if (quantity === undefined) return 0;
  const count = Number.parseInt(quantity, 10);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

type ResourceList = Record<string, string> | undefined;

interface ContainerStatusObject {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
}

/**
 * The fields of a pod the console reads. A PodObject has them; so has a pod read as plain JSON (tens of thousands of
 * them are read at each step, and the client's typed decoding of every field would double the cost), where dates
 * are still the API's strings.
 */
export interface PodObject {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: V1OwnerReference[];
    deletionTimestamp?: Date | string;
  };
  spec?: { nodeName?: string } & GpuPodSpec;
  status?: {
    phase?: string;
    startTime?: Date | string;
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: Date | string;
    }[];
    containerStatuses?: ContainerStatusObject[];
    initContainerStatuses?: ContainerStatusObject[];
  };
}

/** When a pod started, from a typed pod or a plain one. */
function podStartTime(pod: PodObject): Date | null {
  const at = pod.status?.startTime;
  return at ? new Date(at) : null;
}

/** When the first of a workload's pods started; null before any has. */
export function firstPodStart(pods: PodObject[]): Date | null {
  const starts = pods.map(podStartTime).filter((at): at is Date => !!at);
  return starts.length ? new Date(Math.min(...starts.map((at) => at.getTime()))) : null;
}
/** The part of a pod spec that says what it asks for; PodObjectSpec and a custom resource's template both fit. */
export interface GpuPodSpec {
  containers?: { resources?: { limits?: ResourceList; requests?: ResourceList } }[];
}

/** GPUs one pod of this spec holds: the sum of its containers' nvidia.com/gpu limits (or requests, which must equal them). */
export function podSpecGpus(spec: GpuPodSpec | undefined): number {
  let total = 0;
  for (const container of spec?.containers ?? []) {
    const resources = container.resources;
    total += deviceCount(resources?.limits?.[GPU_RESOURCE] ?? resources?.requests?.[GPU_RESOURCE]);
  }
  return total;
}

export function podKey(pod: PodObject): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export function containerRestarts(pod: PodObject): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
}

/** A workload the console reads as one job; its external id is `namespace/name` whatever its kind. */
export interface JobRef {
  kind: string;
  namespace: string;
  name: string;
}

export const jobRefId = (ref: Pick<JobRef, 'namespace' | 'name'>) => `${ref.namespace}/${ref.name}`;

/**
 * Batch Jobs that belong to a bigger workload (a JobSet's child Jobs, an MPIJob's launcher), by `namespace/name`:
 * their pods are that workload's.
 */
export function jobParents(jobs: V1Job[], workloadKinds: ReadonlySet<string>): Map<string, JobRef> {
  const parents = new Map<string, JobRef>();
  for (const job of jobs) {
    const namespace = job.metadata?.namespace ?? 'default';
    const owner = (job.metadata?.ownerReferences ?? []).find((ref) => ref.controller && workloadKinds.has(ref.kind));
    if (owner) parents.set(`${namespace}/${job.metadata?.name}`, { kind: owner.kind, namespace, name: owner.name });
  }
  return parents;
}

/**
 * The workload a pod belongs to: its controller owner (a Job, or the JobSet or training job above that Job, a
 * training job, a Deployment's ReplicaSet, a StatefulSet), else the labels the JobSet and Job controllers and
 * the training operator put on pods. Null for a pod of no workload (a bare pod, a DaemonSet's).
 */
export function podOwner(pod: PodObject, parents: ReadonlyMap<string, JobRef> = new Map()): JobRef | null {
  const namespace = pod.metadata?.namespace ?? 'default';
  const labels = pod.metadata?.labels ?? {};
  const owners = pod.metadata?.ownerReferences ?? [];
  const owner = owners.find((ref) => ref.controller) ?? owners[0];
  if (owner?.kind === 'Job' && owner.apiVersion.startsWith('batch/')) {
    if (labels[JOBSET_NAME_LABEL]) return { kind: 'JobSet', namespace, name: labels[JOBSET_NAME_LABEL] };
    return parents.get(`${namespace}/${owner.name}`) ?? { kind: 'Job', namespace, name: owner.name };
  }
  if (owner?.kind === 'ReplicaSet') {
    // A Deployment names its ReplicaSets <deployment>-<pod-template-hash>.
    const hash = labels['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      return { kind: 'Deployment', namespace, name: owner.name.slice(0, -hash.length - 1) };
    }
    return null;
  }
  if (owner?.kind === 'DaemonSet' || owner?.kind === 'Node') return null;
  if (owner) return { kind: owner.kind, namespace, name: owner.name };
  const training = labels[TRAINING_JOB_NAME_LABEL];
  if (training) return { kind: 'TrainingJob', namespace, name: training };
  for (const label of JOB_NAME_LABELS) if (labels[label]) return { kind: 'Job', namespace, name: labels[label] };
  return null;
}

/** Pods grouped by the workload they belong to, by its external id. */
export function podsByWorkload(pods: PodObject[], parents: ReadonlyMap<string, JobRef>): Map<string, PodObject[]> {
  const groups = new Map<string, PodObject[]>();
  for (const pod of pods) {
    const owner = podOwner(pod, parents);
    if (!owner) continue;
    const id = jobRefId(owner);
    const group = groups.get(id);
    if (group) group.push(pod);
    else groups.set(id, [pod]);
  }
  return groups;
}

/** A pod holds its GPUs from when it is bound to a node until it has finished. */
export function holdsGpus(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return !!pod.spec?.nodeName && phase !== 'Succeeded' && phase !== 'Failed' && podSpecGpus(pod.spec) > 0;
}

/** Where each known job's pods hold GPUs: one claim per pod, by count (Kubernetes does not say which GPUs). */
export function gpuClaims(
  pods: PodObject[],
  parents: ReadonlyMap<string, JobRef>,
  knownJobs: ReadonlySet<string>,
): GpuClaim[] {
  const claims: GpuClaim[] = [];
  for (const pod of pods) {
    if (!holdsGpus(pod)) continue;
    const owner = podOwner(pod, parents);
    const id = owner && jobRefId(owner);
    if (!id || !knownJobs.has(id)) continue;
    claims.push({
      jobExternalId: id,
      hostname: pod.spec!.nodeName!,
      count: podSpecGpus(pod.spec),
      indices: null,
      pod: podKey(pod),
    });
  }
  return claims;
}
