// What GPUs held now are wasting (DOMAIN.md "Utilization": waste = allocated GPU-hours x (1 - utilization)), priced
// per hour at the rate of the GPUs held, and why: a hang, a failure not yet cleaned up, a degraded job, GPUs held
// idle, a service with more replicas than its load needs, or a job well under the utilization a healthy one keeps.
import type { JobHealth, JobKind } from './enums';
import { SAVINGS_RULES } from './savings';
import { formatGpus } from './units';

export const WASTE_CAUSES = [
  'hung',
  'failed',
  'degraded',
  'idle',
  'overprovisioned',
  'low_utilization',
  'no_data',
  'busy',
] as const;
export type WasteCause = (typeof WASTE_CAUSES)[number];

/** Each cause in a few words, for the page's badge and the owner's notice. */
export const WASTE_CAUSE_WORDS: Record<WasteCause, string> = {
  hung: 'hung',
  failed: 'failed, still holding its GPUs',
  degraded: 'degraded',
  idle: 'idle',
  overprovisioned: 'over-provisioned',
  low_utilization: 'low utilization',
  no_data: 'no data',
  busy: 'busy',
};

export interface WasteInput {
  kind: JobKind;
  health: JobHealth;
  healthReason: string | null;
  /** GPUs it holds now, and the sum of their hourly rates (null where no rate covers one of them). */
  gpus: number;
  ratePerHour: number | null;
  /** Mean utilization (0..1) of its GPUs over the last hour; null with no sample. */
  utilization: number | null;
  /** A service's replicas asked for. */
  desiredReplicas: number | null;
}

export interface WasteNow {
  /** Money wasted per hour at this pace: rate x (1 - utilization); null when either is unknown. */
  perHour: number | null;
  cause: WasteCause;
  /** The cause in words, with what would fix it; the cause's own name is not repeated. */
  detail: string;
  /** Worth someone's attention: below the healthy utilization target, or unhealthy. */
  actionable: boolean;
}

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** Replicas that would carry a service's load at the target utilization, at least one. */
export function replicasNeeded(replicas: number, utilization: number, target = SAVINGS_RULES.targetUtilization) {
  return Math.max(1, Math.ceil((replicas * utilization) / target));
}

export function wasteNow(input: WasteInput): WasteNow {
  const { utilization } = input;
  const target = SAVINGS_RULES.targetUtilization;
  const perHour =
    input.ratePerHour === null || utilization === null ? null : input.ratePerHour * Math.max(0, 1 - utilization);
  const at = utilization === null ? 'no utilization measured' : `${percent(utilization)} utilization`;
  const reason = input.healthReason ?? 'no reason recorded';
  if (input.health === 'stalled') return { perHour, cause: 'hung', detail: reason, actionable: true };
  if (input.health === 'failed')
    return { perHour, cause: 'failed', detail: `Still holds its GPUs: ${reason}`, actionable: true };
  if (utilization === null)
    return { perHour, cause: 'no_data', detail: 'No utilization sample in the last hour', actionable: false };
  if (input.health === 'degraded') return { perHour, cause: 'degraded', detail: reason, actionable: true };
  if (utilization * 100 < SAVINGS_RULES.idleUtilPercent)
    return { perHour, cause: 'idle', detail: `Holds ${formatGpus(input.gpus)} at ${at}`, actionable: true };
  const replicas = input.desiredReplicas ?? 0;
  if (input.kind === 'inference' && utilization < target) {
    const keep = replicasNeeded(replicas, utilization);
    const detail =
      replicas > 1 && keep < replicas
        ? `${replicas} replicas at ${at}; ${keep} would serve at about ${percent(target)}`
        : `Serving at ${at}, under the ${percent(target)} a busy service keeps`;
    return { perHour, cause: 'overprovisioned', detail, actionable: true };
  }
  if (utilization < target)
    return {
      perHour,
      cause: 'low_utilization',
      detail: `${at}, under the ${percent(target)} target: fewer GPUs would do`,
      actionable: true,
    };
  return { perHour, cause: 'busy', detail: `${at}, at or above the ${percent(target)} target`, actionable: false };
}
