// The costs page's data, JSON-safe and rounded to cents: types only, so client components import them freely.
import type { JobKind, PricingClass } from '@/lib/domain/enums';
import type { JobIdentity } from '../jobs/types';

export type CostGrouping = 'team' | 'project';

/** Spend and what it bought. Money in cents-rounded currency units; ratios 0..1; null where not measured. */
export interface SpendFigures {
  spend: number;
  gpuHours: number;
  unpricedGpuHours: number;
  utilization: number | null;
  wasteGpuHours: number | null;
  wasteCost: number | null;
  costPerUsefulGpuHour: number | null;
}

export interface CostGroupRow extends SpendFigures {
  id: number;
  name: string;
  /** The team of a project row. */
  team: string | null;
  /** Its part of the idle cost, shared out in proportion to spend, and spend with it. */
  idleShare: number;
  spendWithIdle: number;
  interruptionCost: number;
}

export interface CostJobRow
  extends SpendFigures, Pick<JobIdentity, 'id' | 'externalId' | 'name' | 'kind' | 'team' | 'project'> {
  gpuModel: string;
  pricingClass: PricingClass;
}

/** A pool's GPU-hours over a range, provisioned and idle, with their price. */
export interface PoolCapacity {
  poolId: number;
  name: string;
  gpuModel: string;
  pricingClass: PricingClass;
  /** Provisioned GPU-hours and their price: what the pool cost whether used or not (priced hours only). */
  provisionedGpuHours: number;
  provisionedCost: number;
  unpricedProvisionedGpuHours: number;
  /**
   * Provisioned but unallocated GPU-hours, their price, and those of them no rate covers (an idle cost of only
   * these is unpriced, not $0).
   */
  idleGpuHours: number;
  idleCost: number;
  unpricedIdleGpuHours: number;
}

/** A pool on the costs page: its capacity, and what the jobs on it spent. */
export interface CostPoolRow extends Omit<PoolCapacity, 'poolId'> {
  id: number;
  allocatedGpuHours: number;
  spend: number;
  unpricedGpuHours: number;
}

/** Spend per local day and group: values[day][series], for a stacked chart. */
export interface DailySpend {
  days: string[];
  /** Days the range covers only in part (it starts or ends during them): their bars are not whole days. */
  partial: boolean[];
  series: { id: number; name: string }[];
  values: number[][];
}

export interface CostTotals extends SpendFigures {
  /** Fleet idle cost, or the filtered teams' share of it. */
  idleCost: number;
  idleGpuHours: number;
  unpricedIdleGpuHours: number;
  interruptionCost: number;
  lostGpuHours: number;
  interruptions: number;
  /** Interruptions no rate priced (their cost is not in interruptionCost). */
  unpricedInterruptions: number;
}

export interface CostsView {
  range: { from: string; to: string };
  timeZone: string;
  currency: string;
  by: CostGrouping;
  filter: { teamId: number | null; kind: JobKind | null };
  totals: CostTotals;
  groups: CostGroupRow[];
  daily: DailySpend;
  pools: CostPoolRow[];
  jobs: CostJobRow[];
  /** Every team, for the filter. */
  teams: { id: number; name: string }[];
}
