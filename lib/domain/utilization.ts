// Allocation, utilization, waste and idle (DOMAIN.md "Utilization").
// Ratios are 0..1 and null where there is nothing to divide by (no provisioned or no allocated GPU-time),
// so that a page shows "—" rather than a made-up 0%.

/**
 * GPU-time over a stretch of `minutes` minutes (a pool_minute row has minutes = 1; an hourly rollup 60).
 * `provisionedGpus` and `allocatedGpus` are the GPUs held through those minutes (or their average);
 * `utilSum` is the sum of the utilization percent (0..100) over every allocated GPU-minute of the row,
 * which for a one-minute row is the sum over its allocated GPUs, as pool_minute.util_sum stores it.
 */
export interface UtilizationRow {
  provisionedGpus: number;
  allocatedGpus: number;
  utilSum: number;
  minutes: number;
}

export interface UtilizationSummary {
  provisionedGpuHours: number;
  allocatedGpuHours: number;
  /** Provisioned but unallocated GPU-hours. */
  idleGpuHours: number;
  /** Allocated GPU-hours x (1 - utilization). */
  wasteGpuHours: number;
  /** Allocated / provisioned GPU-time. */
  allocation: number | null;
  /** Mean utilization over allocated GPU-time. */
  utilization: number | null;
}

/** Allocation = allocated GPU-time / provisioned GPU-time; null with nothing provisioned. */
export function allocationRatio(allocatedGpuHours: number, provisionedGpuHours: number): number | null {
  return provisionedGpuHours > 0 ? allocatedGpuHours / provisionedGpuHours : null;
}

/** Utilization = mean utilization (percent summed per GPU-minute) over allocated GPU-minutes, as 0..1. */
export function utilizationRatio(utilSum: number, allocatedGpuMinutes: number): number | null {
  return allocatedGpuMinutes > 0 ? utilSum / allocatedGpuMinutes / 100 : null;
}

/** Waste = allocated GPU-hours x (1 - utilization); no utilization known means no waste claimed. */
export function wasteGpuHours(allocatedGpuHours: number, utilization: number | null): number {
  return utilization === null ? 0 : allocatedGpuHours * (1 - utilization);
}

/** Idle = provisioned but unallocated GPU-hours (never negative, even if a count runs ahead of another). */
export function idleGpuHours(provisionedGpuHours: number, allocatedGpuHours: number): number {
  return Math.max(0, provisionedGpuHours - allocatedGpuHours);
}

/**
 * The utilization of one GPU in one sample as a percent, DOMAIN.md's measure: SM activity
 * (DCGM_FI_PROF_SM_ACTIVE, a ratio) where present, DCGM_FI_DEV_GPU_UTIL otherwise.
 */
export function sampleUtilPercent(sample: { util: number; smActive: number | null }): number {
  return sample.smActive !== null ? sample.smActive * 100 : sample.util;
}

/**
 * Allocation, utilization, waste and idle over any set of rows (a pool, a cluster, a time range). The reference:
 * pages sum pool_minute and pool_hour in SQL (lib/queries/overview/series.ts), checked against this function by
 * tests/integration/pricing.test.ts.
 */
export function summarizeUtilization(rows: readonly UtilizationRow[]): UtilizationSummary {
  let provisionedGpuMinutes = 0;
  let allocatedGpuMinutes = 0;
  let utilSum = 0;
  for (const row of rows) {
    provisionedGpuMinutes += row.provisionedGpus * row.minutes;
    allocatedGpuMinutes += row.allocatedGpus * row.minutes;
    utilSum += row.utilSum;
  }
  const provisionedGpuHours = provisionedGpuMinutes / 60;
  const allocatedGpuHours = allocatedGpuMinutes / 60;
  const utilization = utilizationRatio(utilSum, allocatedGpuMinutes);
  return {
    provisionedGpuHours,
    allocatedGpuHours,
    idleGpuHours: idleGpuHours(provisionedGpuHours, allocatedGpuHours),
    wasteGpuHours: wasteGpuHours(allocatedGpuHours, utilization),
    allocation: allocationRatio(allocatedGpuHours, provisionedGpuHours),
    utilization,
  };
}
