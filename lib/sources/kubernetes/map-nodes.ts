// Nodes: which carry GPUs, which pool and pricing class they belong to, and what state they are in.
import type { V1Node } from '@kubernetes/client-node';
import { PRICING_CLASSES, type PricingClass } from '@/lib/domain/enums';
import type { NodeInfo, NodeStatusRecord, PoolInfo } from '@/lib/sources/types';
import {
  CORDONED_AT_ANNOTATION,
  CORDON_REASON_ANNOTATION,
  GPU_MEMORY_LABEL,
  GPU_PRODUCT_LABEL,
  GPU_RESOURCE,
  MIRROR_POD_ANNOTATION,
  POOL_LABELS,
  PRICING_CLASS_LABEL,
} from './labels';
import type { PodObject } from './map-pods';
import { gpuHealth } from './node-health';

type Labels = Record<string, string>;

export const DEFAULT_POOL = 'default';
export const UNKNOWN_GPU_MODEL = 'unknown';

export function nodeGpuCount(node: V1Node): number {
  const count = Number.parseInt(node.status?.capacity?.[GPU_RESOURCE] ?? '0', 10);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

export function nodePool(labels: Labels): string {
  for (const label of POOL_LABELS) if (labels[label]) return labels[label];
  return DEFAULT_POOL;
}

/** Spot when the cloud or Karpenter says so; otherwise the console's own label, else on-demand. */
export function nodePricingClass(labels: Labels): PricingClass {
  const karpenter = labels['karpenter.sh/capacity-type']?.toLowerCase();
  if (karpenter === 'spot') return 'spot';
  if (labels['eks.amazonaws.com/capacityType']?.toUpperCase() === 'SPOT') return 'spot';
  if (labels['cloud.google.com/gke-spot'] === 'true' || labels['cloud.google.com/gke-preemptible'] === 'true') {
    return 'spot';
  }
  const declared = labels[PRICING_CLASS_LABEL]?.toLowerCase().replace('-', '_');
  if (PRICING_CLASSES.some((pricingClass) => pricingClass === declared)) return declared as PricingClass;
  if (karpenter === 'reserved') return 'reserved';
  return 'on_demand';
}

/** GPU feature discovery writes the product name with dashes for spaces ("NVIDIA-H100-80GB-HBM3"); kept as written. */
export function nodeGpuModel(labels: Labels): string {
  return labels[GPU_PRODUCT_LABEL] || UNKNOWN_GPU_MODEL;
}

export function nodeGpuMemoryMib(labels: Labels): number {
  const mib = Number.parseInt(labels[GPU_MEMORY_LABEL] ?? '', 10);
  return Number.isFinite(mib) && mib > 0 ? mib : 0;
}

/**
 * Kubernetes knows how many GPUs a node has, not their UUIDs (those come from dcgm-exporter). Until a metrics
 * source supplies them, each GPU is named by its node and index: `k8s:<hostname>/<index>`, never a real UUID.
 */
export function placeholderGpuUuid(hostname: string, index: number): string {
  return `k8s:${hostname}/${index}`;
}

export function nodeInfo(node: V1Node): NodeInfo {
  const hostname = node.metadata?.name ?? '';
  const labels = node.metadata?.labels ?? {};
  const model = nodeGpuModel(labels);
  const memoryMib = nodeGpuMemoryMib(labels);
  const gpus = Array.from({ length: nodeGpuCount(node) }, (_, index) => ({
    index,
    uuid: placeholderGpuUuid(hostname, index),
    model,
    memoryMib,
  }));
  return { hostname, pool: nodePool(labels), gpus };
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}

/** One pool per pool label value; Kubernetes has no desired size, so desiredNodes is the nodes it has now. */
export function poolsOf(nodes: V1Node[]): PoolInfo[] {
  const groups = new Map<string, V1Node[]>();
  for (const node of nodes) {
    const pool = nodePool(node.metadata?.labels ?? {});
    groups.set(pool, [...(groups.get(pool) ?? []), node]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, members]) => ({
      name,
      gpuModel: mostCommon(members.map((node) => nodeGpuModel(node.metadata?.labels ?? {}))),
      pricingClass: mostCommon(members.map((node) => nodePricingClass(node.metadata?.labels ?? {}))) as PricingClass,
      gpusPerNode: Math.max(...members.map(nodeGpuCount)),
      desiredNodes: members.length,
    }));
}

/** A pod a drain has to move: not a DaemonSet's (it would come straight back) and not a static (mirror) pod. */
export function isEvictable(pod: PodObject): boolean {
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION]) return false;
  return !(pod.metadata?.ownerReferences ?? []).some((ref) => ref.kind === 'DaemonSet');
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * No Ready condition yet → provisioning; Ready false or unknown → down; a GPU health condition true → down with
 * its fault; the GPU operator's validation not passed (or no GPU allocatable) → provisioning; spec.unschedulable
 * → cordoned, or draining while pods on it are being evicted; otherwise ready. The boot id tells restarts apart.
 */
export function nodeStatus(node: V1Node, podsOnNode: PodObject[], now: Date): NodeStatusRecord {
  const hostname = node.metadata?.name ?? '';
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  const readySince = ready?.lastTransitionTime ?? node.metadata?.creationTimestamp ?? now;
  const health = gpuHealth(node, podsOnNode);
  const common = { hostname, bootId: node.status?.nodeInfo?.bootID || null, signals: health.signals };
  if (!ready) return { ...common, state: 'provisioning', reason: 'no Ready condition reported yet', since: readySince };
  if (ready.status !== 'True') {
    const why = [ready.reason, ready.message].filter(Boolean).join(': ');
    return { ...common, state: 'down', reason: why || `Ready is ${ready.status}`, since: readySince };
  }
  if (health.gpuProblem) {
    const { reason, since, fault } = health.gpuProblem;
    return { ...common, state: 'down', reason, since: since ?? now, downFault: fault };
  }
  if (health.notReady) return { ...common, state: 'provisioning', reason: health.notReady, since: readySince };
  if (node.spec?.unschedulable) {
    const annotations = node.metadata?.annotations ?? {};
    const taint = node.spec.taints?.find((t) => t.key === 'node.kubernetes.io/unschedulable');
    const since = parseDate(annotations[CORDONED_AT_ANNOTATION]) ?? taint?.timeAdded ?? readySince;
    const evicting = podsOnNode.some((pod) => isEvictable(pod) && pod.metadata?.deletionTimestamp);
    return {
      ...common,
      state: evicting ? 'draining' : 'cordoned',
      reason: annotations[CORDON_REASON_ANNOTATION] ?? 'cordoned (spec.unschedulable)',
      since,
    };
  }
  return { ...common, state: 'ready', reason: null, since: readySince };
}
