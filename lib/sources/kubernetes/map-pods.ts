// Pods: how many GPUs they ask for, which job they belong to, how often their containers restarted.
import type { V1Pod } from '@kubernetes/client-node';
import { GPU_RESOURCE, JOB_NAME_LABELS, PYTORCHJOB_NAME_LABEL } from './labels';

/** A quantity of whole devices ("8"); extended resources cannot be fractional. */
function deviceCount(quantity: string | undefined): number {
  if (quantity === undefined) return 0;
  const count = Number.parseInt(quantity, 10);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

type ResourceList = Record<string, string> | undefined;
/** The part of a pod spec that says what it asks for; V1PodSpec and a custom resource's template both fit. */
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

export function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export function containerRestarts(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
}

export type JobRef = { kind: 'Job' | 'PyTorchJob' | 'Deployment'; namespace: string; name: string };

export const jobRefId = (ref: JobRef) => `${ref.namespace}/${ref.name}`;

/**
 * The job a pod belongs to: its controller owner (a Job, a PyTorchJob, or a Deployment's ReplicaSet), else the
 * job-name labels the Job controller and the training operator put on pods.
 */
export function podOwner(pod: V1Pod): JobRef | null {
  const namespace = pod.metadata?.namespace ?? 'default';
  const labels = pod.metadata?.labels ?? {};
  const owners = pod.metadata?.ownerReferences ?? [];
  const owner = owners.find((ref) => ref.controller) ?? owners[0];
  if (owner?.kind === 'Job' && owner.apiVersion.startsWith('batch/'))
    return { kind: 'Job', namespace, name: owner.name };
  if (owner?.kind === 'PyTorchJob') return { kind: 'PyTorchJob', namespace, name: owner.name };
  if (owner?.kind === 'ReplicaSet') {
    // A Deployment names its ReplicaSets <deployment>-<pod-template-hash>.
    const hash = labels['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      return { kind: 'Deployment', namespace, name: owner.name.slice(0, -hash.length - 1) };
    }
    return null;
  }
  if (owner) return null;
  const pytorch = labels[PYTORCHJOB_NAME_LABEL];
  if (pytorch) return { kind: 'PyTorchJob', namespace, name: pytorch };
  for (const label of JOB_NAME_LABELS) if (labels[label]) return { kind: 'Job', namespace, name: labels[label] };
  return null;
}

/**
 * `namespace/pod` → job external id (`namespace/job`) for the pods that hold GPUs, so that a GPU sample that
 * dcgm-exporter labels with a pod can be charged to its job. Only jobs the source knows are kept.
 */
export function podToJobMap(pods: V1Pod[], knownJobs: ReadonlySet<string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const pod of pods) {
    if (podSpecGpus(pod.spec) === 0) continue;
    const owner = podOwner(pod);
    if (!owner) continue;
    const id = jobRefId(owner);
    if (knownJobs.has(id)) map.set(podKey(pod), id);
  }
  return map;
}

/** Pods grouped by the job they belong to, by job external id. */
export function podsByJob(pods: V1Pod[]): Map<string, V1Pod[]> {
  const groups = new Map<string, V1Pod[]>();
  for (const pod of pods) {
    const owner = podOwner(pod);
    if (!owner) continue;
    const id = jobRefId(owner);
    const group = groups.get(id);
    if (group) group.push(pod);
    else groups.set(id, [pod]);
  }
  return groups;
}
