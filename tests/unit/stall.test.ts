import { describe, expect, it } from 'vitest';
import { classifyHealth, type HealthGpu } from '@/lib/domain/health';
import { progressStall, stallAfterMs } from '@/lib/domain/stall';

const at = (time: string) => new Date(`2026-03-02T${time}Z`);
const quietGpus = (count: number): HealthGpu[] =>
  Array.from({ length: count }, (_, index) => ({
    gpuId: index,
    index,
    hostname: 'gpu-r-001',
    // 12 minutes at 1%, 11:48 … 11:59.
    samples: Array.from({ length: 12 }, (_, k) => ({
      ts: new Date(at('11:48:00').getTime() + k * 60_000),
      util: 1,
      throttled: false,
      xid: 0,
    })),
  }));

describe('stallAfterMs: max(3 x the median step time, 2 minutes)', () => {
  it.each([
    [10, 120_000], // 3 x 10 s = 30 s, under the 2-minute floor
    [40, 120_000], // 3 x 40 s = 120 s, the floor exactly
    [50, 150_000], // 3 x 50 s = 150 s
    [300, 900_000], // a 5-minute step: 15 minutes
  ])('a median step of %i s stalls after %i ms', (median, expected) => {
    expect(stallAfterMs(median)).toBe(expected);
  });
});

describe('progressStall', () => {
  const progress = { step: 18_432, advancedAt: at('11:58:00'), medianStepSeconds: 10 };

  it('holds off until the step has been still for the whole threshold', () => {
    // 11:58:00 to 11:59:59 is 119 s, under 120 s.
    expect(progressStall(progress, at('11:59:59'), at('10:00:00'))).toBeNull();
  });

  it('calls the job stalled at the threshold, dated from its last step', () => {
    const stall = progressStall(progress, at('12:00:00'), at('10:00:00'));
    expect(stall).toMatchObject({ since: at('11:58:00'), quietMs: 120_000, afterMs: 120_000 });
    expect(stall!.reason).toBe(
      'Step 18,432 has not advanced for 2 min (its median step takes 10 s; stalled after 2 min)',
    );
  });

  it('gives a job that just started running again the whole threshold for its first step', () => {
    // Its last step was at 11:40, before the restart; it has run again since 11:59:00.
    const restarted = { step: 18_000, advancedAt: at('11:40:00'), medianStepSeconds: 10 };
    expect(progressStall(restarted, at('12:00:30'), at('11:59:00'))).toBeNull();
    const stall = progressStall(restarted, at('12:01:00'), at('11:59:00'));
    expect(stall?.since).toEqual(at('11:59:00'));
    expect(stall?.reason).toMatch(/^No step for 2 min since the job started running again/);
  });
});

describe('classifyHealth with progress', () => {
  it('calls a job that steps healthy even with every GPU under 5% (progress, not utilization, decides)', () => {
    const verdict = classifyHealth({
      state: 'running',
      now: at('12:00:00'),
      gpus: quietGpus(2),
      progress: { step: 100, advancedAt: at('11:59:40'), medianStepSeconds: 20 },
    });
    expect(verdict.health).toBe('healthy');
  });

  it('calls a job stalled on progress after 2 minutes, long before the 10-minute utilization rule', () => {
    const verdict = classifyHealth({
      state: 'running',
      now: at('12:00:00'),
      runningSince: at('11:00:00'),
      gpus: [],
      progress: { step: 100, advancedAt: at('11:57:30'), medianStepSeconds: 20 },
    });
    // 3 x 20 s = 60 s, so the 2-minute floor: still since 11:57:30, 2 min 30 s.
    expect(verdict).toMatchObject({ health: 'stalled', rule: 'no_progress', faultAt: at('11:57:30') });
  });

  it('falls back to the utilization rule while the step time is not yet measured', () => {
    const verdict = classifyHealth({
      state: 'running',
      now: at('12:00:00'),
      gpus: quietGpus(2),
      progress: { step: 100, advancedAt: null, medianStepSeconds: null },
    });
    // Every GPU under 5% for the 12 minutes 11:48 … 11:59: a hang, dated from its first quiet minute.
    expect(verdict).toMatchObject({ health: 'stalled', rule: 'hang', faultAt: at('11:48:00') });
  });
});
