import { describe, expect, it } from 'vitest';
import {
  budgetLeftInUnits,
  formatBurnRate,
  goodputEvents,
  jobGoodputSli,
  redoneGpuMinutes,
  windowLabel,
} from '@/lib/domain/slo';

const T = Date.parse('2026-11-25T12:00:00Z');
const at = (minutes: number) => new Date(T + minutes * 60_000);

// An 8-GPU job fails at T-40 with its last checkpoint at T-50, and runs again at T-30:
//   lost work = 8 x (10 min since the checkpoint + 10 min to recover) = 160 GPU-min = 2.6667 GPU-h;
//   of it, 8 x 10 = 80 GPU-min were spent failed or recovering (already unproductive minute by minute),
//   so 80 GPU-min are redone, on 8 GPUs for 10 minutes from T-30 to T-20.
const interruption = { gpus: 8, faultAt: at(-40), recoveredAt: at(-30), lostGpuHours: 160 / 60 };

describe('job goodput: redone work', () => {
  it('counts the work since the last checkpoint as redone after the recovery, not the recovery itself', () => {
    expect(redoneGpuMinutes(interruption, at(-60), at(0))).toBeCloseTo(80, 9);
  });

  it('counts only the part of the redoing inside the window', () => {
    expect(redoneGpuMinutes(interruption, at(-25), at(0))).toBeCloseTo(40, 9); // T-25..T-20 on 8 GPUs
    expect(redoneGpuMinutes(interruption, at(-30), at(-29))).toBeCloseTo(8, 9);
    expect(redoneGpuMinutes(interruption, at(-20), at(0))).toBe(0);
    expect(redoneGpuMinutes(interruption, at(-90), at(-30))).toBe(0);
  });

  it('has nothing to redo when the checkpoint was taken at the fault', () => {
    // Lost work is then only the 10 minutes to recover: 8 x 10 = 80 GPU-min = 1.3333 GPU-h.
    expect(redoneGpuMinutes({ ...interruption, lostGpuHours: 80 / 60 }, at(-60), at(0))).toBeCloseTo(0, 9);
    expect(redoneGpuMinutes({ ...interruption, gpus: 0 }, at(-60), at(0))).toBe(0);
  });

  it('takes productive GPU-minutes less redone work over job GPU-minutes', () => {
    // An hour of 16 job GPUs = 960 GPU-min; 80 unproductive while failed, 80 redone: 800 / 960 = 83.33%.
    const events = goodputEvents({ jobGpuMinutes: 960, productiveGpuMinutes: 880, redoneGpuMinutes: 80 });
    expect(events).toEqual({ good: 800, total: 960 });
    expect(jobGoodputSli(events.good, events.total)).toBeCloseTo(0.833333, 6);
  });

  it('never counts more productive minutes than job minutes, nor fewer than none', () => {
    expect(goodputEvents({ jobGpuMinutes: 10, productiveGpuMinutes: 12, redoneGpuMinutes: 0 })).toEqual({
      good: 10,
      total: 10,
    });
    expect(goodputEvents({ jobGpuMinutes: 10, productiveGpuMinutes: 5, redoneGpuMinutes: 9 })).toEqual({
      good: 0,
      total: 10,
    });
  });
});

describe('error budget in units', () => {
  it('tells minutes of budget for GPU-minute SLIs: 72.2% of 43.2 min at 99.9% over 30 d is 31.2 min', () => {
    const left = budgetLeftInUnits('gpu_availability', 0.999, 30, 0.7222222, null)!;
    expect(left.unit).toBe('minutes');
    expect(left.budget).toBe(43.2);
    expect(left.left).toBeCloseTo(31.2, 4);
    // 99% over 7 days: 0.01 x 10,080 = 100.8 minutes.
    expect(budgetLeftInUnits('job_goodput', 0.99, 7, 1, null)!.budget).toBeCloseTo(100.8, 9);
  });

  it('tells requests of budget for inference: 99.9% of 2,000,000 requests allows 2,000 bad ones', () => {
    expect(budgetLeftInUnits('inference_availability', 0.999, 30, 0.25, 2_000_000)).toEqual({
      unit: 'requests',
      left: 500,
      budget: 2_000,
    });
    expect(budgetLeftInUnits('inference_availability', 0.999, 30, 0.25, null)).toBeNull();
  });
});

describe('labels', () => {
  it('writes windows and burn rates as the alert table does', () => {
    expect([5, 30, 60, 360, 4320, 43_200, 90].map(windowLabel)).toEqual([
      '5 m',
      '30 m',
      '1 h',
      '6 h',
      '3 d',
      '30 d',
      '90 m',
    ]);
    expect(formatBurnRate(14.41666)).toBe('14.4x');
    expect(formatBurnRate(0)).toBe('0.0x');
    expect(formatBurnRate(null)).toBe('—');
  });
});
