// Hardware trouble at fleet rates seen on large H100/H800 clusters: a couple of dozen warning XIDs a day,
// a few fatal ones, correctable ECC now and then, a node lost every few days, spot capacity reclaimed.
import { xidInfo } from '@/lib/domain/xid';
import { evict, killOnNode } from './jobs';
import { refreshNode } from './nodes';
import { GPUS_PER_NODE, SPOT_POOL } from './topology';
import { minuteAtOrAfter, minuteOf, type World } from './world';

const PER_DAY = 1 / 1440;
const WARNING_XIDS_PER_DAY = 24;
const FATAL_XIDS_PER_DAY = 2;
const SBE_EVENTS_PER_DAY = 8;
const NODES_LOST_PER_DAY = 0.3;
const SPOT_RECLAIMS_PER_DAY = 1.5;

const WARNING_MIX = [
  [13, 4],
  [31, 3],
  [43, 2],
  [45, 1],
  [63, 1],
  [92, 1],
] as const;
const FATAL_MIX = [
  [79, 3],
  [119, 2],
  [94, 2],
  [74, 2],
  [48, 1],
  [64, 1],
  [95, 1],
  [120, 1],
] as const;
/** Warnings raised by the application on the GPU, so only seen where a job runs. */
const APPLICATION_XIDS = new Set([13, 31, 43, 45]);

export function randomFaults(w: World, m: number) {
  const rng = w.rng;
  const now = m * 60_000;
  if (rng.chance(WARNING_XIDS_PER_DAY * PER_DAY)) {
    const code = rng.weighted(WARNING_MIX);
    const g = pickGpu(w, APPLICATION_XIDS.has(code) ? 1 : 0);
    if (g >= 0) warningXid(w, g, code, now);
  }
  if (rng.chance(FATAL_XIDS_PER_DAY * PER_DAY)) {
    // Faults come with load: a busy GPU is more likely to be the one.
    const g = pickGpu(w, 0.7);
    if (g >= 0) fatalXid(w, g, rng.weighted(FATAL_MIX), now, rng.int(100, 140));
  }
  if (rng.chance(SBE_EVENTS_PER_DAY * PER_DAY)) {
    const g = pickGpu(w, 0);
    if (g >= 0) singleBitEcc(w, g, rng.int(1, 6), now);
  }
  if (rng.chance(NODES_LOST_PER_DAY * PER_DAY)) {
    const n = rng.int(0, w.layout.nodeCount - 1);
    if (w.state.nodes[n].condition === 'ok') nodeLost(w, n, now, rng.int(45, 150));
  }
  if (rng.chance(SPOT_RECLAIMS_PER_DAY * PER_DAY)) {
    const spot = w.layout.poolNodes[SPOT_POOL];
    const n = spot.length ? rng.pick(spot) : -1;
    if (n >= 0 && w.state.nodes[n].condition === 'ok') reclaimSpot(w, n, now, rng.int(15, 45));
  }
}

/** A GPU on a healthy node; with `busyBias`, an idle pick is redrawn with that probability. */
function pickGpu(w: World, busyBias: number): number {
  for (let tries = 0; tries < 6; tries++) {
    const g = w.rng.int(0, w.layout.gpuCount - 1);
    if (w.state.nodes[w.nodeOfGpu(g)].condition !== 'ok' || w.state.gpu.fault[g] !== 0) continue;
    if (w.gpuJob[g] === null && busyBias > 0 && w.rng.next() < busyBias) continue;
    return g;
  }
  return -1;
}

/** The XID shows in the sample of the first minute not yet sampled at or after it. */
function recordXid(w: World, g: number, code: number, at: number) {
  w.state.gpu.lastXid[g] = code;
  w.state.gpu.lastXidMinute[g] = Math.max(minuteAtOrAfter(at), w.state.minute + 1);
}

export function warningXid(w: World, g: number, code: number, at: number) {
  const { meaning } = xidInfo(code);
  recordXid(w, g, code, at);
  w.fault(w.nodeOfGpu(g), g, at, 'xid', code, false, `XID ${code}: ${meaning}`);
  const job = w.gpuJob[g];
  if (job) w.event(job, at, 'xid', `XID ${code} on ${w.gpuLabel(g)}: ${meaning}`, xidData(w, g, code));
  if (code === 92) w.state.gpu.eccSbe[g] += 25;
}

/** The GPU is unusable until reset: its node goes down and every job on the node dies. */
export function fatalXid(w: World, g: number, code: number, at: number, repairMinutes: number): boolean {
  const n = w.nodeOfGpu(g);
  const node = w.state.nodes[n];
  if (node.condition !== 'ok') return false;
  const { meaning } = xidInfo(code);
  const host = w.layout.hostnames[n];
  const index = g % GPUS_PER_NODE;
  recordXid(w, g, code, at);
  if (code === 48) {
    w.state.gpu.eccDbe[g] += 1;
    w.fault(n, g, at, 'ecc_dbe', null, true, 'Uncorrectable (double-bit) ECC error');
  }
  w.fault(n, g, at, 'xid', code, true, `XID ${code}: ${meaning}`);
  const holder = w.gpuJob[g];
  if (holder) w.event(holder, at, 'xid', `XID ${code} on ${w.gpuLabel(g)}: ${meaning}`, xidData(w, g, code));
  killOnNode(
    w,
    n,
    at,
    (job) =>
      job === holder
        ? `XID ${code} on ${host} GPU ${index}: ${meaning}`
        : `${host} went down (XID ${code} on GPU ${index})`,
    xidData(w, g, code),
  );
  w.state.gpu.fault[g] = code;
  node.condition = 'fault';
  node.reason = `XID ${code} on GPU ${index}: ${meaning}`;
  node.repairAt = minuteOf(at) + repairMinutes;
  refreshNode(w, n, at);
  w.state.schedulerDirty = true;
  return true;
}

export function singleBitEcc(w: World, g: number, count: number, at: number) {
  const before = w.state.gpu.eccSbe[g];
  w.state.gpu.eccSbe[g] += count;
  w.fault(
    w.nodeOfGpu(g),
    g,
    at,
    'ecc_sbe',
    null,
    false,
    `${count} correctable (single-bit) ECC error${count === 1 ? '' : 's'}`,
  );
  // A high rate of correctable errors is itself reported as XID 92.
  if (Math.floor((before + count) / 20) > Math.floor(before / 20)) warningXid(w, g, 92, at);
}

export function nodeLost(w: World, n: number, at: number, repairMinutes: number) {
  const node = w.state.nodes[n];
  const host = w.layout.hostnames[n];
  killOnNode(w, n, at, () => `${host} was lost (not responding)`, { hostname: host });
  node.condition = 'lost';
  node.reason = 'Node lost: not responding to health checks';
  node.repairAt = minuteOf(at) + repairMinutes;
  w.fault(n, null, at, 'node_lost', null, true, `${host} stopped responding`);
  refreshNode(w, n, at);
}

/** The provider takes a spot instance back: its jobs are requeued and a replacement comes up later. */
function reclaimSpot(w: World, n: number, at: number, replaceMinutes: number) {
  const node = w.state.nodes[n];
  for (const job of w.jobsOnNode(n))
    evict(w, job, at, n, `Preempted: spot instance ${w.layout.hostnames[n]} was reclaimed`);
  node.condition = 'reclaimed';
  node.reason = 'Spot capacity reclaimed by the provider';
  node.conditionUntil = minuteOf(at) + replaceMinutes;
  node.repairAt = null;
  refreshNode(w, n, at);
}

function xidData(w: World, g: number, code: number) {
  return {
    xid: code,
    hostname: w.layout.hostnames[w.nodeOfGpu(g)],
    gpuUuid: w.layout.uuids[g],
    gpu: g % GPUS_PER_NODE,
  };
}
