import { describe, expect, it } from 'vitest';
import { JOB_RECOVERY_TARGET_MS, lostWorkIfInterruptedNow } from '@/lib/domain/recovery';

const NOW = new Date('2026-11-25T10:30:00Z');
const base = {
  kind: 'training' as const,
  gpus: 512,
  ratePerHour: 512 * 2.1,
  startedAt: new Date('2026-11-20T00:00:00Z'),
  lastCheckpointAt: new Date('2026-11-25T10:00:00Z'),
  now: NOW,
};

describe('lost work if interrupted now', () => {
  it('is GPUs x (time since the last checkpoint + 5 min to recover), priced at the GPUs rates', () => {
    const atRisk = lostWorkIfInterruptedNow(base)!;
    // 512 x 35 min = 298.667 GPU-h; x $2.10 = $627.20.
    expect(JOB_RECOVERY_TARGET_MS).toBe(300_000);
    expect(atRisk.sinceCheckpointMs).toBe(30 * 60_000);
    expect(atRisk.recoveryMs).toBe(5 * 60_000);
    expect(atRisk.gpuHours).toBeCloseTo((512 * 35) / 60, 10);
    expect(atRisk.cost).toBeCloseTo(627.2, 10);
  });

  it('counts from the start when there is no checkpoint since it started', () => {
    const atRisk = lostWorkIfInterruptedNow({
      ...base,
      gpus: 8,
      ratePerHour: 8 * 3.4,
      startedAt: new Date('2026-11-25T09:30:00Z'),
      lastCheckpointAt: new Date('2026-11-25T08:00:00Z'),
    })!;
    // 8 x 65 min = 8.667 GPU-h x $3.40 = $29.47.
    expect(atRisk.sinceCheckpointMs).toBe(60 * 60_000);
    expect(atRisk.cost).toBeCloseTo((8 * 65 * 3.4) / 60, 10);
  });

  it('is nothing for a service, a job holding no GPU, or one not started', () => {
    expect(lostWorkIfInterruptedNow({ ...base, kind: 'inference' })).toBeNull();
    expect(lostWorkIfInterruptedNow({ ...base, gpus: 0 })).toBeNull();
    expect(lostWorkIfInterruptedNow({ ...base, startedAt: null })).toBeNull();
  });
});
