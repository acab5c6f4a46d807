// A small gang scheduler. Jobs of 8 GPUs or more get whole nodes of one pool, all at once or not at all;
// smaller jobs and inference replicas are packed best-fit onto partly used nodes so whole nodes stay free.
// When a high-priority gang cannot fit, its pool is held for it: lower priorities may only fill gaps there.
// The reserved pool keeps two spare nodes for the pre-training run, so it can restart at once after a failure.
// A failed training or fine-tuning job's GPUs are held for its restart for a few minutes (jobs.ts), as Kueue keeps a
// workload admitted while its pods are recreated: nothing queued behind it is placed on them meanwhile.
import { resume } from './jobs';
import type { SimJob } from './state';
import { GPUS_PER_NODE as PER_NODE_IMPORT, POOLS, RESERVED_POOL } from './topology';
import type { SimWait, World } from './world';

const RECOVERING_PRIORITY = 100;
const TRAINING_PRIORITY = 20;
/** Priority from which a waiting gang holds its pool. */
const HOLDS_POOL_FROM = 10;
const AGED_AFTER_MS = 4 * 3_600_000;
const SPARE_NODES = 2;
/** Bound once: imported bindings are getters under tsx's CommonJS transform, and this one is in hot loops. */
const GPUS_PER_NODE = PER_NODE_IMPORT;

export function missingGpus(job: SimJob): number {
  const state = job.state;
  if (state === 'succeeded' || state === 'failed' || state === 'cancelled') return 0;
  if (state === 'running' && job.kind !== 'inference') return 0;
  return job.desiredReplicas * job.gpusPerReplica - job.gpus.length;
}

function priorityOf(job: SimJob, now: number): number {
  // A restart waiting in the queue for GPUs (resumeAt still set) keeps a restart's priority.
  if (job.state === 'recovering' || job.resumeAt !== null) return RECOVERING_PRIORITY;
  // A large fine-tune that has waited long enough gets to hold a pool too, so small jobs cannot starve it.
  return job.priority + (job.kind === 'fine_tuning' && now - job.submittedAt > AGED_AFTER_MS ? 5 : 0);
}

const wantsWholeNodes = (job: SimJob) => job.gpusPerReplica >= GPUS_PER_NODE;

interface Plan {
  free: number[];
  /** Whole free nodes in each pool. */
  wholeFree: number[];
  /** The priority below which whole nodes of each pool are held for a waiting gang. */
  heldAt: number[];
}

/** Ends the reservations of failed jobs not restarted in time: their GPUs go to the queue. */
export function endLapsedReservations(w: World, m: number) {
  for (const job of w.reserving) if (job.reservedUntil! <= m) w.unreserve(job);
}

export function schedule(w: World, m: number) {
  w.state.schedulerDirty = false;
  const now = m * 60_000;
  const queue = w.state.jobs.filter((job) => missingGpus(job) > 0);
  if (queue.length === 0) return;
  const priority = new Map(queue.map((job) => [job, priorityOf(job, now)]));
  queue.sort((a, b) => priority.get(b)! - priority.get(a)! || a.submittedAt - b.submittedAt || a.serial - b.serial);
  const plan: Plan = {
    free: [],
    wholeFree: w.layout.poolNodes.map(() => 0),
    heldAt: w.layout.poolNodes.map(() => -Infinity),
  };
  for (let n = 0; n < w.layout.nodeCount; n++) {
    const free = w.schedulable(n) ? w.freeGpusOn(n) : -1;
    plan.free.push(free);
    if (free === GPUS_PER_NODE) plan.wholeFree[w.layout.nodePool[n]]++;
  }
  const before: Plan = { free: [...plan.free], wholeFree: [...plan.wholeFree], heldAt: plan.heldAt };
  // A failed training run keeps its pool until its owner resubmits it (or someone restarts it).
  for (const job of w.state.finished) {
    if (job.kind === 'training' && job.state === 'failed' && job.resubmitAt !== null)
      hold(plan, job.pools[0], job.priority);
  }
  for (const job of queue) {
    const prio = priority.get(job)!;
    const complete = place(w, job, plan, prio, m);
    if (!complete && wantsWholeNodes(job) && job.kind !== 'inference' && prio >= HOLDS_POOL_FROM)
      hold(plan, poolsFor(w, job)[0], prio);
  }
  w.waits.clear();
  let position = 0;
  const reserved = w.reserving.size > 0 ? reservedCapacity(w, before) : null;
  for (const job of queue) {
    if (job.state !== 'pending' || missingGpus(job) === 0) continue;
    position += 1;
    w.waits.set(job, whyWaiting(w, job, priority.get(job)!, before, plan, reserved, position));
  }
}

interface Reserved {
  /** Whole nodes and the most GPUs free on one node that the pool would have with the reserved GPUs. */
  whole: number;
  mostFree: number;
  /** The failed jobs they are held for. */
  for: Set<SimJob>;
}

/** What the GPUs held for failed jobs' restarts add to each pool, over what was free before the pass. */
function reservedCapacity(w: World, before: Plan): Reserved[] {
  const pools = w.layout.poolNodes.map(() => ({ whole: 0, mostFree: 0, for: new Set<SimJob>() }));
  for (let n = 0; n < w.layout.nodeCount; n++) {
    if (before.free[n] < 0) continue;
    const pool = pools[w.layout.nodePool[n]];
    let free = before.free[n];
    for (let g = n * GPUS_PER_NODE; g < (n + 1) * GPUS_PER_NODE; g++) {
      const holder = w.reservedFor[g];
      if (holder === null || w.gpuJob[g] !== null || w.state.gpu.fault[g] !== 0) continue;
      free += 1;
      pool.for.add(holder);
    }
    if (free === GPUS_PER_NODE && before.free[n] < GPUS_PER_NODE) pool.whole += 1;
    pool.mostFree = Math.max(pool.mostFree, free);
  }
  return pools;
}

/**
 * What the pool's cordoned, draining, down or rebooting nodes would offer were they in service: whole nodes (a down
 * node loses its work, so all of it), and the most GPUs free on one of them.
 */
function outOfService(w: World, pool: number): { nodes: number; whole: number; mostFree: number } {
  const out = { nodes: 0, whole: 0, mostFree: 0 };
  for (const n of w.layout.poolNodes[pool]) {
    const node = w.state.nodes[n];
    if (node.condition === 'retired' || node.condition === 'provisioning' || node.retiring) continue;
    if (w.schedulable(n)) continue;
    const free = node.condition === 'ok' ? w.freeGpusOn(n) : GPUS_PER_NODE;
    out.nodes += 1;
    if (free === GPUS_PER_NODE) out.whole += 1;
    out.mostFree = Math.max(out.mostFree, free);
  }
  return out;
}

/**
 * Why a job the pass could not place waits, as a scheduler would say it: the pool is held for a higher-priority
 * job; what was free went to jobs ahead of it; nodes that could take it are cordoned or down; or its pools are
 * simply full.
 */
function whyWaiting(
  w: World,
  job: SimJob,
  prio: number,
  before: Plan,
  after: Plan,
  reserved: Reserved[] | null,
  position: number,
): SimWait {
  const pools = poolsFor(w, job);
  const need = missingGpus(job);
  const gang = need >= GPUS_PER_NODE;
  const nodes = Math.ceil(need / GPUS_PER_NODE);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const wanted = gang ? `${plural(nodes, 'whole node')}` : `${plural(need, 'GPU')} on one node`;
  const where = pools.map((p) => POOLS[p].name).join(' or ');
  const spare = (pool: number) => (pool === RESERVED_POOL && prio < TRAINING_PRIORITY ? SPARE_NODES : 0);
  const mostFree = (pool: number) => Math.max(0, ...w.layout.poolNodes[pool].map((n) => before.free[n]));
  const fits = (pool: number, extra = { whole: 0, mostFree: 0 }) =>
    gang
      ? before.wholeFree[pool] + extra.whole - spare(pool) >= nodes
      : Math.max(mostFree(pool), extra.mostFree) >= need;
  const wholeFree = pools.reduce((sum, p) => sum + Math.max(0, before.wholeFree[p] - spare(p)), 0);
  const free = gang
    ? `${wholeFree === 0 ? 'none' : wholeFree} free`
    : `at most ${Math.max(...pools.map(mostFree))} free on one node`;
  if (pools.every((p) => prio < after.heldAt[p])) {
    return { reason: 'priority', detail: `Needs ${wanted} in ${where}, held for a higher-priority job`, position };
  }
  if (pools.some((p) => fits(p))) {
    const ahead = position - 1;
    return {
      reason: 'priority',
      detail: `Needs ${wanted} in ${where}; ${ahead} job${ahead === 1 ? '' : 's'} ahead of it took what was free`,
      position,
    };
  }
  const heldFor = reserved ? pools.filter((p) => reserved[p].for.size > 0 && fits(p, reserved[p])) : [];
  if (heldFor.length > 0) {
    const whole = heldFor.reduce((sum, p) => sum + reserved![p].whole, 0);
    const held = gang ? plural(whole, 'whole node') : 'GPUs that would fit it';
    const ids = [...new Set(heldFor.flatMap((p) => [...reserved![p].for]))].map((holder) => holder.externalId);
    return {
      reason: 'priority',
      detail: `Needs ${wanted} in ${where}; ${free}, ${held} held for the restart of failed job ${ids.join(', ')}`,
      position,
    };
  }
  const out = pools.map((p) => outOfService(w, p));
  if (pools.some((p, k) => out[k].nodes > 0 && fits(p, out[k]))) {
    const count = out.reduce((sum, o) => sum + o.nodes, 0);
    return {
      reason: 'cordoned',
      detail: `Needs ${wanted} in ${where}; ${free}, ${plural(count, 'node')} cordoned, draining or down`,
      position,
    };
  }
  return { reason: 'capacity', detail: `Needs ${wanted} in ${where}; ${free}`, position };
}

function hold(plan: Plan, pool: number, prio: number) {
  plan.heldAt[pool] = Math.max(plan.heldAt[pool], prio);
}

/** A job that already holds GPUs must stay in their pool. */
function poolsFor(w: World, job: SimJob): number[] {
  if (job.gpus.length > 0 && job.kind !== 'inference') return [w.layout.nodePool[w.nodeOfGpu(job.gpus[0])]];
  return job.pools;
}

function place(w: World, job: SimJob, plan: Plan, prio: number, m: number): boolean {
  const pools = poolsFor(w, job);
  if (job.kind === 'inference') {
    while (missingGpus(job) > 0) {
      const gpus = findGpus(w, pools, job.gpusPerReplica, plan, prio);
      if (!gpus) break;
      w.hold(job, gpus, m);
    }
    if (job.state === 'pending' && job.gpus.length > 0) start(w, job, m);
    return missingGpus(job) === 0;
  }
  const gpus = findGpus(w, pools, missingGpus(job), plan, prio);
  if (!gpus) return false;
  w.hold(job, gpus, m);
  if (job.state === 'pending') start(w, job, m);
  return true;
}

function start(w: World, job: SimJob, m: number) {
  if (job.resumeAt !== null) return resume(w, job, m);
  const now = m * 60_000;
  const resumed = job.startedAt !== null;
  job.state = 'running';
  job.startedAt ??= now;
  job.loadingUntil = m + (job.kind === 'training' ? 3 : 2);
  const hosts = new Set(job.gpus.map((g) => w.layout.hostnames[w.nodeOfGpu(g)]));
  const where = hosts.size === 1 ? [...hosts][0] : `${hosts.size} nodes`;
  w.event(job, now, 'started', resumed ? `Started again on ${where}` : `Started on ${where}`, {
    gpus: job.gpus.length,
  });
}

function findGpus(w: World, pools: number[], count: number, plan: Plan, prio: number): number[] | null {
  for (const pool of pools) {
    // Whole nodes this job may take: none where the pool is held for a higher priority, fewer than all where spares are kept.
    const spare = pool === RESERVED_POOL && prio < TRAINING_PRIORITY ? SPARE_NODES : 0;
    const takable = prio < plan.heldAt[pool] ? 0 : Math.max(0, plan.wholeFree[pool] - spare);
    const found =
      count >= GPUS_PER_NODE ? wholeNodes(w, pool, count, plan, takable) : bestFit(w, pool, count, plan, takable);
    if (found) return found;
  }
  return null;
}

function wholeNodes(w: World, pool: number, count: number, plan: Plan, takable: number): number[] | null {
  const wanted = Math.ceil(count / GPUS_PER_NODE);
  if (wanted > takable) return null;
  const gpus: number[] = [];
  for (const n of w.layout.poolNodes[pool]) {
    if (plan.free[n] !== GPUS_PER_NODE) continue;
    plan.free[n] = 0;
    for (let i = 0; i < GPUS_PER_NODE; i++) gpus.push(n * GPUS_PER_NODE + i);
    if (gpus.length >= wanted * GPUS_PER_NODE) break;
  }
  plan.wholeFree[pool] -= wanted;
  return gpus;
}

function bestFit(w: World, pool: number, count: number, plan: Plan, takable: number): number[] | null {
  const free = plan.free;
  let best = -1;
  for (const n of w.layout.poolNodes[pool]) {
    const f = free[n];
    if (f < count || (f === GPUS_PER_NODE && takable === 0)) continue;
    if (best < 0 || f < free[best]) best = n;
    if (f === count) break;
  }
  if (best < 0) return null;
  const gpus: number[] = [];
  for (let g = best * GPUS_PER_NODE; g < (best + 1) * GPUS_PER_NODE && gpus.length < count; g++) {
    if (w.isFree(g)) gpus.push(g);
  }
  if (free[best] === GPUS_PER_NODE) plan.wholeFree[pool]--;
  free[best] -= count;
  return gpus;
}
