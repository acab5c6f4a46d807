import { describe, expect, it } from 'vitest';
import {
  allocationRatio,
  idleGpuHours,
  sampleUtilPercent,
  summarizeUtilization,
  utilizationRatio,
  wasteGpuHours,
  type UtilizationRow,
} from '@/lib/domain/utilization';

const repeat = <T>(value: T, count: number): T[] => Array.from({ length: count }, () => value);

describe('summarizeUtilization', () => {
  // One 8-GPU pool for an hour: 30 min with all 8 allocated at 75%, then 30 min with 4 allocated at 50%.
  // Provisioned 8 x 60 = 480 GPU-min = 8 GPU-h; allocated 8 x 30 + 4 x 30 = 360 GPU-min = 6 GPU-h.
  // Util sum 30 x (8 x 75) + 30 x (4 x 50) = 24,000 percent-GPU-min; utilization 24,000 / 360 / 100 = 2/3.
  // Waste 6 x (1 - 2/3) = 2 GPU-h; idle 8 - 6 = 2 GPU-h; allocation 6 / 8 = 0.75.
  const minuteRows: UtilizationRow[] = [
    ...repeat({ provisionedGpus: 8, allocatedGpus: 8, utilSum: 600, minutes: 1 }, 30),
    ...repeat({ provisionedGpus: 8, allocatedGpus: 4, utilSum: 200, minutes: 1 }, 30),
  ];

  it('computes allocation, utilization, waste and idle from minute rows', () => {
    const summary = summarizeUtilization(minuteRows);
    expect(summary.provisionedGpuHours).toBe(8);
    expect(summary.allocatedGpuHours).toBe(6);
    expect(summary.allocation).toBe(0.75);
    expect(summary.utilization).toBeCloseTo(2 / 3, 12);
    expect(summary.wasteGpuHours).toBeCloseTo(2, 12);
    expect(summary.idleGpuHours).toBe(2);
  });

  it('gives the same answer from one hourly row', () => {
    const hourly = summarizeUtilization([{ provisionedGpus: 8, allocatedGpus: 6, utilSum: 24_000, minutes: 60 }]);
    const fromMinutes = summarizeUtilization(minuteRows);
    expect(hourly.provisionedGpuHours).toBe(fromMinutes.provisionedGpuHours);
    expect(hourly.allocatedGpuHours).toBe(fromMinutes.allocatedGpuHours);
    expect(hourly.utilization).toBeCloseTo(fromMinutes.utilization ?? NaN, 12);
  });

  it('weights utilization by allocated GPU-time, not by row', () => {
    // 1 GPU at 100% for 1 minute and 9 GPUs at 0% for 1 minute: 100 / 10 GPU-min = 10%, not the 50% mean of rows.
    const summary = summarizeUtilization([
      { provisionedGpus: 10, allocatedGpus: 1, utilSum: 100, minutes: 1 },
      { provisionedGpus: 10, allocatedGpus: 9, utilSum: 0, minutes: 1 },
    ]);
    expect(summary.utilization).toBeCloseTo(0.1, 12);
    expect(summary.allocation).toBe(0.5);
  });

  it('answers null ratios and no waste when nothing is provisioned or allocated', () => {
    expect(summarizeUtilization([])).toEqual({
      provisionedGpuHours: 0,
      allocatedGpuHours: 0,
      idleGpuHours: 0,
      wasteGpuHours: 0,
      allocation: null,
      utilization: null,
    });
    const idleOnly = summarizeUtilization([{ provisionedGpus: 16, allocatedGpus: 0, utilSum: 0, minutes: 90 }]);
    expect(idleOnly).toMatchObject({ allocation: 0, utilization: null, idleGpuHours: 24, wasteGpuHours: 0 });
  });
});

describe('the single measures', () => {
  it('divides allocated by provisioned GPU-time', () => {
    expect(allocationRatio(30, 40)).toBe(0.75);
    expect(allocationRatio(0, 0)).toBeNull();
  });

  it('turns a percent sum over GPU-minutes into a 0..1 mean', () => {
    expect(utilizationRatio(4_500, 50)).toBe(0.9);
    expect(utilizationRatio(0, 0)).toBeNull();
  });

  it('counts waste as the unused share of allocated GPU-hours', () => {
    expect(wasteGpuHours(100, 0.9)).toBeCloseTo(10, 12);
    expect(wasteGpuHours(100, null)).toBe(0);
  });

  it('never counts negative idle', () => {
    expect(idleGpuHours(10, 7)).toBe(3);
    expect(idleGpuHours(10, 12)).toBe(0);
  });

  it('prefers SM activity to GPU_UTIL where present', () => {
    expect(sampleUtilPercent({ util: 100, smActive: 0.42 })).toBeCloseTo(42, 12);
    expect(sampleUtilPercent({ util: 73, smActive: null })).toBe(73);
  });
});
