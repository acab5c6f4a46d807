// What a running job has at risk (DOMAIN.md "Automatic recovery"): the work an interruption now would lose,
// and its blast radius, the GPU-hours it burns.
import { interruptionCost, lostWork, type LostWork } from './cost';
import type { JobKind } from './enums';
import { MINUTE_MS } from './time';

/** A failed or stalled training job runs again within this long of detection (the target). */
export const JOB_RECOVERY_TARGET_MS = 5 * MINUTE_MS;
/** A node with a fatal XID is back in service within this long (the target). */
export const NODE_RECOVERY_TARGET_MS = 10 * MINUTE_MS;

export interface AtRiskInput {
  kind: JobKind;
  /** GPUs it holds now. */
  gpus: number;
  /** The sum of the hourly rates of those GPUs. */
  ratePerHour: number;
  startedAt: Date | null;
  lastCheckpointAt: Date | null;
  now: Date;
  recoveryMs?: number;
}

export interface AtRisk extends LostWork {
  /** Lost GPU-hours x rate, unrounded. */
  cost: number;
}

/**
 * Lost work if the job were interrupted now = GPUs x (time since the last checkpoint + time to recover),
 * priced at the rate of the GPUs it holds. A service keeps no training state, so it has none to lose (null),
 * and neither has a job that holds no GPU or has not started.
 */
export function lostWorkIfInterruptedNow(input: AtRiskInput): AtRisk | null {
  if (input.kind === 'inference' || input.gpus <= 0 || !input.startedAt) return null;
  const recoveryMs = input.recoveryMs ?? JOB_RECOVERY_TARGET_MS;
  const lost = lostWork({
    gpus: input.gpus,
    startedAt: input.startedAt,
    lastCheckpointAt: input.lastCheckpointAt,
    interruptedAt: input.now,
    recoveredAt: new Date(input.now.getTime() + recoveryMs),
  });
  return { ...lost, cost: interruptionCost(lost.gpuHours, input.ratePerHour / input.gpus) };
}
