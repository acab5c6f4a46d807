// Nodes: what state each reports, and the timed transitions (drains finishing, reboots, spot replacements,
// the datacentre staff repairing what nobody else did).
import type { NodeState } from '@/lib/domain/enums';
import { evict, killOnNode } from './jobs';
import type { SimNode } from './state';
import { GPUS_PER_NODE } from './topology';
import { minuteAtOrAfter, type World } from './world';

function reportedState(node: SimNode): [NodeState, string | null] {
  switch (node.condition) {
    case 'fault':
    case 'lost':
    case 'reclaimed':
      return ['down', node.reason];
    case 'rebooting':
      return ['rebooting', node.reason];
    case 'provisioning':
      return ['provisioning', node.reason];
  }
  if (node.draining) return ['draining', node.adminReason];
  if (node.cordoned) return ['cordoned', node.adminReason];
  return ['ready', null];
}

export function refreshNode(w: World, n: number, at: number) {
  const node = w.state.nodes[n];
  const [state, reason] = reportedState(node);
  if (state === node.reported && reason === node.reportedReason) return;
  if (state !== node.reported) node.since = at;
  node.reported = state;
  node.reportedReason = reason;
  w.nodeRecords[n] = null;
  if (state === 'ready') w.state.schedulerDirty = true;
}

/** A reboot (or a replacement instance) resets the GPUs: faults and volatile ECC counts clear. */
function resetGpus(w: World, n: number) {
  const gpu = w.state.gpu;
  for (let g = n * GPUS_PER_NODE; g < (n + 1) * GPUS_PER_NODE; g++) {
    gpu.fault[g] = 0;
    gpu.eccSbe[g] = 0;
    gpu.eccDbe[g] = 0;
  }
}

export function tickNodes(w: World, m: number) {
  const now = m * 60_000;
  const nodes = w.state.nodes;
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n];
    if (node.drainDoneAt === null && node.conditionUntil === null && node.repairAt === null) continue;
    if (node.drainDoneAt !== null && m >= node.drainDoneAt) completeDrain(w, n, now);
    if (node.conditionUntil !== null && m >= node.conditionUntil) {
      if (node.condition === 'reclaimed') {
        node.condition = 'provisioning';
        node.reason = 'A replacement spot instance is being provisioned';
        node.conditionUntil = m + w.rng.int(3, 6);
      } else {
        resetGpus(w, n);
        node.condition = 'ok';
        node.cordoned = false;
        node.draining = false;
        node.reason = null;
        node.adminReason = null;
        node.conditionUntil = null;
      }
    }
    if (node.repairAt !== null && m >= node.repairAt) {
      node.repairAt = null;
      if (node.condition === 'fault' || node.condition === 'lost') {
        reboot(w, n, now, 'Repaired by datacentre staff (reset and health-checked)', w.rng.int(3, 6) * 60_000);
      }
    }
    refreshNode(w, n, now);
  }
}

export function cordon(w: World, n: number, at: number, reason: string | null) {
  const node = w.state.nodes[n];
  node.cordoned = true;
  node.adminReason = reason ?? 'Cordoned by an operator';
  refreshNode(w, n, at);
}

export function uncordon(w: World, n: number, at: number) {
  const node = w.state.nodes[n];
  node.cordoned = false;
  node.draining = false;
  node.drainDoneAt = null;
  node.adminReason = null;
  w.state.schedulerDirty = true;
  refreshNode(w, n, at);
}

/** Cordons now; the jobs get a grace period to stop, then are evicted and the node stays cordoned. */
export function drain(w: World, n: number, at: number, reason: string | null, graceMs: number) {
  const node = w.state.nodes[n];
  node.cordoned = true;
  node.draining = true;
  node.adminReason = reason ?? 'Drained by an operator';
  node.drainDoneAt = minuteAtOrAfter(at + (w.jobsOnNode(n).length > 0 ? graceMs : 0));
  refreshNode(w, n, at);
}

function completeDrain(w: World, n: number, at: number) {
  const node = w.state.nodes[n];
  for (const job of w.jobsOnNode(n)) evict(w, job, at, n, `Evicted: ${w.layout.hostnames[n]} was drained`);
  node.draining = false;
  node.drainDoneAt = null;
}

/** Whatever runs there dies; the node comes back ready with healthy GPUs after `durationMs`. */
export function reboot(w: World, n: number, at: number, reason: string | null, durationMs: number) {
  const node = w.state.nodes[n];
  const host = w.layout.hostnames[n];
  killOnNode(w, n, at, () => `${host} was rebooted`, { hostname: host });
  node.condition = 'rebooting';
  node.reason = reason ?? 'Rebooted by an operator';
  node.conditionUntil = minuteAtOrAfter(at + durationMs);
  node.repairAt = null;
  node.draining = false;
  node.drainDoneAt = null;
  refreshNode(w, n, at);
}
