// The badput ledger as the collector keeps it: per job, the GPU-time it held in each sampling period (exactly the
// allocation intervals' time: a job holds, over a read window, the GPUs it listed at the window's start), the
// share a sample covered, the seconds its checkpoints took, and its step at each period's end, handed to the
// domain's classifier (lib/domain/ledger.ts) when the period ends. The classes land in job_hourly beside the
// hour's utilization; each job's ledger state is written with the batch, so a restarted worker carries on.
import {
  classifyPeriod,
  LEDGER_CLASSES,
  newLedgerState,
  resumedLedgerState,
  type LedgerAmounts,
  type LedgerState,
} from '@/lib/domain/ledger';
import { stallAfterMs } from '@/lib/domain/stall';
import type { CheckpointRecord, JobRecord } from '@/lib/sources/types';
import type { IngestContext } from './context';
import { medianStepSeconds } from './progress';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Under this utilization a GPU counts as idle, as everywhere in the console (DOMAIN.md). */
const IDLE_UTIL = 5;

export interface LedgerTracker {
  states: Map<string, LedgerState>;
  /** The current period's held GPU-ms per job, by hour, and the GPUs (by slot) it held. */
  held: Map<string, Map<number, number>>;
  heldGpus: Map<string, Set<number>>;
  checkpointSeconds: Map<string, number>;
  /** The step each job showed at the last period's end. */
  steps: Map<string, number | null>;
  records: Map<string, JobRecord>;
  /** When the current period began; null until the first read. */
  periodStart: number | null;
}

export const newLedgerTracker = (states: Map<string, LedgerState>): LedgerTracker => ({
  states,
  held: new Map(),
  heldGpus: new Map(),
  checkpointSeconds: new Map(),
  steps: new Map(),
  records: new Map(),
  periodStart: null,
});

/** One job-hour's classes, GPU-minutes, added to job_hourly when the batch is written. */
export type LedgerHour = Record<(typeof LEDGER_CLASSES)[number] | 'down', number>;

export interface LedgerOutput {
  hours: Map<string, { jobExternalId: string; hour: number; amounts: LedgerHour }>;
  states: Map<string, LedgerState>;
}

/** What the jobs held over the window (from, to]: the GPUs each listed at the window's start. */
export function accrueHeld(ctx: IngestContext, from: Date, to: Date) {
  const tracker = ctx.ledger;
  tracker.periodStart ??= from.getTime();
  const span = to.getTime() - from.getTime();
  if (span <= 0) return;
  const hour = from.getTime() - (from.getTime() % HOUR);
  for (const [externalId, uuids] of ctx.jobGpuUuids) {
    let gpus = 0;
    let slots = tracker.heldGpus.get(externalId);
    for (const uuid of uuids) {
      const gpuId = ctx.gpuIdByUuid.get(uuid);
      if (gpuId === undefined) continue;
      gpus++;
      if (!slots) tracker.heldGpus.set(externalId, (slots = new Set()));
      slots.add(ctx.slots.slotByGpuId.get(gpuId)!);
    }
    if (!gpus) continue;
    let byHour = tracker.held.get(externalId);
    if (!byHour) tracker.held.set(externalId, (byHour = new Map()));
    byHour.set(hour, (byHour.get(hour) ?? 0) + gpus * span);
  }
}

export function noteRecords(ctx: IngestContext, jobs: readonly JobRecord[], checkpoints: readonly CheckpointRecord[]) {
  for (const job of jobs) ctx.ledger.records.set(job.externalId, job);
  for (const checkpoint of checkpoints) {
    const seconds = checkpoint.durationSeconds ?? 0;
    if (seconds > 0) {
      const map = ctx.ledger.checkpointSeconds;
      map.set(checkpoint.jobExternalId, (map.get(checkpoint.jobExternalId) ?? 0) + seconds);
    }
  }
}

/**
 * Of the GPUs a job held in the period, the share that reported for it (their latest reading is the sample that
 * stands for the period), and of those the share under 5%.
 */
function coverageOf(ctx: IngestContext, slots: Set<number> | undefined, sampleTs: number) {
  if (!slots?.size) return { covered: 0, idleShare: 0 };
  let sampled = 0;
  let idle = 0;
  for (const slot of slots) {
    if (ctx.slots.readingAt[slot] !== sampleTs) continue;
    sampled++;
    if (ctx.slots.util[slot] < IDLE_UTIL) idle++;
  }
  return { covered: sampled / slots.size, idleShare: sampled ? idle / sampled : 0 };
}

/**
 * Ends the sampling period at `to` if one ends there: a sample at minute s stands for the `every` minutes up to
 * and including s, so its period ends at s + 1 minute. Classifies every job that held GPUs in it (and every
 * service, held or not, for its missing replicas) into `out`.
 */
export function endPeriod(ctx: IngestContext, to: Date, every: number, out: LedgerOutput) {
  const tracker = ctx.ledger;
  const end = to.getTime();
  if (end % MINUTE !== 0 || (end / MINUTE - 1) % every !== 0 || tracker.periodStart === null) return;
  const start = tracker.periodStart;
  const minutes = (end - start) / MINUTE;
  tracker.periodStart = end;
  if (minutes <= 0) return;

  const jobs = new Set(tracker.held.keys());
  for (const record of tracker.records.values())
    if (record.kind === 'inference' && record.state === 'running') jobs.add(record.externalId);
  for (const externalId of jobs) {
    const record = tracker.records.get(externalId);
    if (!record) continue;
    const byHour = tracker.held.get(externalId) ?? new Map<number, number>();
    const heldMs = [...byHour.values()].reduce((sum, ms) => sum + ms, 0);
    const averageGpus = heldMs / (minutes * MINUTE);
    const { covered, idleShare } = coverageOf(ctx, tracker.heldGpus.get(externalId), end - MINUTE);
    const median = medianStepSeconds(ctx.progress.get(externalId));
    const runningSince = ctx.runningSince.get(externalId)?.getTime();
    const state = tracker.states.get(externalId) ?? startState(tracker, record);
    const amounts = classifyPeriod(state, {
      kind: record.kind,
      minutes,
      heldByHour: byHour.size ? [...byHour] : [[start - (start % HOUR), 0]],
      covered,
      idleShare,
      checkpointSeconds: Math.min(minutes * 60, tracker.checkpointSeconds.get(externalId) ?? 0),
      startStep: tracker.steps.get(externalId) ?? null,
      step: record.step,
      state: record.state,
      stallAfterMinutes: median === null ? 2 : stallAfterMs(median) / MINUTE,
      justStarted: runningSince !== undefined && runningSince >= start,
      missingGpus:
        record.kind === 'inference' && record.state === 'running' ? Math.max(0, record.gpusRequested - averageGpus) : 0,
    });
    tracker.states.set(externalId, state);
    out.states.set(externalId, state);
    for (const [hour, classes] of amounts) addHour(out, externalId, hour, classes);
  }
  for (const record of tracker.records.values()) {
    tracker.steps.set(record.externalId, record.step);
    // An ended job holds nothing more; a failed one keeps its ledger state, for a restart to carry on from.
    if (record.state === 'succeeded' || record.state === 'cancelled' || record.state === 'failed') {
      tracker.records.delete(record.externalId);
      tracker.steps.delete(record.externalId);
      if (record.state !== 'failed') tracker.states.delete(record.externalId);
    }
  }
  tracker.held.clear();
  tracker.heldGpus.clear();
  tracker.checkpointSeconds.clear();
}

/** A new job's ledger state: fresh, or carrying on from the failed attempt it resumes. */
function startState(tracker: LedgerTracker, record: JobRecord): LedgerState {
  const previous = record.resumes ? tracker.states.get(record.resumes) : undefined;
  return previous ? resumedLedgerState(previous) : newLedgerState();
}

function addHour(out: LedgerOutput, jobExternalId: string, hour: number, classes: LedgerAmounts) {
  const key = `${jobExternalId}\u0000${hour}`;
  let row = out.hours.get(key);
  if (!row) {
    row = { jobExternalId, hour, amounts: { ...classes } };
    for (const cls of Object.keys(row.amounts) as (keyof LedgerHour)[]) row.amounts[cls] = 0;
    out.hours.set(key, row);
  }
  for (const cls of Object.keys(classes) as (keyof LedgerHour)[]) row.amounts[cls] += classes[cls] / MINUTE;
}
