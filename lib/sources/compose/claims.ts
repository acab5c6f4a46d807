// Which GPUs each job holds: the scheduler says how many on which node, dcgm-exporter's labels say which. Pure.
import type { GpuClaim, GpuSighting } from '@/lib/sources/types';
import type { SlotIndex } from './slots';

export interface Holdings {
  /** Job external id → the UUIDs of the GPUs it holds, sorted (the collector compares holdings in order). */
  byJob: Map<string, string[]>;
  /** UUID → the job holding it. */
  byGpu: Map<string, string>;
}

function groupByHost<T extends { hostname: string }>(items: Iterable<T>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.hostname);
    if (group) group.push(item);
    else groups.set(item.hostname, [item]);
  }
  return groups;
}

/**
 * Each claim's GPUs, first match wins: the slots dcgm-exporter labels with the claim's pod; the indices the
 * scheduler gave; else the claim's count of the lowest slots on its node that no sighting or other claim holds
 * (the count is right, the slots a fair guess until dcgm-exporter names them).
 */
export function resolveClaims(
  claims: readonly GpuClaim[],
  slots: SlotIndex,
  sightings: Iterable<GpuSighting>,
): Holdings {
  const holdings: Holdings = { byJob: new Map(), byGpu: new Map() };
  const seenOn = groupByHost(sightings);
  const hold = (job: string, uuid: string | undefined) => {
    if (!uuid || holdings.byGpu.has(uuid)) return;
    holdings.byGpu.set(uuid, job);
    const held = holdings.byJob.get(job);
    if (held) held.push(uuid);
    else holdings.byJob.set(job, [uuid]);
  };
  const ordered = [...claims].sort(
    (a, b) => a.jobExternalId.localeCompare(b.jobExternalId) || (a.pod ?? '').localeCompare(b.pod ?? ''),
  );
  for (const [hostname, onNode] of groupByHost(ordered)) {
    const taken = new Set<number>();
    const byPod = new Map<string, number[]>();
    for (const gpu of seenOn.get(hostname) ?? []) {
      // A GPU its labels give to someone (a pod, an HPC job) is not free for a guess.
      if (gpu.pod || gpu.hpcJob) taken.add(gpu.index);
      if (gpu.pod) byPod.set(gpu.pod, [...(byPod.get(gpu.pod) ?? []), gpu.index]);
    }
    const unplaced: GpuClaim[] = [];
    for (const claim of onNode) {
      const labelled = claim.pod ? byPod.get(claim.pod) : undefined;
      const indices = labelled ?? claim.indices;
      if (!indices) {
        unplaced.push(claim);
        continue;
      }
      for (const index of indices) {
        taken.add(index);
        hold(claim.jobExternalId, slots.uuidAt(hostname, index));
      }
    }
    if (!unplaced.length) continue;
    const free = [...slots.gpusOn(hostname).keys()].filter((index) => !taken.has(index)).sort((a, b) => a - b);
    for (const claim of unplaced) {
      for (const index of free.splice(0, claim.count)) hold(claim.jobExternalId, slots.uuidAt(hostname, index));
    }
  }
  for (const held of holdings.byJob.values()) held.sort();
  return holdings;
}
