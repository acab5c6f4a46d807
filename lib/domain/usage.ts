// Utilization, waste and the effective cost of useful GPU-time (DOMAIN.md Utilization and Cost), for a job and
// for any group of jobs. Sums stay unrounded; figures are derived from sums, never averaged from averages.

/** What one job (or a group) adds up to over a range. */
export interface UsageSums {
  cost: number;
  gpuHours: number;
  unpricedGpuHours: number;
  /** Cost and GPU-hours of the jobs whose utilization was measured (GPU samples exist for them). */
  measuredCost: number;
  measuredGpuHours: number;
  /** Allocated GPU-hours x utilization, over the measured jobs. */
  utilizedGpuHours: number;
  /** Cost x (1 - utilization), over the measured jobs. */
  wasteCost: number;
}

export const NO_USAGE: UsageSums = {
  cost: 0,
  gpuHours: 0,
  unpricedGpuHours: 0,
  measuredCost: 0,
  measuredGpuHours: 0,
  utilizedGpuHours: 0,
  wasteCost: 0,
};

/** Mean utilization (0..1) from sampled GPU-minutes and the sum of utilization percent x minutes; null when unsampled. */
export function utilizationOf(sampledGpuMinutes: number, utilPercentMinutes: number): number | null {
  if (!(sampledGpuMinutes > 0)) return null;
  return Math.min(1, Math.max(0, utilPercentMinutes / sampledGpuMinutes / 100));
}

/** One job's sums: its cost and GPU-hours, and its utilization (null: not measured, so no waste is claimed). */
export function jobUsage(
  cost: number,
  gpuHours: number,
  unpricedGpuHours: number,
  utilization: number | null,
): UsageSums {
  if (utilization === null) return { ...NO_USAGE, cost, gpuHours, unpricedGpuHours };
  return {
    cost,
    gpuHours,
    unpricedGpuHours,
    measuredCost: cost,
    measuredGpuHours: gpuHours,
    utilizedGpuHours: gpuHours * utilization,
    wasteCost: cost * (1 - utilization),
  };
}

export function addUsage(a: UsageSums, b: UsageSums): UsageSums {
  return {
    cost: a.cost + b.cost,
    gpuHours: a.gpuHours + b.gpuHours,
    unpricedGpuHours: a.unpricedGpuHours + b.unpricedGpuHours,
    measuredCost: a.measuredCost + b.measuredCost,
    measuredGpuHours: a.measuredGpuHours + b.measuredGpuHours,
    utilizedGpuHours: a.utilizedGpuHours + b.utilizedGpuHours,
    wasteCost: a.wasteCost + b.wasteCost,
  };
}

export interface UsageFigures {
  /** Allocated-GPU-hour-weighted utilization of the measured jobs (0..1). */
  utilization: number | null;
  /** Allocated but unused: allocated GPU-hours x (1 - utilization). */
  wasteGpuHours: number | null;
  wasteCost: number | null;
  /** Cost / utilized GPU-hours: what one GPU-hour of real work cost. */
  costPerUsefulGpuHour: number | null;
}

export function usageFigures(sums: UsageSums): UsageFigures {
  if (!(sums.measuredGpuHours > 0)) {
    return { utilization: null, wasteGpuHours: null, wasteCost: null, costPerUsefulGpuHour: null };
  }
  return {
    utilization: sums.utilizedGpuHours / sums.measuredGpuHours,
    wasteGpuHours: sums.measuredGpuHours - sums.utilizedGpuHours,
    wasteCost: sums.wasteCost,
    costPerUsefulGpuHour: sums.utilizedGpuHours > 0 ? sums.measuredCost / sums.utilizedGpuHours : null,
  };
}

/** Sums rows into groups by a key, keeping the first-seen order of keys. */
export function groupUsage<Row, Key>(
  rows: readonly Row[],
  keyOf: (row: Row) => Key,
  usageOf: (row: Row) => UsageSums,
): Map<Key, UsageSums> {
  const groups = new Map<Key, UsageSums>();
  for (const row of rows) {
    const key = keyOf(row);
    groups.set(key, addUsage(groups.get(key) ?? NO_USAGE, usageOf(row)));
  }
  return groups;
}
