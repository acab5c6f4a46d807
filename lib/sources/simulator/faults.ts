// Hardware and software trouble at the rates and in the mix published for large H100 clusters (DOMAIN.md, "The
// simulator"): unexpected interruptions per GPU-hour as Llama 3's pre-training saw them, with their causes;
// warning XIDs, correctable ECC and spot reclaims at fleet rates. Everything grows with the number of GPUs.
import { xidInfo } from '@/lib/domain/xid';
import { FAILURE_REASONS } from './catalog';
import { evict, fail, hang, killOnNode } from './jobs';
import { refreshNode } from './nodes';
import { GPUS_PER_NODE, SPOT_POOL } from './topology';
import { minuteAtOrAfter, minuteOf, type World } from './world';

const PER_DAY = 1 / 1440;
/** Fleet rates per 1,024 GPUs a day; a larger cluster has proportionally more. */
const WARNING_XIDS_PER_DAY = 24;
const SBE_EVENTS_PER_DAY = 8;
const SPOT_RECLAIMS_PER_DAY = 1.5;

/**
 * Unexpected interruptions at the rate Meta published for Llama 3 405B pre-training: 419 in 54 days on 16,384
 * H100s, one per about 50,700 GPU-hours (Dubey et al., "The Llama 3 Herd of Models", 2024, table 5). The world's
 * fault scale multiplies it (FLEET_SIM_FAULT_SCALE) for demos and drills.
 */
export const GPU_HOURS_PER_INTERRUPTION = (16_384 * 54 * 24) / 419;

export type InterruptionCause =
  'gpu' | 'hbm3' | 'software' | 'network' | 'host_maintenance' | 'sram' | 'gsp' | 'sdc' | 'other';

/** The published mix of root causes, percent (the rest of the 100: NIC, NCCL watchdog, thermal, power, CPU…). */
export const INTERRUPTION_MIX: readonly (readonly [InterruptionCause, number])[] = [
  ['gpu', 30.1],
  ['hbm3', 17.2],
  ['software', 12.9],
  ['network', 8.4],
  ['host_maintenance', 7.6],
  ['sram', 4.5],
  ['gsp', 4.1],
  ['sdc', 1.4],
  ['other', 13.8],
];

/** How each cause shows on the cluster: the XIDs a faulty GPU, HBM3, SRAM or GSP throws (NVIDIA's XID catalog). */
const GPU_XIDS = [
  [79, 3],
  [74, 1],
] as const;
const HBM3_XIDS = [
  [48, 2],
  [94, 1],
  [95, 1],
  [64, 1],
] as const;
const GSP_XIDS = [
  [119, 1],
  [120, 1],
] as const;

const WARNING_MIX = [
  [13, 4],
  [31, 3],
  [43, 2],
  [45, 1],
  [63, 1],
  [92, 1],
] as const;
/** Warnings raised by the application on the GPU, so only seen where a job runs. */
const APPLICATION_XIDS = new Set([13, 31, 43, 45]);

/** How many events of a rate per minute happen this minute: its whole part, and one more by chance. */
function count(w: World, perMinute: number): number {
  const whole = Math.floor(perMinute);
  return whole + (w.rng.chance(perMinute - whole) ? 1 : 0);
}

export function randomFaults(w: World, m: number) {
  const rng = w.rng;
  const now = m * 60_000;
  const size = w.layout.gpuCount / 1024;
  if (rng.chance(Math.min(1, WARNING_XIDS_PER_DAY * PER_DAY * size))) {
    const code = rng.weighted(WARNING_MIX);
    const g = pickGpu(w, APPLICATION_XIDS.has(code) ? 1 : 0);
    if (g >= 0) warningXid(w, g, code, now);
  }
  const interruptions = count(w, (w.layout.gpuCount * w.faultScale) / (GPU_HOURS_PER_INTERRUPTION * 60));
  for (let k = 0; k < interruptions; k++) interrupt(w, rng.weighted(INTERRUPTION_MIX), now);
  if (rng.chance(Math.min(1, SBE_EVENTS_PER_DAY * PER_DAY * size))) {
    const g = pickGpu(w, 0);
    if (g >= 0) singleBitEcc(w, g, rng.int(1, 6), now);
  }
  if (rng.chance(Math.min(1, SPOT_RECLAIMS_PER_DAY * PER_DAY * size))) {
    const spot = w.layout.poolNodes[SPOT_POOL];
    const n = spot.length ? rng.pick(spot) : -1;
    if (n >= 0 && w.state.nodes[n].condition === 'ok') reclaimSpot(w, n, now, rng.int(15, 45));
  }
}

/**
 * One unexpected interruption of the given cause. It strikes a GPU drawn by node weight (lemons draw many times
 * their share), busy ones first, as faults come with load: hardware causes take the node down with every job on
 * it; software and silent data corruption fail the job on the GPU; a network fault hangs it.
 */
export function interrupt(w: World, cause: InterruptionCause, at: number) {
  const rng = w.rng;
  const g = pickWeightedGpu(w);
  if (g < 0) return;
  const n = w.nodeOfGpu(g);
  const job = w.gpuJob[g];
  switch (cause) {
    case 'gpu':
      fatalXid(w, g, rng.weighted(GPU_XIDS), at, rng.int(100, 140));
      return;
    case 'hbm3':
      fatalXid(w, g, rng.weighted(HBM3_XIDS), at, rng.int(100, 140));
      return;
    case 'sram':
      fatalXid(w, g, 95, at, rng.int(100, 140));
      return;
    case 'gsp':
      fatalXid(w, g, rng.weighted(GSP_XIDS), at, rng.int(100, 140));
      return;
    case 'host_maintenance':
      nodeLost(w, n, at, rng.int(45, 150), 'Host went away for unplanned maintenance');
      return;
    case 'network':
      if (job && job.state === 'running' && job.kind !== 'inference' && job.hungSince === null)
        hang(w, job, minuteOf(at), rng.int(45, 90));
      return;
    case 'software':
    case 'sdc':
    case 'other':
      if (!job || job.state !== 'running' || job.kind === 'inference') return;
      if (cause === 'other' && rng.chance(0.5)) {
        nodeLost(w, n, at, rng.int(45, 150), 'Host stopped responding (NIC or power supply)');
        return;
      }
      fail(
        w,
        job,
        at,
        cause === 'sdc'
          ? 'Training loss diverged: silent data corruption suspected on one of its GPUs'
          : rng.pick(FAILURE_REASONS),
        { reason: cause === 'sdc' ? 'silent_data_corruption' : 'application' },
      );
      return;
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

/** A GPU on a healthy node drawn by its node's fault weight, a busy one more often than an idle one. */
function pickWeightedGpu(w: World): number {
  const weights = w.layout.faultWeights;
  for (let tries = 0; tries < 6; tries++) {
    const r = w.rng.next() * weights[weights.length - 1];
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    const g = lo * GPUS_PER_NODE + w.rng.int(0, GPUS_PER_NODE - 1);
    if (w.state.nodes[lo].condition !== 'ok' || w.state.gpu.fault[g] !== 0) continue;
    if (w.gpuJob[g] === null && w.rng.next() < 0.7) continue;
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

export function nodeLost(w: World, n: number, at: number, repairMinutes: number, why?: string) {
  const node = w.state.nodes[n];
  const host = w.layout.hostnames[n];
  killOnNode(w, n, at, () => `${host} was lost (not responding)`, { hostname: host });
  node.condition = 'lost';
  node.reason = why
    ? `Node lost: ${why.charAt(0).toLowerCase()}${why.slice(1)}`
    : 'Node lost: not responding to health checks';
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
