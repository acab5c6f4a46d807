// Nodes: what state each reports, and the timed transitions (drains finishing, reboots, replacements, spot
// replacements, the datacentre staff repairing what nobody else did, nodes leaving and rejoining their pool).
import type { NodeState } from '@/lib/domain/enums';
import { evict, killOnNode } from './jobs';
import type { SimNode } from './state';
import { GPUS_PER_NODE, POOLS, renewNodes } from './topology';
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
    case 'retired':
      return ['retired', node.reason];
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

/** What a reboot that does not help leaves: the node down, and a ticket for the datacentre staff. */
export const REBOOT_FAILED_REASON = 'The reboot did not clear the fault';
/** The staff swap a node a reboot could not fix in this many minutes, unless an operator replaces it first. */
const STAFF_REPLACE_MINUTES = 240;

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
      } else if (node.condition === 'rebooting' && node.rebootFails) {
        node.condition = 'fault';
        node.rebootFails = false;
        node.reason = REBOOT_FAILED_REASON;
        node.conditionUntil = null;
        node.repairAt = m + STAFF_REPLACE_MINUTES;
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
  if (node.retiring) retire(w, n);
}

/**
 * Whatever runs there dies; the node comes back ready with healthy GPUs after `durationMs`, unless `clears` is
 * false: then it goes down again when the reboot ends, with its fault still there.
 */
export function reboot(w: World, n: number, at: number, reason: string | null, durationMs: number, clears = true) {
  const node = w.state.nodes[n];
  const host = w.layout.hostnames[n];
  killOnNode(w, n, at, () => `${host} was rebooted`, { hostname: host });
  node.condition = 'rebooting';
  node.reason = reason ?? 'Rebooted by an operator';
  node.rebootFails = !clears;
  node.conditionUntil = minuteAtOrAfter(at + durationMs);
  node.repairAt = null;
  node.draining = false;
  node.drainDoneAt = null;
  refreshNode(w, n, at);
}

/** Swapped for a spare: its jobs die as in a reboot, and a fresh node is ready after `durationMs`. */
export function replace(w: World, n: number, at: number, reason: string | null, durationMs: number) {
  const node = w.state.nodes[n];
  const host = w.layout.hostnames[n];
  killOnNode(w, n, at, () => `${host} was taken out to be replaced`, { hostname: host });
  node.condition = 'provisioning';
  node.reason = `Being replaced with a spare node${reason ? `: ${reason}` : ''}`;
  // New hardware: a lemon is one no more.
  if (!node.renewed) {
    node.renewed = true;
    renewNodes(w.layout, w.seed, [n]);
  }
  node.rebootFails = false;
  node.conditionUntil = minuteAtOrAfter(at + durationMs);
  node.repairAt = null;
  node.draining = false;
  node.drainDoneAt = null;
  refreshNode(w, n, at);
}

/** Starts taking the node out of its pool: cordoned and drained as a drain does, then retired. */
export function startRetiring(w: World, n: number, at: number, reason: string, graceMs: number) {
  w.state.nodes[n].retiring = true;
  drain(w, n, at, reason, graceMs);
}

/** The node leaves the fleet: no longer schedulable, provisioned or watched for faults. */
function retire(w: World, n: number) {
  const node = w.state.nodes[n];
  const pool = POOLS[w.layout.nodePool[n]].name;
  node.condition = 'retired';
  node.reason = `Removed from ${pool} when the pool was scaled down`;
  node.retiring = false;
  node.rebootFails = false;
  node.cordoned = false;
  node.adminReason = null;
  node.conditionUntil = null;
  node.repairAt = null;
}

/** A node still draining to leave stays in the pool after all. */
export function keep(w: World, n: number, at: number) {
  const node = w.state.nodes[n];
  node.retiring = false;
  uncordon(w, n, at);
}

/** A retired node rejoins its pool: provisioned for `durationMs`, then ready with reset GPUs. */
export function provision(w: World, n: number, at: number, durationMs: number) {
  const node = w.state.nodes[n];
  const pool = POOLS[w.layout.nodePool[n]].name;
  node.condition = 'provisioning';
  node.reason = `Being provisioned for ${pool} as the pool was scaled up`;
  node.conditionUntil = minuteAtOrAfter(at + durationMs);
  refreshNode(w, n, at);
}
