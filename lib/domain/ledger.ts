// Where the GPU-hours go (DOMAIN.md, "Where the GPU-hours go"): every allocated GPU-minute of a job in exactly
// one class. Pure: the collector hands it one sampling period of one job at a time, in order, with the job's
// state between periods; it answers the GPU-milliseconds of each class per UTC hour.
//
// A training job that reports progress is classified by its step counter:
// - unknown: held time no sample covered (no data is never anything else);
// - checkpoint: the seconds its checkpoint writes held training up;
// - recovery: from the fault (its last step before a stall, or a failure) until its first step after it;
// - redone: steps taken again below the highest step it had reached (work lost since the checkpoint);
// - straggler: time lost against its healthy pace (the median of its 15-minute paces) while it stepped;
// - idle: held but not stepping with no fault to blame (starting up, a pause shorter than a stall, winding down);
// - productive: the rest, its steps at its healthy pace.
// A job that reports no progress (evaluations, a real cluster without the metric) is productive while its GPUs
// work, idle on GPU-minutes under 5%, in recovery while a restart is under way. A service is serving or idle
// the same way, and `down` counts the GPU-minutes of replicas it wanted and did not have (not allocated time).
import type { JobKind, JobState } from './enums';
import { median } from './health';

export const LEDGER_CLASSES = [
  'productive',
  'redone',
  'recovery',
  'checkpoint',
  'straggler',
  'idle',
  'unknown',
] as const;
export type LedgerClass = (typeof LEDGER_CLASSES)[number];

/** GPU-milliseconds per class; `down` only for services, and outside the allocated time. */
export type LedgerAmounts = Record<LedgerClass, number> & { down: number };

export const emptyAmounts = (): LedgerAmounts => ({
  productive: 0,
  redone: 0,
  recovery: 0,
  checkpoint: 0,
  straggler: 0,
  idle: 0,
  unknown: 0,
  down: 0,
});

/** One sampling period (a minute, or ten while history is backfilled) of one job. */
export interface LedgerPeriod {
  kind: JobKind;
  /** Wall minutes the period spans. */
  minutes: number;
  /** GPU-ms the job held in the period, by the UTC hour (epoch ms) they lie in. */
  heldByHour: readonly (readonly [number, number])[];
  /** The share of the held time a sample covered, 0..1. */
  covered: number;
  /** Of the covered GPUs, the share that read under 5% utilization. */
  idleShare: number;
  /** Seconds checkpoint writes held training up in the period. */
  checkpointSeconds: number;
  /** The step at the period's start and end; null when the job reported none then. */
  startStep: number | null;
  step: number | null;
  /** The job's state at the period's end. */
  state: JobState;
  /** How long without a step makes a stall: max(3 x the median step time, 2 minutes). */
  stallAfterMinutes: number;
  /** The job began running within this period (its start, not a first sight of a job long running). */
  justStarted?: boolean;
  /** Services: GPUs wanted (replicas x GPUs each) beyond those held, on average over the period. */
  missingGpus?: number;
}

interface Pending {
  /** Available (not checkpointing) wall minutes since the last step, weighted by coverage. */
  available: number;
  /** Wall minutes since the last step, checkpoints left out: what the stall rule counts. */
  quiet: number;
  /** Per hour: [covered GPU-ms available for work, checkpoint GPU-ms]. */
  byHour: Record<string, [number, number]>;
}

export interface LedgerState {
  phase: 'start' | 'run' | 'recovery';
  lastStep: number | null;
  /** The highest step reached: steps below it are taken again. */
  high: number | null;
  /** Recent 15-minute paces (steps per available minute), newest last; their median is the healthy pace. */
  paces: number[];
  windowSteps: number;
  windowMinutes: number;
  /** Work (in minutes at the healthy pace) done ahead of the clock, carried into the next period. */
  bank: number;
  pending: Pending | null;
}

const PACE_WINDOW_MINUTES = 15;
const KEEP_PACES = 96;
/** Work ahead of the clock carried at most this long: steps counted a minute late are not a slowdown. */
const MAX_BANK_MINUTES = 1;

export const newLedgerState = (): LedgerState => ({
  phase: 'start',
  lastStep: null,
  high: null,
  paces: [],
  windowSteps: 0,
  windowMinutes: 0,
  bank: 0,
  pending: null,
});

/**
 * The state a resubmitted run starts from: the attempt it resumes had reached `high`, so the steps up to there
 * are done again, and its start is the failure's recovery; its pace carries over.
 */
export function resumedLedgerState(previous: LedgerState): LedgerState {
  return { ...newLedgerState(), phase: 'recovery', high: previous.high, paces: [...previous.paces] };
}

export function healthyPace(state: LedgerState): number | null {
  return state.paces.length ? median(state.paces) : null;
}

type Amounts = Map<number, LedgerAmounts>;

function add(out: Amounts, hour: number, cls: keyof LedgerAmounts, ms: number) {
  if (!(ms > 0)) return;
  let amounts = out.get(hour);
  if (!amounts) out.set(hour, (amounts = emptyAmounts()));
  amounts[cls] += ms;
}

/** Covered GPU-ms per hour, split into the part available for work and the part spent checkpointing. */
function coveredSplit(period: LedgerPeriod): { hour: number; available: number; checkpoint: number }[] {
  const checkpointShare = Math.min(1, period.checkpointSeconds / 60 / period.minutes);
  return period.heldByHour.map(([hour, held]) => {
    const covered = held * period.covered;
    return { hour, available: covered * (1 - checkpointShare), checkpoint: covered * checkpointShare };
  });
}

function addPending(state: LedgerState, period: LedgerPeriod) {
  const pending = (state.pending ??= { available: 0, quiet: 0, byHour: {} });
  const checkpointMinutes = Math.min(period.minutes, period.checkpointSeconds / 60);
  pending.available += (period.minutes - checkpointMinutes) * period.covered;
  pending.quiet += period.minutes - checkpointMinutes;
  for (const { hour, available, checkpoint } of coveredSplit(period)) {
    const slot = (pending.byHour[hour] ??= [0, 0]);
    slot[0] += available;
    slot[1] += checkpoint;
  }
}

/** Puts what is pending in one class (its checkpoint time stays checkpoint). */
function flushPending(state: LedgerState, out: Amounts, cls: LedgerClass) {
  if (!state.pending) return;
  for (const [hour, [available, checkpoint]] of Object.entries(state.pending.byHour)) {
    add(out, Number(hour), cls, available);
    add(out, Number(hour), 'checkpoint', checkpoint);
  }
  state.pending = null;
}

/**
 * The steps from lastStep to `step` end the pending stretch: its time is work at the healthy pace, the rest of it
 * straggler slowdown (or, `shortfall`, recovery or idle when the stretch began with a fault or a start).
 */
function resolve(state: LedgerState, out: Amounts, step: number, shortfall: LedgerClass, lastAvailable: number) {
  const pending = state.pending!;
  const from = state.lastStep ?? step;
  const steps = Math.max(0, step - from);
  const pace = healthyPace(state);
  // Without a pace yet, steady work is taken as work throughout; after a start or a fault, only the period it
  // stepped in.
  const work =
    pace !== null ? steps / pace + state.bank : shortfall === 'straggler' ? pending.available : lastAvailable;
  const share = pending.available > 0 ? Math.min(1, work / pending.available) : 1;
  state.bank = shortfall === 'straggler' ? Math.min(MAX_BANK_MINUTES, Math.max(0, work - pending.available)) : 0;
  const high = state.high ?? from;
  const redone = steps > 0 ? Math.min(1, Math.max(0, (Math.min(step, high) - from) / steps)) : 0;
  for (const [hour, [available, checkpoint]] of Object.entries(pending.byHour)) {
    const h = Number(hour);
    add(out, h, 'productive', available * share * (1 - redone));
    add(out, h, 'redone', available * share * redone);
    add(out, h, shortfall, available * (1 - share));
    add(out, h, 'checkpoint', checkpoint);
  }
  // The pace of steady work only: a stretch that began with a start or a recovery is not one.
  if (shortfall === 'straggler' && steps > 0 && pending.quiet > 0) {
    state.windowSteps += steps;
    state.windowMinutes += pending.quiet;
    if (state.windowMinutes >= PACE_WINDOW_MINUTES) {
      state.paces.push(state.windowSteps / state.windowMinutes);
      if (state.paces.length > KEEP_PACES) state.paces.shift();
      state.windowSteps = 0;
      state.windowMinutes = 0;
    }
  }
  state.high = Math.max(high, step);
  state.lastStep = step;
  state.pending = null;
}

function withoutProgress(period: LedgerPeriod, out: Amounts) {
  const restarting = period.state === 'recovering' || period.state === 'pending';
  const checkpointShare = Math.min(1, period.checkpointSeconds / 60 / period.minutes);
  for (const [hour, held] of period.heldByHour) {
    const covered = held * period.covered;
    add(out, hour, 'unknown', held - covered);
    if (restarting) {
      add(out, hour, 'recovery', covered);
      continue;
    }
    const idle = covered * period.idleShare;
    add(out, hour, 'idle', idle);
    add(out, hour, 'checkpoint', (covered - idle) * checkpointShare);
    add(out, hour, 'productive', (covered - idle) * (1 - checkpointShare));
  }
}

const ENDED: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Classifies one period of one job, moving its state on. Returns GPU-ms per class per hour; a stretch without a
 * step is held back (in the state) until a step, a stall or the job's end says what it was.
 */
export function classifyPeriod(state: LedgerState, period: LedgerPeriod): Map<number, LedgerAmounts> {
  const out: Amounts = new Map();
  const missing = (period.missingGpus ?? 0) * period.minutes * 60_000;
  if (missing > 0 && period.heldByHour.length) add(out, period.heldByHour[0][0], 'down', missing);

  // The step moved while the job held nothing (a restart from a checkpoint while it waited for GPUs).
  if (!state.pending && period.startStep !== null) state.lastStep = period.startStep;
  if (period.step !== null && period.kind !== 'inference' && state.lastStep === null && period.justStarted) {
    // Its first minute: starting up (recovering, for a run resumed after a failure), nothing to step from yet.
    const cls = state.phase === 'recovery' ? 'recovery' : 'idle';
    for (const [hour, held] of period.heldByHour) {
      add(out, hour, 'unknown', held * (1 - period.covered));
      add(out, hour, cls, held * period.covered);
    }
    state.lastStep = period.step;
    state.high = Math.max(state.high ?? period.step, period.step);
    if (state.phase !== 'recovery') state.phase = 'start';
    return out;
  }
  if (period.step === null || period.kind === 'inference' || state.lastStep === null) {
    // No progress to read, or none to measure this period against yet (first seen mid-run): utilization says.
    withoutProgress(period, out);
    if (period.step !== null && period.kind !== 'inference') {
      state.lastStep = period.step;
      state.high = Math.max(state.high ?? period.step, period.step);
      state.phase = 'run';
    }
    if (ENDED.has(period.state)) state.pending = null;
    return out;
  }
  for (const [hour, held] of period.heldByHour) add(out, hour, 'unknown', held * (1 - period.covered));

  const step = period.step;
  const last = state.lastStep;
  const faulted = period.state === 'recovering' || period.state === 'failed' || period.state === 'pending';

  if (step < last) {
    // Back to a checkpoint: the job restarted. Whatever was pending went to the fault.
    flushPending(state, out, 'recovery');
    for (const { hour, available, checkpoint } of coveredSplit(period)) {
      add(out, hour, 'recovery', available);
      add(out, hour, 'checkpoint', checkpoint);
    }
    state.lastStep = step;
    state.phase = 'recovery';
    state.bank = 0;
    return out;
  }

  addPending(state, period);
  if (step > last) {
    // It stepped: the stretch since the last step was work, slow work, or (after a start or a fault) waiting.
    const shortfall = state.phase === 'run' ? 'straggler' : state.phase === 'recovery' ? 'recovery' : 'idle';
    const checkpointMinutes = Math.min(period.minutes, period.checkpointSeconds / 60);
    resolve(state, out, step, shortfall, (period.minutes - checkpointMinutes) * period.covered);
    state.phase = 'run';
  } else if (state.phase === 'run' && state.pending!.quiet >= period.stallAfterMinutes) {
    // A stall: the fault was the last step, and everything since is recovery until it steps again.
    flushPending(state, out, 'recovery');
    state.phase = 'recovery';
    state.bank = 0;
  } else if (state.phase === 'recovery') {
    flushPending(state, out, 'recovery');
  }

  if (faulted) {
    flushPending(state, out, 'recovery');
    state.phase = 'recovery';
    state.bank = 0;
  } else if (ENDED.has(period.state)) {
    flushPending(state, out, 'idle');
  }
  return out;
}

/** What the ledger says of a job (or a group of jobs) over a range: GPU-hours and their cost per class. */
export interface LedgerFigures {
  allocatedGpuHours: number;
  cost: number;
  /** Allocated GPU-hours no rate covered: their classes count in hours, not in money. */
  unpricedGpuHours: number;
  gpuHours: Record<LedgerClass, number>;
  costs: Record<LedgerClass, number>;
  /** Productive / allocated; null with nothing allocated. */
  ettr: number | null;
  /** Services: GPU-hours of replicas wanted and not running (not allocated time). */
  downGpuHours: number;
}

const zeroClasses = () => Object.fromEntries(LEDGER_CLASSES.map((cls) => [cls, 0])) as Record<LedgerClass, number>;

/**
 * One job's ledger over a range, priced: its allocated GPU-hours and cost (from the rate card) against the
 * classes the collector wrote. Allocated time the ledger has not classified is unknown; should the classes exceed
 * the allocation (a range cut inside an hour), they are scaled to it. Each class is priced at the job's price over
 * the range, so the class costs add up to its cost.
 */
export function priceLedger(input: {
  allocatedGpuHours: number;
  cost: number;
  unpricedGpuHours: number;
  classes: Record<LedgerClass, number>;
  downGpuHours?: number;
}): LedgerFigures {
  const { allocatedGpuHours, cost, unpricedGpuHours } = input;
  const classified = LEDGER_CLASSES.reduce((sum, cls) => sum + input.classes[cls], 0);
  const gpuHours = zeroClasses();
  const scale = classified > allocatedGpuHours && classified > 0 ? allocatedGpuHours / classified : 1;
  for (const cls of LEDGER_CLASSES) gpuHours[cls] = input.classes[cls] * scale;
  gpuHours.unknown += Math.max(0, allocatedGpuHours - classified);
  const rate = allocatedGpuHours > 0 ? cost / allocatedGpuHours : 0;
  const costs = zeroClasses();
  for (const cls of LEDGER_CLASSES) costs[cls] = gpuHours[cls] * rate;
  return {
    allocatedGpuHours,
    cost,
    unpricedGpuHours,
    gpuHours,
    costs,
    ettr: allocatedGpuHours > 0 ? gpuHours.productive / allocatedGpuHours : null,
    downGpuHours: input.downGpuHours ?? 0,
  };
}

/** Several ledgers as one: sums, and the ETTR of the whole. */
export function sumLedgers(list: readonly LedgerFigures[]): LedgerFigures {
  const total: LedgerFigures = {
    allocatedGpuHours: 0,
    cost: 0,
    unpricedGpuHours: 0,
    gpuHours: zeroClasses(),
    costs: zeroClasses(),
    ettr: null,
    downGpuHours: 0,
  };
  for (const figures of list) {
    total.allocatedGpuHours += figures.allocatedGpuHours;
    total.cost += figures.cost;
    total.unpricedGpuHours += figures.unpricedGpuHours;
    total.downGpuHours += figures.downGpuHours;
    for (const cls of LEDGER_CLASSES) {
      total.gpuHours[cls] += figures.gpuHours[cls];
      total.costs[cls] += figures.costs[cls];
    }
  }
  total.ettr = total.allocatedGpuHours > 0 ? total.gpuHours.productive / total.allocatedGpuHours : null;
  return total;
}
