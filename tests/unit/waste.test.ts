import { describe, expect, it } from 'vitest';
import { wasteNow, type WasteInput } from '@/lib/domain/waste';

const base: WasteInput = {
  kind: 'training',
  health: 'healthy',
  healthReason: null,
  gpus: 8,
  ratePerHour: 8 * 2.1, // 8 GPUs at $2.10
  utilization: 0.9,
  desiredReplicas: null,
};

describe('waste now (DOMAIN.md: allocated GPU-hours x (1 - utilization), priced)', () => {
  it('prices the unused share of the GPUs held, and calls a busy job not worth acting on', () => {
    // $16.80/h x (1 - 0.9) = $1.68/h.
    const busy = wasteNow(base);
    expect(busy.perHour).toBeCloseTo(1.68, 10);
    expect(busy).toMatchObject({ cause: 'busy', actionable: false });
  });

  it('says a 92-GPU service at 41% is over-provisioned, and how many replicas would do', () => {
    // 23 replicas of 4 GPUs at $2.10: $193.20/h x 0.59 = $113.988/h; 23 x 0.41 / 0.6 = 15.7, so 16 replicas.
    const service = wasteNow({
      ...base,
      kind: 'inference',
      gpus: 92,
      ratePerHour: 92 * 2.1,
      utilization: 0.41,
      desiredReplicas: 23,
    });
    expect(service.perHour).toBeCloseTo(113.988, 6);
    expect(service).toMatchObject({
      cause: 'overprovisioned',
      actionable: true,
      detail: '23 replicas at 41% utilization; 16 would serve at about 60%',
    });
  });

  it('names a hang, a held failure, a degraded job and idle GPUs before utilization', () => {
    expect(
      wasteNow({ ...base, health: 'stalled', healthReason: 'All 8 GPUs under 5%', utilization: 0.01 }),
    ).toMatchObject({
      cause: 'hung',
      detail: 'All 8 GPUs under 5%',
    });
    expect(wasteNow({ ...base, health: 'degraded', utilization: 0.7 }).cause).toBe('degraded');
    expect(wasteNow({ ...base, utilization: 0.03 })).toMatchObject({
      cause: 'idle',
      detail: 'Holds 8 GPUs at 3% utilization',
    });
    expect(wasteNow({ ...base, utilization: 0.35 }).cause).toBe('low_utilization');
  });

  it('leaves the amount unknown, never $0, without a rate or a sample', () => {
    expect(wasteNow({ ...base, ratePerHour: null }).perHour).toBeNull();
    expect(wasteNow({ ...base, utilization: null })).toMatchObject({ perHour: null, cause: 'no_data' });
  });
});
