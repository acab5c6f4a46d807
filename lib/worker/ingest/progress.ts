// Training progress, from the step counter each job record carries (the simulator's, or one a Prometheus metric
// fills in): when the step last advanced, and the median time of the job's recent steps. The stall rule reads both.
import { median } from '@/lib/domain/health';
import type { JobRecord } from '@/lib/sources/types';

/** Step times kept per job for the median: enough to ride over a slow minute, few enough to follow a change. */
const KEEP_INTERVALS = 15;

export interface JobProgress {
  step: number;
  /** The reading the next interval is measured from: the last advance, or the start of the run. */
  baseAt: number;
  baseStep: number;
  /** Whether the next advance closes an interval of steady work (not one that spans a start or a restart). */
  measuring: boolean;
  advancedAt: Date | null;
  /** Seconds per step of the latest intervals, oldest first. */
  stepSeconds: number[];
}

export interface StoredProgress {
  step: number | null;
  advancedAt: Date | null;
  stepSeconds: number | null;
}

export function restoreProgress(stored: StoredProgress): JobProgress | null {
  if (stored.step === null) return null;
  return {
    step: stored.step,
    baseAt: stored.advancedAt?.getTime() ?? 0,
    baseStep: stored.step,
    // The worker may have been stopped a while: the first interval after a restart of the worker is not measured.
    measuring: false,
    advancedAt: stored.advancedAt,
    stepSeconds: stored.stepSeconds === null ? [] : [stored.stepSeconds],
  };
}

/**
 * Follows one job's step at a snapshot taken at `at`. `newRun` says the job has just (re)started running: the
 * interval that spans the start (scheduling, loading the checkpoint) is no step time. A step that goes back (a
 * restart from a checkpoint) is no advance either; the count resumes from there.
 */
export function noteProgress(
  previous: JobProgress | undefined,
  job: JobRecord,
  at: Date,
  newRun: boolean,
): JobProgress | null {
  if (job.step === null) return previous ?? null;
  const now = at.getTime();
  if (!previous) {
    return { step: job.step, baseAt: now, baseStep: job.step, measuring: false, advancedAt: null, stepSeconds: [] };
  }
  const progress = previous;
  if (newRun || job.step < progress.step) {
    progress.step = job.step;
    progress.baseAt = now;
    progress.baseStep = job.step;
    progress.measuring = false;
    return progress;
  }
  if (job.step === progress.step) return progress;
  if (progress.measuring && now > progress.baseAt) {
    progress.stepSeconds.push((now - progress.baseAt) / 1000 / (job.step - progress.baseStep));
    if (progress.stepSeconds.length > KEEP_INTERVALS) progress.stepSeconds.shift();
  }
  progress.step = job.step;
  progress.baseAt = now;
  progress.baseStep = job.step;
  progress.measuring = true;
  progress.advancedAt = at;
  return progress;
}

export function medianStepSeconds(progress: JobProgress | undefined): number | null {
  return progress?.stepSeconds.length ? median(progress.stepSeconds) : null;
}
