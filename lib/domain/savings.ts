// Savings the weekly report recommends, each with the rule behind it and an estimated weekly amount. Every
// estimate is the week's own cost of the waste it removes, so next week saves as much if the week repeats.
// Rules 1 and 2 split a job's sampled minutes (idle under 5%, active otherwise), so they never count a minute
// twice; 3 and 4 are estimated on their own, and a job may appear in one of them and in 1 or 2.
import type { JobKind, PricingClass } from './enums';

export interface SavingsJob {
  jobId: number;
  label: string;
  kind: JobKind;
  gpuModel: string;
  pricingClass: PricingClass;
  cost: number;
  gpuHours: number;
  /** GPU-minutes sampled, those under 5% utilization, and utilization (0..1) over all of them. */
  sampledGpuMinutes: number;
  idleGpuMinutes: number;
  utilization: number | null;
  /** Inference services: the replicas asked for. */
  desiredReplicas: number | null;
  /** Mean minutes between the job's checkpoints in the week; null with fewer than two. */
  checkpointEveryMinutes: number | null;
}

export type SavingKind = 'idle_allocated' | 'low_utilization' | 'spot_candidates' | 'overprovisioned_inference';

export interface SavingItem {
  jobId: number;
  label: string;
  detail: string;
  amount: number;
}

export interface Recommendation {
  kind: SavingKind;
  title: string;
  rule: string;
  weeklyAmount: number;
  items: SavingItem[];
}

export const SAVINGS_RULES = {
  idleUtilPercent: 5,
  minIdleGpuHours: 1,
  lowUtilization: 0.3,
  minGpuHours: 8,
  targetUtilization: 0.6,
  spotCheckpointMinutes: 30,
} as const;

const pricePerGpuHour = (job: SavingsJob) => (job.gpuHours > 0 ? job.cost / job.gpuHours : 0);
/** Of the job's allocated GPU-hours, the share its samples found idle. */
const idleShare = (job: SavingsJob) => (job.sampledGpuMinutes > 0 ? job.idleGpuMinutes / job.sampledGpuMinutes : 0);
const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;

function recommendation(kind: SavingKind, title: string, rule: string, items: SavingItem[]): Recommendation {
  const kept = items.filter((item) => item.amount > 0).sort((a, b) => b.amount - a.amount);
  return { kind, title, rule, weeklyAmount: kept.reduce((sum, item) => sum + item.amount, 0), items: kept };
}

export function idleAllocated(jobs: readonly SavingsJob[]): Recommendation {
  const items = jobs.flatMap((job) => {
    const idleGpuHours = job.gpuHours * idleShare(job);
    if (idleGpuHours < SAVINGS_RULES.minIdleGpuHours) return [];
    return [
      {
        jobId: job.jobId,
        label: job.label,
        detail: `${idleGpuHours.toFixed(1)} GPU-h idle of ${job.gpuHours.toFixed(1)}`,
        amount: idleGpuHours * pricePerGpuHour(job),
      },
    ];
  });
  return recommendation(
    'idle_allocated',
    'Idle allocated GPUs',
    `GPUs a job held while under ${SAVINGS_RULES.idleUtilPercent}% utilization (minute by minute): release them, or stop hung jobs sooner. Estimated at the job's own price per GPU-hour.`,
    items,
  );
}

export function lowUtilization(jobs: readonly SavingsJob[]): Recommendation {
  const target = SAVINGS_RULES.targetUtilization;
  const items = jobs.flatMap((job) => {
    if (job.kind === 'inference' || job.utilization === null || job.gpuHours < SAVINGS_RULES.minGpuHours) return [];
    if (job.utilization >= SAVINGS_RULES.lowUtilization) return [];
    // The active minutes only: the idle ones are rule 1's.
    const activeShare = 1 - idleShare(job);
    const activeMinutes = job.sampledGpuMinutes - job.idleGpuMinutes;
    if (activeMinutes <= 0) return [];
    const activeUtilization = Math.min(1, (job.utilization * job.sampledGpuMinutes) / activeMinutes);
    const amount = job.cost * activeShare * Math.max(0, 1 - activeUtilization / target);
    return [
      {
        jobId: job.jobId,
        label: job.label,
        detail: `${percent(job.utilization)} utilization on ${job.gpuHours.toFixed(1)} GPU-h`,
        amount,
      },
    ];
  });
  return recommendation(
    'low_utilization',
    `Jobs under ${percent(SAVINGS_RULES.lowUtilization)} utilization`,
    `Training, fine-tuning and evaluation jobs of ${SAVINGS_RULES.minGpuHours}+ GPU-hours under ${percent(SAVINGS_RULES.lowUtilization)} mean utilization: on fewer GPUs they would run at ${percent(target)}. Saving = cost of the active hours x (1 - utilization / ${percent(target)}).`,
    items,
  );
}

export function spotCandidates(
  jobs: readonly SavingsJob[],
  spotPrice: (gpuModel: string) => number | null,
): Recommendation {
  const items = jobs.flatMap((job) => {
    // Reserved capacity is paid for whether used or not: moving work off it saves nothing until the
    // reservation shrinks, which is a purchasing decision, not a recommendation for this week.
    if (job.pricingClass !== 'on_demand' || job.kind === 'inference') return [];
    const tolerant =
      job.kind === 'evaluation' ||
      (job.checkpointEveryMinutes !== null && job.checkpointEveryMinutes <= SAVINGS_RULES.spotCheckpointMinutes);
    const spot = spotPrice(job.gpuModel);
    if (!tolerant || spot === null) return [];
    const difference = pricePerGpuHour(job) - spot;
    if (difference <= 0) return [];
    const why =
      job.kind === 'evaluation' ? 'evaluation' : `checkpoints every ${Math.round(job.checkpointEveryMinutes!)} min`;
    return [
      {
        jobId: job.jobId,
        label: job.label,
        detail: `${why}; on-demand $${pricePerGpuHour(job).toFixed(2)} vs spot $${spot.toFixed(2)}`,
        amount: job.gpuHours * difference,
      },
    ];
  });
  return recommendation(
    'spot_candidates',
    'Spot candidates',
    `Work that survives an interruption (evaluations; training that checkpoints at least every ${SAVINGS_RULES.spotCheckpointMinutes} minutes) on on-demand GPUs, priced at the spot rate of the same GPU model. Reserved GPUs are left out: they cost the same used or not.`,
    items,
  );
}

export function overprovisionedInference(jobs: readonly SavingsJob[]): Recommendation {
  const target = SAVINGS_RULES.targetUtilization;
  const items = jobs.flatMap((job) => {
    const replicas = job.desiredReplicas ?? 0;
    if (job.kind !== 'inference' || job.utilization === null || replicas < 2) return [];
    if (job.utilization >= target) return [];
    const keep = Math.max(1, Math.ceil((replicas * job.utilization) / target));
    if (keep >= replicas) return [];
    return [
      {
        jobId: job.jobId,
        label: job.label,
        detail: `${replicas} replicas at ${percent(job.utilization)}: ${keep} would serve at about ${percent(target)}`,
        amount: (job.cost * (replicas - keep)) / replicas,
      },
    ];
  });
  return recommendation(
    'overprovisioned_inference',
    'Over-provisioned inference replicas',
    `Services under ${percent(target)} mean utilization: the replicas that would carry the same load at ${percent(target)}, keeping at least one. Saving = cost x replicas removed / replicas.`,
    items,
  );
}

export function recommendSavings(
  jobs: readonly SavingsJob[],
  spotPrice: (gpuModel: string) => number | null,
): Recommendation[] {
  return [idleAllocated(jobs), lowUtilization(jobs), spotCandidates(jobs, spotPrice), overprovisionedInference(jobs)];
}
