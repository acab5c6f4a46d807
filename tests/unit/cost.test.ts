import { describe, expect, it } from 'vitest';
import {
  budgetForecast,
  costOfIntervals,
  crossedThresholds,
  dailyRunRate,
  daysLeft,
  idleCost,
  interruptionCost,
  lostWork,
  rateAt,
  roundCents,
  shareIdleCost,
  type CostInterval,
  type Rate,
} from '@/lib/domain/cost';

const at = (iso: string) => new Date(iso);

// H100 on-demand: $2.00 until 10 March, $2.50 from then. H100 reserved $1.80; A100 spot $0.90, all open-ended.
const RATES: Rate[] = [
  {
    gpuModel: 'H100',
    pricingClass: 'on_demand',
    pricePerGpuHour: 2,
    effectiveFrom: at('2026-01-01T00:00Z'),
    effectiveTo: at('2026-03-10T00:00Z'),
  },
  {
    gpuModel: 'H100',
    pricingClass: 'on_demand',
    pricePerGpuHour: 2.5,
    effectiveFrom: at('2026-03-10T00:00Z'),
    effectiveTo: null,
  },
  {
    gpuModel: 'H100',
    pricingClass: 'reserved',
    pricePerGpuHour: 1.8,
    effectiveFrom: at('2026-01-01T00:00Z'),
    effectiveTo: null,
  },
  {
    gpuModel: 'A100',
    pricingClass: 'spot',
    pricePerGpuHour: 0.9,
    effectiveFrom: at('2026-01-01T00:00Z'),
    effectiveTo: null,
  },
];
const MARCH = { from: at('2026-03-01T00:00Z'), to: at('2026-04-01T00:00Z') };

describe('roundCents', () => {
  it('rounds half away from zero, reading the amount as the decimal meant', () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(-1.005)).toBe(-1.01);
    expect(roundCents(2.675)).toBe(2.68);
    expect(roundCents(0.125)).toBe(0.13);
    expect(roundCents(-0.125)).toBe(-0.13);
    expect(roundCents(1.0049999)).toBe(1);
    expect(roundCents(0.1 + 0.2)).toBe(0.3);
    expect(roundCents(1_234_567.891)).toBe(1_234_567.89);
  });

  it('never answers negative zero', () => {
    expect(Object.is(roundCents(-0.004), 0)).toBe(true);
  });
});

describe('rateAt', () => {
  it('takes effectiveFrom as inclusive and effectiveTo as exclusive', () => {
    expect(rateAt(RATES, 'H100', 'on_demand', at('2026-03-09T23:59:59Z'))?.pricePerGpuHour).toBe(2);
    expect(rateAt(RATES, 'H100', 'on_demand', at('2026-03-10T00:00Z'))?.pricePerGpuHour).toBe(2.5);
    expect(rateAt(RATES, 'H100', 'on_demand', at('2025-12-31T23:59Z'))).toBeNull();
    expect(rateAt(RATES, 'H100', 'spot', at('2026-03-10T00:00Z'))).toBeNull();
  });

  it('lets the latest-starting row win where rows overlap', () => {
    const overlapping: Rate[] = [
      ...RATES,
      {
        gpuModel: 'A100',
        pricingClass: 'spot',
        pricePerGpuHour: 0.7,
        effectiveFrom: at('2026-02-01T00:00Z'),
        effectiveTo: null,
      },
    ];
    expect(rateAt(overlapping, 'A100', 'spot', at('2026-01-15T00:00Z'))?.pricePerGpuHour).toBe(0.9);
    expect(rateAt(overlapping, 'A100', 'spot', at('2026-02-15T00:00Z'))?.pricePerGpuHour).toBe(0.7);
  });
});

describe('costOfIntervals', () => {
  it('splits a job spanning a price change', () => {
    // 8 GPUs from 9 Mar 20:00 to 10 Mar 04:00: 4 h x 8 x $2.00 = $64, then 4 h x 8 x $2.50 = $80; $144 in all.
    const job: CostInterval = {
      jobId: 'llm-7b',
      gpuModel: 'H100',
      pricingClass: 'on_demand',
      gpus: 8,
      from: at('2026-03-09T20:00Z'),
      to: at('2026-03-10T04:00Z'),
    };
    const result = costOfIntervals([job], RATES, MARCH);
    expect(result.lines.map((line) => [line.gpuHours, line.pricePerGpuHour, line.cost])).toEqual([
      [32, 2, 64],
      [32, 2.5, 80],
    ]);
    expect(result.lines[1].from).toEqual(at('2026-03-10T00:00Z'));
    expect(result.total).toBe(144);
    expect(result.gpuHours).toBe(64);
    expect(result.byJob.get('llm-7b')).toEqual({ cost: 144, gpuHours: 64 });
  });

  it('prices a job on two pools by each pool’s rate', () => {
    // 8 H100 reserved for 10 h at $1.80 = $144; 4 A100 spot for 10 h at $0.90 = $36; $180 in all.
    const intervals: CostInterval[] = [
      {
        jobId: 7,
        gpuModel: 'H100',
        pricingClass: 'reserved',
        gpus: 8,
        from: at('2026-03-02T00:00Z'),
        to: at('2026-03-02T10:00Z'),
      },
      {
        jobId: 7,
        gpuModel: 'A100',
        pricingClass: 'spot',
        gpus: 4,
        from: at('2026-03-02T00:00Z'),
        to: at('2026-03-02T10:00Z'),
      },
    ];
    const result = costOfIntervals(intervals, RATES, MARCH);
    expect(result.lines.map((line) => line.cost)).toEqual([144, 36]);
    expect(result.byJob.get(7)).toEqual({ cost: 180, gpuHours: 120 });
  });

  it('counts only the part of a job that falls inside the range', () => {
    // 2 GPUs from 28 Feb 18:00 to 1 Mar 06:00; March counts 6 h x 2 x $2.00 = $24, February 6 h more.
    const job: CostInterval = {
      jobId: 'a',
      gpuModel: 'H100',
      pricingClass: 'on_demand',
      gpus: 2,
      from: at('2026-02-28T18:00Z'),
      to: at('2026-03-01T06:00Z'),
    };
    expect(costOfIntervals([job], RATES, MARCH).total).toBe(24);
    expect(costOfIntervals([job], RATES, { from: at('2026-02-01T00:00Z'), to: MARCH.from }).total).toBe(24);
    expect(costOfIntervals([job], RATES, { from: at('2026-04-01T00:00Z'), to: at('2026-05-01T00:00Z') }).lines).toEqual(
      [],
    );
  });

  it('runs an open interval to the end of the range', () => {
    // One allocation row (1 GPU) from 31 Mar 22:30, still held: 1.5 h at $2.50 = $3.75.
    const job: CostInterval = {
      jobId: 'a',
      gpuModel: 'H100',
      pricingClass: 'on_demand',
      from: at('2026-03-31T22:30Z'),
      to: null,
    };
    expect(costOfIntervals([job], RATES, MARCH).total).toBe(3.75);
  });

  it('keeps GPU-hours no rate covers apart, priced at nothing', () => {
    const job: CostInterval = {
      jobId: 'a',
      gpuModel: 'B200',
      pricingClass: 'on_demand',
      gpus: 8,
      from: at('2026-03-03T00:00Z'),
      to: at('2026-03-03T01:00Z'),
    };
    const result = costOfIntervals([job], RATES, MARCH);
    expect(result).toMatchObject({ total: 0, gpuHours: 8, unpricedGpuHours: 8 });
    expect(result.lines[0].pricePerGpuHour).toBeNull();
  });

  it('sums thousands of small intervals without rounding on the way', () => {
    // 3,000 one-GPU intervals of 1 min at $1.80: 50 GPU-h, $90.00 once rounded at the end.
    const intervals: CostInterval[] = Array.from({ length: 3000 }, (_, i) => ({
      jobId: 'many',
      gpuModel: 'H100',
      pricingClass: 'reserved',
      from: new Date(MARCH.from.getTime() + i * 60_000),
      to: new Date(MARCH.from.getTime() + (i + 1) * 60_000),
    }));
    expect(roundCents(costOfIntervals(intervals, RATES, MARCH).total)).toBe(90);
  });
});

describe('idle cost', () => {
  // Pool H100 reserved: 2 nodes x 8 GPUs for the whole day of 2 March = 384 GPU-h x $1.80 = $691.20.
  // Allocated: 8 GPUs for 24 h (team A's job) and 8 GPUs for 6 h (team B's) = 240 GPU-h = $432.
  // Idle: 144 GPU-h = $259.20.
  const day = { from: at('2026-03-02T00:00Z'), to: at('2026-03-03T00:00Z') };
  const capacity = [
    { gpuModel: 'H100', pricingClass: 'reserved' as const, gpus: 8, from: at('2026-02-01T00:00Z'), to: null },
    { gpuModel: 'H100', pricingClass: 'reserved' as const, gpus: 8, from: at('2026-02-01T00:00Z'), to: null },
  ];
  const allocations: CostInterval[] = [
    { jobId: 'a', gpuModel: 'H100', pricingClass: 'reserved', gpus: 8, from: at('2026-03-01T00:00Z'), to: null },
    {
      jobId: 'b',
      gpuModel: 'H100',
      pricingClass: 'reserved',
      gpus: 8,
      from: at('2026-03-02T06:00Z'),
      to: at('2026-03-02T12:00Z'),
    },
  ];

  it('prices provisioned but unallocated GPU-time', () => {
    const idle = idleCost(capacity, allocations, RATES, day);
    expect(idle.byPool).toEqual([
      {
        gpuModel: 'H100',
        pricingClass: 'reserved',
        provisionedGpuHours: 384,
        allocatedGpuHours: 240,
        idleGpuHours: 144,
        cost: 691.2 - 432,
      },
    ]);
    expect(roundCents(idle.total)).toBe(259.2);
    expect(idle.idleGpuHours).toBe(144);
  });

  it('counts no idle hour in a stretch the source did not cover, and no allocated one either', () => {
    // Both nodes measured all day but 12:00-18:00 (an outage): 16 GPUs x 18 h = 288 GPU-h x $1.80 = $518.40.
    // Allocated within what was measured: team A 8 x 18 h = 144, team B 8 x 6 h (06:00-12:00) = 48: 192 GPU-h.
    // Idle: 96 GPU-h = $172.80. Team A's 6 h in the outage are unknown, not taken off another minute's idle.
    const measured = capacity.flatMap((row) => [
      { ...row, from: at('2026-03-02T00:00Z'), to: at('2026-03-02T12:00Z') },
      { ...row, from: at('2026-03-02T18:00Z'), to: at('2026-03-03T00:00Z') },
    ]);
    const idle = idleCost(measured, allocations, RATES, day);
    expect(idle.byPool).toMatchObject([{ provisionedGpuHours: 288, allocatedGpuHours: 192, idleGpuHours: 96 }]);
    expect(roundCents(idle.total)).toBe(172.8);
  });

  it('shares idle cost out in proportion to spend', () => {
    // Team A spent $345.60 (192 GPU-h), team B $86.40 (48 GPU-h): shares 80% and 20% of $259.20.
    const { rows, unassigned } = shareIdleCost(
      [
        { key: 'team-a', spend: 345.6 },
        { key: 'team-b', spend: 86.4 },
      ],
      259.2,
    );
    expect(rows.map((row) => [row.key, roundCents(row.idleShare), roundCents(row.total)])).toEqual([
      ['team-a', 207.36, 552.96],
      ['team-b', 51.84, 138.24],
    ]);
    expect(unassigned).toBe(0);
    expect(roundCents(rows.reduce((sum, row) => sum + row.total, 0))).toBe(691.2);
  });

  it('leaves idle cost unassigned when nobody spent anything', () => {
    const { rows, unassigned } = shareIdleCost([{ key: 1, spend: 0 }], 50);
    expect(rows).toEqual([{ key: 1, spend: 0, idleShare: 0, total: 0 }]);
    expect(unassigned).toBe(50);
  });
});

describe('lost work and interruption cost', () => {
  it('counts GPUs x (time since the last checkpoint + time to recover)', () => {
    // 64 GPUs; checkpoint 10:00, interrupted 10:24, running again 10:30: 64 x 30 min = 32 GPU-h; at $2.50 = $80.
    const lost = lostWork({
      gpus: 64,
      startedAt: at('2026-03-12T08:00Z'),
      lastCheckpointAt: at('2026-03-12T10:00Z'),
      interruptedAt: at('2026-03-12T10:24Z'),
      recoveredAt: at('2026-03-12T10:30Z'),
    });
    expect(lost).toEqual({ sinceCheckpointMs: 24 * 60_000, recoveryMs: 6 * 60_000, gpuHours: 32 });
    expect(interruptionCost(lost.gpuHours, 2.5)).toBe(80);
  });

  it('counts from the job’s start when it has no checkpoint since', () => {
    // Restarted at 09:00 from a checkpoint of 08:00; interrupted at 09:45 and back at 09:50: 8 GPUs x (45 + 5) min.
    const lost = lostWork({
      gpus: 8,
      startedAt: at('2026-03-12T09:00Z'),
      lastCheckpointAt: at('2026-03-12T08:00Z'),
      interruptedAt: at('2026-03-12T09:45Z'),
      recoveredAt: at('2026-03-12T09:50Z'),
    });
    expect(lost.gpuHours).toBeCloseTo((8 * 50) / 60, 12);
    expect(
      lostWork({
        gpus: 8,
        startedAt: at('2026-03-12T09:00Z'),
        lastCheckpointAt: null,
        interruptedAt: at('2026-03-12T09:45Z'),
        recoveredAt: at('2026-03-12T09:50Z'),
      }).gpuHours,
    ).toBeCloseTo((8 * 50) / 60, 12);
  });
});

describe('budget forecast', () => {
  it('forecasts a 28-day month', () => {
    // February 2026, 15 Feb 00:00 UTC: 14 days gone, 14 left. Spend $10,000; last 7 days $4,900 -> $700/day.
    // Forecast 10,000 + 700 x 14 = $19,800.
    const forecast = budgetForecast({
      spendSoFar: 10_000,
      last7DaysSpend: 4_900,
      now: at('2026-02-15T00:00Z'),
      timeZone: 'UTC',
    });
    expect(forecast).toEqual({
      period: { from: at('2026-02-01T00:00Z'), to: at('2026-03-01T00:00Z') },
      spend: 10_000,
      runRatePerDay: 700,
      runRateDays: 7,
      daysLeft: 14,
      forecast: 19_800,
    });
  });

  it('forecasts a 31-day month', () => {
    // March 2026, 15 Mar 00:00 UTC: 17 days left. Forecast 10,000 + 700 x 17 = $21,900.
    const forecast = budgetForecast({
      spendSoFar: 10_000,
      last7DaysSpend: 4_900,
      now: at('2026-03-15T00:00Z'),
      timeZone: 'UTC',
    });
    expect(forecast.daysLeft).toBe(17);
    expect(forecast.forecast).toBe(21_900);
  });

  it('counts fractional days left', () => {
    // 31 Mar 18:00 UTC: 6 h = 0.25 day left; 700 x 0.25 = 175.
    const forecast = budgetForecast({
      spendSoFar: 20_000,
      last7DaysSpend: 4_900,
      now: at('2026-03-31T18:00Z'),
      timeZone: 'UTC',
    });
    expect(forecast.forecast).toBe(20_175);
  });

  it('takes the month in the organisation’s time zone', () => {
    // 1 Mar 03:00 UTC is still 28 Feb 22:00 in New York (EST, UTC-5): February ends at 1 Mar 05:00 UTC, 2 h away.
    const forecast = budgetForecast({
      spendSoFar: 1_000,
      last7DaysSpend: 840,
      now: at('2026-03-01T03:00Z'),
      timeZone: 'America/New_York',
    });
    expect(forecast.period).toEqual({ from: at('2026-02-01T05:00Z'), to: at('2026-03-01T05:00Z') });
    expect(forecast.daysLeft).toBeCloseTo(2 / 24, 12);
    expect(forecast.forecast).toBeCloseTo(1_010, 9);
  });

  it('reads the run rate over the days measured when the console’s data began within the last 7', () => {
    // Data since 13 Feb 00:00, two days before 15 Feb: $1,400 in them is $700 a day, not $1,400 / 7 = $200.
    // Forecast 10,000 + 700 x 14 = $19,800, as with a whole week at that rate.
    const forecast = budgetForecast({
      spendSoFar: 10_000,
      last7DaysSpend: 1_400,
      now: at('2026-02-15T00:00Z'),
      timeZone: 'UTC',
      measuredDays: 2,
    });
    expect([forecast.runRatePerDay, forecast.runRateDays, forecast.forecast]).toEqual([700, 2, 19_800]);
    // Ten minutes of data are read as an hour's: $5 then is $120 a day, not $720.
    const early = budgetForecast({
      spendSoFar: 5,
      last7DaysSpend: 5,
      now: at('2026-02-15T00:00Z'),
      timeZone: 'UTC',
      measuredDays: 10 / 1440,
    });
    expect(early.runRatePerDay).toBeCloseTo(120, 9);
  });

  it('derives the run rate and never counts negative days left', () => {
    expect(dailyRunRate(700)).toBe(100);
    expect(daysLeft(at('2026-03-02T00:00Z'), at('2026-03-01T00:00Z'))).toBe(0);
  });
});

describe('crossedThresholds', () => {
  it('names the thresholds spend has reached, then those only the forecast has', () => {
    // Budget $10,000: spend $8,000 reaches 50% and exactly 80%; forecast $10,500 reaches 100%.
    expect(crossedThresholds({ budget: 10_000, spend: 8_000, forecast: 10_500 })).toEqual([
      { threshold: 50, basis: 'spend', amount: 8_000 },
      { threshold: 80, basis: 'spend', amount: 8_000 },
      { threshold: 100, basis: 'forecast', amount: 10_500 },
    ]);
  });

  it('compares in cents, rounding only at the end', () => {
    // $4,999.994 rounds to $4,999.99: not yet 50%. $4,999.995 rounds to $5,000.00: 50%.
    expect(crossedThresholds({ budget: 10_000, spend: 4_999.994, forecast: 0 })).toEqual([]);
    expect(crossedThresholds({ budget: 10_000, spend: 4_999.995, forecast: 0 })).toEqual([
      { threshold: 50, basis: 'spend', amount: 5_000 },
    ]);
    // 0.1 + 0.2 of a $0.60 budget is exactly 50%, though the float sum is 0.30000000000000004.
    expect(crossedThresholds({ budget: 0.6, spend: 0.1 + 0.2, forecast: 0 })).toHaveLength(1);
  });

  it('takes its own thresholds, in order', () => {
    expect(crossedThresholds({ budget: 100, spend: 95, forecast: 130, thresholds: [120, 90] })).toEqual([
      { threshold: 90, basis: 'spend', amount: 95 },
      { threshold: 120, basis: 'forecast', amount: 130 },
    ]);
  });

  it('has no thresholds for a zero budget', () => {
    expect(crossedThresholds({ budget: 0, spend: 10, forecast: 10 })).toEqual([]);
  });
});
