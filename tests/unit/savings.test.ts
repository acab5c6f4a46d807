import { describe, expect, it } from 'vitest';
import {
  idleAllocated,
  lowUtilization,
  overprovisionedInference,
  recommendSavings,
  spotCandidates,
  type SavingsJob,
} from '@/lib/domain/savings';

const job = (fields: Partial<SavingsJob>): SavingsJob => ({
  jobId: 1,
  label: 'job',
  kind: 'training',
  gpuModel: 'H800',
  pricingClass: 'reserved',
  cost: 100,
  gpuHours: 50, // $2.00 per GPU-hour
  sampledGpuMinutes: 3000,
  idleGpuMinutes: 0,
  utilization: 0.8,
  desiredReplicas: null,
  checkpointEveryMinutes: null,
  ...fields,
});

describe('idle allocated GPUs', () => {
  it('prices the idle share of the allocated hours at the job price', () => {
    // A quarter of the sampled minutes idle: 12.5 GPU-h x $2.00.
    const rule = idleAllocated([job({ idleGpuMinutes: 750 }), job({ jobId: 2, idleGpuMinutes: 30 })]);
    expect(rule.items).toEqual([{ jobId: 1, label: 'job', detail: '12.5 GPU-h idle of 50.0', amount: 25 }]);
    expect(rule.weeklyAmount).toBe(25); // job 2 idled 0.5 GPU-h: under the 1 GPU-hour floor
  });
});

describe('jobs under 30% utilization', () => {
  it('saves the active hours down to what 60% would need', () => {
    // 20% over all minutes, none idle: $100 x (1 - 0.2 / 0.6) = $66.67.
    expect(lowUtilization([job({ utilization: 0.2 })]).weeklyAmount).toBeCloseTo(66.6667, 4);
  });
  it('leaves the idle minutes to the idle rule', () => {
    // Half the minutes idle at 0%, the other half at 40%: 20% overall. Active half: $50 x (1 - 0.4 / 0.6).
    const rule = lowUtilization([job({ utilization: 0.2, idleGpuMinutes: 1500 })]);
    expect(rule.weeklyAmount).toBeCloseTo(50 / 3, 9);
  });
  it('skips services, small jobs, unmeasured jobs and jobs at 30% or more', () => {
    const rule = lowUtilization([
      job({ kind: 'inference', utilization: 0.1 }),
      job({ gpuHours: 7, cost: 14, utilization: 0.1 }),
      job({ utilization: null }),
      job({ utilization: 0.3 }),
    ]);
    expect(rule.items).toEqual([]);
  });
});

describe('spot candidates', () => {
  const spot = (model: string) => (model === 'H800' ? 1.35 : null);
  it('prices interruptible work on on-demand GPUs at the spot rate of its GPU model, leaving reserved GPUs out', () => {
    const rule = spotCandidates(
      [
        job({ kind: 'evaluation', pricingClass: 'on_demand' }),
        job({ jobId: 2, label: 'ckpt', pricingClass: 'on_demand', checkpointEveryMinutes: 20 }),
        job({ jobId: 3, pricingClass: 'on_demand', checkpointEveryMinutes: 45 }),
        job({ jobId: 4, kind: 'evaluation', pricingClass: 'spot' }),
        job({ jobId: 5, kind: 'evaluation', pricingClass: 'on_demand', gpuModel: 'A100' }),
        job({ jobId: 6, kind: 'evaluation', pricingClass: 'reserved' }),
      ],
      spot,
    );
    // 50 GPU-h x ($2.00 - $1.35) each, for the evaluation and the job checkpointing every 20 minutes.
    expect(rule.items.map((item) => item.jobId)).toEqual([1, 2]);
    expect(rule.weeklyAmount).toBeCloseTo(65, 9);
    expect(rule.items[1].detail).toBe('checkpoints every 20 min; on-demand $2.00 vs spot $1.35');
  });
});

describe('over-provisioned inference replicas', () => {
  it('keeps the replicas that would run at 60%, at least one', () => {
    const rule = overprovisionedInference([
      job({ kind: 'inference', desiredReplicas: 8, utilization: 0.3 }), // keep 4 of 8: $50
      job({ jobId: 2, kind: 'inference', desiredReplicas: 2, utilization: 0.05 }), // keep 1 of 2: $50
      // 4 x 0.45 / 0.6 = 3 replicas carry its load: 1 of 4 goes, $25.
      job({ jobId: 3, kind: 'inference', desiredReplicas: 4, utilization: 0.45 }),
      // 23 replicas of 4 GPUs (92) at 41%: 23 x 0.41 / 0.6 = 15.7, so 16 are kept and 7 of 23 go: $100 x 7 / 23.
      job({ jobId: 4, kind: 'inference', desiredReplicas: 23, utilization: 0.41 }),
      // 2 x 0.58 / 0.6 = 1.93: both are needed.
      job({ jobId: 5, kind: 'inference', desiredReplicas: 2, utilization: 0.58 }),
    ]);
    expect(rule.items.map((item) => [item.jobId, item.amount])).toEqual([
      [1, 50],
      [2, 50],
      [4, (100 * 7) / 23],
      [3, 25],
    ]);
    expect(rule.items.find((item) => item.jobId === 4)?.detail).toBe('23 replicas at 41%: 16 would serve at about 60%');
  });
});

describe('recommendSavings', () => {
  it('gives all four recommendations, each with its rule, even when one has nothing to save', () => {
    const rules = recommendSavings([job({})], () => null);
    expect(rules.map((rule) => [rule.kind, rule.weeklyAmount])).toEqual([
      ['idle_allocated', 0],
      ['low_utilization', 0],
      ['spot_candidates', 0],
      ['overprovisioned_inference', 0],
    ]);
    expect(rules.every((rule) => rule.rule.length > 40)).toBe(true);
  });
});
