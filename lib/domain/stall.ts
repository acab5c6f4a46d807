// The stall rule for jobs that report progress (DOMAIN.md, "Job health"): a running job whose step has not
// advanced for max(3 x its median step time, 2 minutes) is stalled. Jobs that report no progress fall back to
// the utilization rule (every GPU under 5% for 10 minutes of the job's own run), in health.ts.
import { formatDuration } from './units';

export interface ProgressReading {
  /** The step counter as last read; null when the job reports none. */
  step: number | null;
  /** When the step last advanced; null if it has not in the collector's sight. */
  advancedAt: Date | null;
  /** The median time of the job's recent steps, seconds; null until it has been measured. */
  medianStepSeconds: number | null;
}

export interface StallRules {
  /** Stalled after this many median step times without a step… */
  stepMultiple: number;
  /** …and never sooner than this (seconds). */
  minSeconds: number;
}

export const DEFAULT_STALL_RULES: StallRules = { stepMultiple: 3, minSeconds: 120 };

/** Whether the progress rule applies: the job reports a step and its step time has been measured. */
export function reportsProgress(progress: ProgressReading | undefined): progress is ProgressReading & {
  step: number;
  medianStepSeconds: number;
} {
  return progress !== undefined && progress.step !== null && progress.medianStepSeconds !== null;
}

/** How long a job may go without a step before it is stalled, ms. */
export function stallAfterMs(medianStepSeconds: number, rules: StallRules = DEFAULT_STALL_RULES): number {
  return Math.max(rules.stepMultiple * medianStepSeconds, rules.minSeconds) * 1000;
}

export interface Stall {
  /** The fault: the last step, or the start of the run when it has taken none since. */
  since: Date;
  quietMs: number;
  afterMs: number;
  reason: string;
}

/**
 * The stall, if the job is stalled at `now`: measured from its last step, or from the start of its current run
 * when that is later (a job just restarted has until the threshold to take its first step).
 */
export function progressStall(
  progress: ProgressReading & { step: number; medianStepSeconds: number },
  now: Date,
  runningSince: Date | undefined,
  rules: StallRules = DEFAULT_STALL_RULES,
): Stall | null {
  const last = progress.advancedAt?.getTime() ?? -Infinity;
  const start = runningSince?.getTime() ?? -Infinity;
  const since = Math.max(last, start);
  if (!Number.isFinite(since)) return null;
  const quietMs = now.getTime() - since;
  const afterMs = stallAfterMs(progress.medianStepSeconds, rules);
  if (quietMs < afterMs) return null;
  const stepTime = formatDuration(Math.round(progress.medianStepSeconds * 1000));
  const what =
    last >= start
      ? `Step ${progress.step.toLocaleString('en-US')} has not advanced for ${formatDuration(quietMs)}`
      : `No step for ${formatDuration(quietMs)} since the job started running again`;
  return {
    since: new Date(since),
    quietMs,
    afterMs,
    reason: `${what} (its median step takes ${stepTime}; stalled after ${formatDuration(afterMs)})`,
  };
}
