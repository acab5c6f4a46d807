// Slurm nodes as the console's nodes: GPUs from GRES, a pool per partition, a state from Slurm's base state and
// flags, and the reason with who set it.
import type { NodeState, PricingClass } from '@/lib/domain/enums';
import type { NodeInfo, NodeStatusRecord, PoolInfo } from '@/lib/sources/types';
import type { SlurmNode } from './read';
import { nodeGpus } from './text';

/** A node in no partition (possible, if unusual) is pooled here. */
export const NO_PARTITION = 'no-partition';
/** The GPU model of an untyped GRES (`gpu:8`): a rate can be set for it like any other. */
export const UNTYPED_GPU = 'gpu';

export function gpuCount(node: SlurmNode): number {
  return nodeGpus(node.gres).reduce((sum, gpu) => sum + gpu.count, 0);
}

/** The GRES type the node has most GPUs of (`h100` from `gpu:h100:8`). */
export function gpuModel(node: SlurmNode): string {
  const gpus = nodeGpus(node.gres).sort((a, b) => b.count - a.count);
  return gpus[0]?.type ?? UNTYPED_GPU;
}

/** A node's pool: its first partition, in slurm.conf's order (a node may be in several overlapping ones). */
export const nodePool = (node: SlurmNode) => node.partitions[0] ?? NO_PARTITION;

/** Spot or reserved when a node feature says so (`spot`, `reserved`, `on_demand`), else the cluster's default. */
export function nodePricingClass(node: SlurmNode, fallback: PricingClass): PricingClass {
  for (const feature of node.features.map((f) => f.toLowerCase().replace('-', '_'))) {
    if (feature === 'spot' || feature === 'reserved' || feature === 'on_demand') return feature;
  }
  return fallback;
}

/**
 * Slurm knows how many GPUs a node has and their indices, not their UUIDs (dcgm-exporter supplies those): until
 * it does, each GPU is named by cluster, node and index, never a real UUID.
 */
export const placeholderGpuUuid = (cluster: string, hostname: string, index: number) =>
  `slurm:${cluster}/${hostname}/${index}`;

export function nodeInfo(node: SlurmNode, cluster: string): NodeInfo {
  const model = gpuModel(node);
  return {
    hostname: node.name,
    pool: nodePool(node),
    gpus: Array.from({ length: gpuCount(node) }, (_, index) => ({
      index,
      uuid: placeholderGpuUuid(cluster, node.name, index),
      model,
      memoryMib: 0,
    })),
  };
}

function mostCommon<T extends string>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

export function poolsOf(nodes: SlurmNode[], fallback: PricingClass): PoolInfo[] {
  const groups = new Map<string, SlurmNode[]>();
  for (const node of nodes) groups.set(nodePool(node), [...(groups.get(nodePool(node)) ?? []), node]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, members]) => ({
      name,
      gpuModel: mostCommon(members.map(gpuModel)),
      pricingClass: mostCommon(members.map((node) => nodePricingClass(node, fallback))),
      gpusPerNode: Math.max(...members.map(gpuCount)),
      desiredNodes: members.length,
    }));
}

const BUSY = new Set(['ALLOCATED', 'MIXED', 'COMPLETING']);

/** The console's state of a node and, where Slurm gives none, why. Slurm's words: `sinfo` and `scontrol show node`. */
export function nodeState(state: string[]): { state: NodeState; why: string | null } {
  const has = (word: string) => state.includes(word);
  const busy = state.some((word) => BUSY.has(word));
  if (has('NOT_RESPONDING')) return { state: 'down', why: 'not responding: slurmd does not answer slurmctld' };
  if (has('REBOOT_ISSUED')) return { state: 'rebooting', why: 'reboot issued' };
  if (has('DOWN') || has('ERROR') || has('FAIL') || has('INVALID_REG') || has('INVALID')) {
    return { state: 'down', why: 'down' };
  }
  // `scontrol reboot ASAP`: drains until idle, then reboots.
  if (has('REBOOT_REQUESTED'))
    return busy ? { state: 'draining', why: 'draining to reboot' } : { state: 'rebooting', why: 'reboot requested' };
  if (has('POWERING_UP') || has('POWER_UP') || has('FUTURE') || has('UNKNOWN')) {
    return { state: 'provisioning', why: 'not registered yet' };
  }
  if (has('POWERED_DOWN') || has('POWERING_DOWN') || has('POWER_DOWN')) {
    return { state: 'retired', why: 'powered down by Slurm power saving' };
  }
  if (has('DRAIN')) return busy ? { state: 'draining', why: 'draining' } : { state: 'cordoned', why: 'drained' };
  return { state: 'ready', why: null };
}

/** The reason with who set it, as `scontrol show node` shows it: `XID 79 on GPU 3 [ops]`. */
export function nodeReason(node: SlurmNode, why: string | null): string | null {
  if (!node.reason) return why;
  return node.reasonSetBy ? `${node.reason} [${node.reasonSetBy}]` : node.reason;
}

export function nodeStatus(node: SlurmNode, previous: NodeStatusRecord | undefined, now: Date): NodeStatusRecord {
  const { state, why } = nodeState(node.state);
  const reason = state === 'ready' ? null : nodeReason(node, why);
  // A state keeps the time it began; a new one began when its reason was set, else when first seen.
  const since =
    previous?.state === state
      ? previous.since
      : node.reasonChangedAt && state !== 'ready' && (!previous || node.reasonChangedAt > previous.since)
        ? node.reasonChangedAt
        : now;
  return {
    hostname: node.name,
    state,
    reason,
    since,
    bootId: node.bootTime ? String(node.bootTime.getTime() / 1000) : null,
  };
}
