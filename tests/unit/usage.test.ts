import { describe, expect, it } from 'vitest';
import { addUsage, groupUsage, jobUsage, NO_USAGE, usageFigures, utilizationOf } from '@/lib/domain/usage';

describe('utilizationOf', () => {
  it('is the mean percent over the sampled minutes, as a ratio', () => {
    expect(utilizationOf(120, 120 * 50)).toBe(0.5);
    expect(utilizationOf(60, 60 * 80 + 30)).toBeCloseTo(0.805, 12);
  });
  it('is unknown, not zero, without samples', () => {
    expect(utilizationOf(0, 0)).toBeNull();
  });
  it('stays within 0..1', () => {
    expect(utilizationOf(10, 10 * 120)).toBe(1);
  });
});

describe('usage figures', () => {
  // Two jobs: $54 for 24 GPU-h at 50%, and $35 for 20 GPU-h at 25%; a third never sampled.
  const a = jobUsage(54, 24, 0, 0.5);
  const b = jobUsage(35, 20, 0, 0.25);
  const c = jobUsage(2, 2, 0, null);

  it('waste is allocated GPU-hours x (1 - utilization), and its cost the job cost x (1 - utilization)', () => {
    expect(usageFigures(a)).toEqual({ utilization: 0.5, wasteGpuHours: 12, wasteCost: 27, costPerUsefulGpuHour: 4.5 });
  });

  it('sums jobs before deriving, so a group is weighted by GPU-hours, never an average of averages', () => {
    const total = [a, b, c].reduce(addUsage, NO_USAGE);
    expect(total.cost).toBe(91);
    expect(total.measuredCost).toBe(89);
    const figures = usageFigures(total);
    expect(figures.utilization).toBeCloseTo(17 / 44, 12); // (12 + 5) utilized of 44 measured GPU-h
    expect(figures.wasteGpuHours).toBe(27);
    expect(figures.wasteCost).toBe(27 + 26.25);
    expect(figures.costPerUsefulGpuHour).toBeCloseTo(89 / 17, 12);
  });

  it('claims no utilization or waste for jobs never sampled', () => {
    expect(usageFigures(c)).toEqual({
      utilization: null,
      wasteGpuHours: null,
      wasteCost: null,
      costPerUsefulGpuHour: null,
    });
    expect(c).toMatchObject({ cost: 2, gpuHours: 2, measuredCost: 0 });
  });

  it('groups rows by a key in first-seen order', () => {
    const rows = [
      { team: 'research', usage: a },
      { team: 'product', usage: c },
      { team: 'research', usage: b },
    ];
    const groups = groupUsage(
      rows,
      (row) => row.team,
      (row) => row.usage,
    );
    expect([...groups.keys()]).toEqual(['research', 'product']);
    expect(groups.get('research')!.cost).toBe(89);
  });
});
