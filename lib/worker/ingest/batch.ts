// Turns source snapshots into pending rows. Pure in-memory work: the batch is written by write.ts in one
// transaction, so a failed write leaves the database as it was and the batch can be rebuilt and retried.
import type { NodeState } from '@/lib/domain/enums';
import type {
  CheckpointRecord,
  FaultRecord,
  GpuSampleRecord,
  JobEventRecord,
  JobRecord,
  Snapshot,
} from '@/lib/sources/types';
import type { IngestContext } from './context';
import { accrueHeld, endPeriod, noteRecords, type LedgerOutput } from './ledger';
import { noteProgress } from './progress';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** GPUs on nodes in these states can run work; the rest count against availability. */
const SERVING_STATES: ReadonlySet<NodeState> = new Set(['ready', 'cordoned', 'draining']);
/** Nodes in these states are not part of the fleet's capacity at all. */
const OUTSIDE_STATES: ReadonlySet<NodeState> = new Set(['retired', 'provisioning']);

export interface AllocationRow {
  gpuId: number;
  jobExternalId: string;
  from: Date;
  to: Date | null;
  dbId: string | null;
}

export interface HourAccumulator {
  hour: number;
  minutes: number;
  utilSum: number;
  utilMin: number;
  fbUsedMax: number;
  powerSum: number;
  tempMax: number;
  xidCount: number;
  throttledMinutes: number;
}

export interface PoolMinuteRow {
  poolId: number;
  ts: number;
  provisioned: number;
  healthy: number;
  allocated: number;
  utilSum: number;
  powerSum: number;
  /** GPUs the source did not cover in the minute: in none of the counts above. */
  silent: number;
}

/** One job's samples in one UTC hour, each weighted by the minutes it stands for. */
export interface JobHourAccumulator {
  jobExternalId: string;
  hour: number;
  gpuMinutes: number;
  utilSum: number;
  idleGpuMinutes: number;
}

/** A GPU under this utilization (percent) counts as idle while allocated, as a hang does (DOMAIN.md). */
export const IDLE_UTIL_PERCENT = 5;

export class SampleColumns {
  gpuId: number[] = [];
  ts: Date[] = [];
  jobExternalId: (string | null)[] = [];
  util: number[] = [];
  smActiveBp: (number | null)[] = [];
  tensorActiveBp: (number | null)[] = [];
  fbUsedMib: number[] = [];
  powerW: number[] = [];
  tempC: number[] = [];
  xid: number[] = [];
  eccSbe: number[] = [];
  eccDbe: number[] = [];
  throttled: boolean[] = [];
  get length() {
    return this.gpuId.length;
  }
}

export class Batch {
  jobs = new Map<string, JobRecord>();
  /** Allocations opened or closed in this batch; rows with dbId are updates of open rows already written. */
  allocations: AllocationRow[] = [];
  /** Rows opened in this batch and not yet closed, by GPU, so a close within the batch finds them at once. */
  pendingOpen = new Map<number, AllocationRow>();
  nodeChanges: { nodeId: number; at: Date; from: NodeState | null; to: NodeState; reason: string | null }[] = [];
  gpuHealth = new Map<number, boolean>();
  events: JobEventRecord[] = [];
  checkpoints: CheckpointRecord[] = [];
  faults: FaultRecord[] = [];
  samples = new SampleColumns();
  /** Each GPU's newest reading in the batch, by GPU id: written to gpu_latest. */
  latest = new Map<number, GpuSampleRecord>();
  poolMinutes: PoolMinuteRow[] = [];
  hours = new Map<number, HourAccumulator[]>();
  /** Added to job_hourly when the batch is written: a batch is committed once, so sums never count twice. */
  jobHours = new Map<string, JobHourAccumulator>();
  /** The window the batch covers: (from, until]. */
  from: Date | null = null;
  /** The badput ledger's classes per job-hour, and the ledger states to save, from the periods that ended. */
  ledger: LedgerOutput = { hours: new Map(), states: new Map() };
  until: Date | null = null;
  /** The newest reading in the batch (its ts): what "data until" says. Null when the batch holds none. */
  readingsUntil: Date | null = null;

  get size() {
    return this.samples.length + this.poolMinutes.length + this.allocations.length + this.events.length;
  }
}

export interface ProcessOptions {
  /** Minute samples before this time are only rolled up, not stored (older than the raw retention). */
  keepSamplesFrom: Date;
  /** The minutes each sample stands for (the source samples every n minutes while backfilling). */
  sampleEveryMinutes?: number;
}

/** Per-GPU hourly accumulators that survive across batches until their hour is complete. */
export type HourState = Map<number, HourAccumulator>;

export function processSnapshot(
  ctx: IngestContext,
  hourState: HourState,
  batch: Batch,
  snapshot: Snapshot,
  from: Date,
  options: ProcessOptions,
) {
  const to = snapshot.at;
  batch.from ??= from;
  processNodes(ctx, batch, snapshot);
  processFaults(ctx, batch, snapshot.faults);
  // What the jobs held over this window, before the allocations move on to what they hold at its end.
  accrueHeld(ctx, from, to);
  for (const job of snapshot.jobs) {
    batch.jobs.set(job.externalId, job);
    const newRun = noteRun(ctx, job, to);
    const progress = noteProgress(ctx.progress.get(job.externalId), job, to, newRun);
    if (progress) ctx.progress.set(job.externalId, progress);
  }
  noteRecords(ctx, snapshot.jobs, snapshot.checkpoints);
  endPeriod(ctx, to, options.sampleEveryMinutes ?? 1, batch.ledger);
  processAllocations(ctx, batch, snapshot.jobs, to);
  batch.events.push(...snapshot.events);
  batch.checkpoints.push(...snapshot.checkpoints);
  // Before the first snapshot, the fleet rollup has nothing to carry on from: it starts at this window.
  ctx.rolledUntil ??= Math.floor(from.getTime() / MINUTE) * MINUTE;
  // Its samples stand for the period that ends next: the ledger reads them there, from the GPUs' slots.
  processSamples(ctx, hourState, batch, snapshot, options);
  batch.until = to;
}

function processNodes(ctx: IngestContext, batch: Batch, snapshot: Snapshot) {
  for (const node of snapshot.nodes) {
    const nodeId = ctx.nodeIdByHostname.get(node.hostname);
    if (nodeId === undefined) continue;
    const previous = ctx.nodeStates.get(nodeId) ?? null;
    if (previous === node.state) continue;
    batch.nodeChanges.push({ nodeId, at: node.since, from: previous, to: node.state, reason: node.reason });
    ctx.nodeStates.set(nodeId, node.state);
    // A node that comes back ready has been reset or repaired: its GPUs are healthy again.
    if (node.state === 'ready') {
      for (const gpuId of ctx.gpuIdsByNodeId.get(nodeId) ?? []) {
        if (ctx.unhealthyGpuIds.delete(gpuId)) batch.gpuHealth.set(gpuId, true);
      }
    }
  }
}

function processFaults(ctx: IngestContext, batch: Batch, faults: FaultRecord[]) {
  for (const fault of faults) {
    batch.faults.push(fault);
    if (!fault.fatal || !fault.gpuUuid) continue;
    const gpuId = ctx.gpuIdByUuid.get(fault.gpuUuid);
    if (gpuId === undefined) continue;
    ctx.unhealthyGpuIds.add(gpuId);
    batch.gpuHealth.set(gpuId, false);
  }
}

/**
 * When the job's current run began: the snapshot in which it was first seen running again (after pending or a
 * restart, including one begun and over between two snapshots: its restarts went up), or its start when the
 * collector meets it already running.
 */
function noteRun(ctx: IngestContext, job: JobRecord, at: Date): boolean {
  const previous = ctx.jobStates.get(job.externalId);
  const restartsBefore = ctx.jobRestarts.get(job.externalId);
  ctx.jobStates.set(job.externalId, job.state);
  ctx.jobRestarts.set(job.externalId, job.restartCount);
  if (job.state !== 'running') {
    ctx.runningSince.delete(job.externalId);
    return false;
  }
  const restarted = restartsBefore !== undefined && job.restartCount > restartsBefore;
  if (previous === undefined) ctx.runningSince.set(job.externalId, job.startedAt ?? at);
  else if (previous !== 'running' || restarted || !ctx.runningSince.has(job.externalId))
    ctx.runningSince.set(job.externalId, at);
  else return false;
  return true;
}

const sameGpus = (a: readonly string[] | undefined, b: readonly string[]) =>
  a !== undefined && a.length === b.length && a.every((uuid, i) => uuid === b[i]);

/**
 * Allocation intervals come from the difference between what each job holds now and what it held before.
 * Only jobs whose holdings changed are looked at: most minutes, that is none of them.
 */
function processAllocations(ctx: IngestContext, batch: Batch, jobs: JobRecord[], at: Date) {
  const seen = new Set<string>();
  const changed: { externalId: string; gpuUuids: readonly string[] }[] = [];
  for (const job of jobs) {
    seen.add(job.externalId);
    if (!sameGpus(ctx.jobGpuUuids.get(job.externalId), job.gpuUuids)) changed.push(job);
  }
  // A job the source no longer lists has ended: whatever it held is released.
  for (const [externalId, held] of ctx.jobGpuUuids) {
    if (!seen.has(externalId) && held.length) changed.push({ externalId, gpuUuids: [] });
  }
  if (!changed.length) return;

  const opens: [number, string][] = [];
  for (const job of changed) {
    const next = new Set<number>();
    for (const uuid of job.gpuUuids) {
      const gpuId = ctx.gpuIdByUuid.get(uuid);
      if (gpuId !== undefined) next.add(gpuId);
    }
    for (const uuid of ctx.jobGpuUuids.get(job.externalId) ?? []) {
      const gpuId = ctx.gpuIdByUuid.get(uuid);
      if (gpuId !== undefined && !next.has(gpuId)) closeAllocation(ctx, batch, gpuId, job.externalId, at);
    }
    for (const gpuId of next) opens.push([gpuId, job.externalId]);
    if (job.gpuUuids.length) ctx.jobGpuUuids.set(job.externalId, [...job.gpuUuids]);
    else ctx.jobGpuUuids.delete(job.externalId);
  }
  // Opens after all closes, so a GPU handed from one job to another in the same minute moves cleanly.
  for (const [gpuId, jobExternalId] of opens) {
    const open = ctx.openAllocations.get(gpuId);
    if (open?.jobExternalId === jobExternalId) continue;
    if (open) closeAllocation(ctx, batch, gpuId, open.jobExternalId, at);
    ctx.openAllocations.set(gpuId, { jobExternalId, from: at, dbId: null });
    const row: AllocationRow = { gpuId, jobExternalId, from: at, to: null, dbId: null };
    batch.allocations.push(row);
    batch.pendingOpen.set(gpuId, row);
  }
}

function closeAllocation(ctx: IngestContext, batch: Batch, gpuId: number, jobExternalId: string, at: Date) {
  const open = ctx.openAllocations.get(gpuId);
  if (!open || open.jobExternalId !== jobExternalId) return;
  const pending = batch.pendingOpen.get(gpuId);
  if (pending && pending.jobExternalId === jobExternalId) {
    pending.to = at;
    batch.pendingOpen.delete(gpuId);
  } else {
    batch.allocations.push({ gpuId, jobExternalId, from: open.from, to: at, dbId: open.dbId });
  }
  ctx.openAllocations.delete(gpuId);
}

/** A ratio 0..1 as basis points, the compact form gpu_sample stores. */
export const toBp = (ratio: number | null) =>
  ratio === null ? null : Math.round(Math.min(1, Math.max(0, ratio)) * 10_000);

/**
 * Stores and rolls up each sample, and writes the fleet rollup for each minute the samples cover as soon as all of
 * that minute's samples are in: sources emit samples in time order, one minute (or period) after the other.
 */
function processSamples(
  ctx: IngestContext,
  hourState: HourState,
  batch: Batch,
  snapshot: Snapshot,
  options: ProcessOptions,
) {
  const keepFrom = options.keepSamplesFrom.getTime();
  const every = options.sampleEveryMinutes ?? 1;
  const columns = batch.samples;
  const { slots } = ctx;
  let minute: number | null = null;
  for (const sample of snapshot.samples) {
    const gpuId = ctx.gpuIdByUuid.get(sample.uuid);
    if (gpuId === undefined) continue;
    const ts = sample.ts.getTime();
    if (minute !== null && ts !== minute) rollUpMinutes(ctx, batch, minute, every);
    minute = ts;
    const slot = slots.slotByGpuId.get(gpuId)!;
    slots.readingAt[slot] = ts;
    slots.util[slot] = sample.util;
    slots.power[slot] = sample.powerW;
    batch.latest.set(gpuId, sample);
    if (ts >= keepFrom) {
      columns.gpuId.push(gpuId);
      columns.ts.push(sample.ts);
      columns.jobExternalId.push(sample.jobExternalId);
      columns.util.push(Math.round(sample.util));
      columns.smActiveBp.push(toBp(sample.smActive));
      columns.tensorActiveBp.push(toBp(sample.tensorActive));
      columns.fbUsedMib.push(Math.round(sample.fbUsedMib));
      columns.powerW.push(sample.powerW);
      columns.tempC.push(Math.round(sample.tempC));
      columns.xid.push(sample.xid);
      columns.eccSbe.push(sample.eccSbe);
      columns.eccDbe.push(sample.eccDbe);
      columns.throttled.push(sample.throttled);
    }
    accumulateHour(hourState, batch, gpuId, ts, sample);
    if (sample.jobExternalId !== null) accumulateJobHour(batch, ts, sample, every);
  }
  if (minute !== null) {
    rollUpMinutes(ctx, batch, minute, every);
    if (!batch.readingsUntil || minute > batch.readingsUntil.getTime()) batch.readingsUntil = new Date(minute);
  }
}

function accumulateJobHour(batch: Batch, ts: number, sample: Snapshot['samples'][number], minutes: number) {
  const hour = ts - (ts % HOUR);
  const key = `${sample.jobExternalId}\u0000${hour}`;
  let acc = batch.jobHours.get(key);
  if (!acc) {
    acc = { jobExternalId: sample.jobExternalId!, hour, gpuMinutes: 0, utilSum: 0, idleGpuMinutes: 0 };
    batch.jobHours.set(key, acc);
  }
  acc.gpuMinutes += minutes;
  acc.utilSum += sample.util * minutes;
  if (sample.util < IDLE_UTIL_PERCENT) acc.idleGpuMinutes += minutes;
}

function accumulateHour(
  hourState: HourState,
  batch: Batch,
  gpuId: number,
  ts: number,
  sample: Snapshot['samples'][number],
) {
  const hour = ts - (ts % HOUR);
  let acc = hourState.get(gpuId);
  if (acc && acc.hour !== hour) {
    const done = batch.hours.get(gpuId) ?? [];
    done.push(acc);
    batch.hours.set(gpuId, done);
    acc = undefined;
  }
  if (!acc) {
    acc = {
      hour,
      minutes: 0,
      utilSum: 0,
      utilMin: 100,
      fbUsedMax: 0,
      powerSum: 0,
      tempMax: 0,
      xidCount: 0,
      throttledMinutes: 0,
    };
    hourState.set(gpuId, acc);
  }
  acc.minutes++;
  acc.utilSum += sample.util;
  acc.utilMin = Math.min(acc.utilMin, Math.round(sample.util));
  acc.fbUsedMax = Math.max(acc.fbUsedMax, Math.round(sample.fbUsedMib));
  acc.powerSum += sample.powerW;
  acc.tempMax = Math.max(acc.tempMax, Math.round(sample.tempC));
  if (sample.xid) acc.xidCount++;
  if (sample.throttled) acc.throttledMinutes++;
}

/**
 * The fleet rollup of the minutes a group of samples stands for: the `every` minutes ending at `ts` (not those
 * already written). A GPU counts only where the source covered it (DOMAIN.md Coverage): it reported in this group,
 * or the source says why it cannot (its node is down or rebooting, or a fatal fault took it out), which counts it
 * provisioned and not healthy. Any other GPU is silent: unknown, in no count but its own.
 */
function rollUpMinutes(ctx: IngestContext, batch: Batch, ts: number, every: number) {
  const first = Math.max(ctx.rolledUntil! + MINUTE, ts - (every - 1) * MINUTE);
  if (first > ts) return;
  const pools = ctx.poolIds.length;
  const provisioned = new Int32Array(pools);
  const healthy = new Int32Array(pools);
  const allocated = new Int32Array(pools);
  const silent = new Int32Array(pools);
  const utilSum = new Float64Array(pools);
  const powerSum = new Float64Array(pools);
  const { gpuId, poolIndex, nodeId, util, power, readingAt } = ctx.slots;
  let lastNode = -1;
  let state: NodeState | undefined;
  for (let slot = 0; slot < gpuId.length; slot++) {
    if (nodeId[slot] !== lastNode) {
      lastNode = nodeId[slot];
      state = ctx.nodeStates.get(lastNode);
    }
    if (state && OUTSIDE_STATES.has(state)) continue;
    const pool = poolIndex[slot];
    const reported = readingAt[slot] === ts;
    const serving = state !== undefined && SERVING_STATES.has(state);
    const unhealthy = ctx.unhealthyGpuIds.has(gpuId[slot]);
    if (!reported && serving && !unhealthy) {
      silent[pool]++;
      continue;
    }
    provisioned[pool]++;
    if (serving && !unhealthy) healthy[pool]++;
    if (ctx.openAllocations.has(gpuId[slot])) allocated[pool]++;
    if (!reported) continue;
    powerSum[pool] += power[slot];
    if (ctx.openAllocations.has(gpuId[slot])) utilSum[pool] += util[slot];
  }
  for (let minute = first; minute <= ts; minute += MINUTE) {
    for (let i = 0; i < pools; i++) {
      batch.poolMinutes.push({
        poolId: ctx.poolIds[i],
        ts: minute,
        provisioned: provisioned[i],
        healthy: healthy[i],
        allocated: allocated[i],
        utilSum: utilSum[i],
        powerSum: powerSum[i],
        silent: silent[i],
      });
    }
  }
  ctx.rolledUntil = ts;
}
