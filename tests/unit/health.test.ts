import { describe, expect, it } from 'vitest';
import { classifyHealth, median, type HealthGpu, type HealthSample } from '@/lib/domain/health';

const NOW = new Date('2026-03-02T12:00:00Z');
const minute = (k: number) => new Date(NOW.getTime() - k * 60_000);

/** A GPU whose samples end at the minute before NOW: utils[last] is minute 11:59, utils[last-1] 11:58, … */
function gpu(
  index: number,
  utils: number[],
  extra: { throttled?: boolean[]; xid?: number[]; hostname?: string } = {},
): HealthGpu {
  const samples: HealthSample[] = utils.map((util, i) => ({
    ts: minute(utils.length - i),
    util,
    throttled: extra.throttled?.[i] ?? false,
    xid: extra.xid?.[i] ?? 0,
  }));
  return { gpuId: `uuid-${index}`, index, hostname: extra.hostname ?? 'gpu-r-012', samples };
}

const repeat = <T>(value: T, count: number): T[] => Array.from({ length: count }, () => value);
const busy = (index: number, minutes = 15) => gpu(index, repeat(90, minutes));

describe('classifyHealth: pass-through states', () => {
  it.each(['pending', 'succeeded', 'cancelled'] as const)('shows a %s job as it is', (state) => {
    const verdict = classifyHealth({ state, now: NOW, gpus: [gpu(0, repeat(0, 15))] });
    expect(verdict).toEqual({
      health: state,
      rule: 'scheduler_state',
      reason: `The scheduler reports the job ${state}`,
      gpuIds: [],
    });
  });

  it('does not turn a succeeded job failed for a fatal XID in its samples', () => {
    const verdict = classifyHealth({ state: 'succeeded', now: NOW, gpus: [gpu(0, [90, 90], { xid: [0, 79] })] });
    expect(verdict.health).toBe('succeeded');
  });

  it('marks a job failed when the scheduler reports failure', () => {
    const verdict = classifyHealth({ state: 'failed', now: NOW, gpus: [busy(0)] });
    expect(verdict).toMatchObject({ health: 'failed', rule: 'scheduler_failed', gpuIds: [] });
  });

  it('marks a running job healthy when no rule holds', () => {
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus: [busy(0), busy(1)] });
    expect(verdict).toEqual({ health: 'healthy', rule: 'running', reason: 'Running on 2 GPUs', gpuIds: [] });
  });

  it('says so when a healthy running job has no samples in the window', () => {
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus: [{ gpuId: 'a', samples: [] }] });
    expect(verdict.health).toBe('healthy');
    expect(verdict.reason).toBe('Running on 1 GPU; no samples in the last 10 min');
  });
});

describe('classifyHealth: fatal XID', () => {
  it('marks a running job failed when a fatal XID hit one of its GPUs', () => {
    const hit = gpu(3, repeat(90, 12), { xid: [...repeat(0, 11), 79] });
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus: [busy(0), hit] });
    expect(verdict).toEqual({
      health: 'failed',
      rule: 'fatal_xid',
      reason: 'XID 79 (GPU has fallen off the bus) on gpu-r-012 GPU 3',
      gpuIds: ['uuid-3'],
    });
  });

  it('ignores warning XIDs', () => {
    const warned = gpu(3, repeat(90, 12), { xid: repeat(13, 12) });
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [busy(0), warned] }).health).toBe('healthy');
  });

  it('takes fatal XIDs known from fault records', () => {
    const verdict = classifyHealth({
      state: 'running',
      now: NOW,
      gpus: [busy(0), busy(1)],
      fatalXidGpuIds: ['uuid-1', 'uuid-1', 'uuid-9'],
    });
    expect(verdict.health).toBe('failed');
    expect(verdict.gpuIds).toEqual(['uuid-1', 'uuid-9']);
    expect(verdict.reason).toBe('A fatal XID on gpu-r-012 GPU 1 (and 1 more GPU)');
  });

  it('ignores a sample stamped after now', () => {
    const future: HealthGpu = {
      gpuId: 'f',
      samples: [{ ts: new Date(NOW.getTime() + 60_000), util: 90, throttled: false, xid: 79 }],
    };
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [busy(0), future] }).health).toBe('healthy');
  });

  it('puts failed before stalled (first match wins)', () => {
    const hung = [gpu(0, repeat(0, 12), { xid: [48, ...repeat(0, 11)] }), gpu(1, repeat(0, 12))];
    expect(classifyHealth({ state: 'running', now: NOW, gpus: hung }).rule).toBe('fatal_xid');
  });

  it('puts failed before recovering (first match wins)', () => {
    const hit = gpu(0, [90], { xid: [95] });
    expect(classifyHealth({ state: 'recovering', now: NOW, gpus: [hit] }).health).toBe('failed');
  });
});

describe('classifyHealth: hang (stalled)', () => {
  it('marks a job stalled after 10 minutes under 5% on every GPU', () => {
    const gpus = [gpu(0, repeat(0, 12)), gpu(1, [90, ...repeat(3, 10), 2])];
    expect(classifyHealth({ state: 'running', now: NOW, gpus })).toEqual({
      health: 'stalled',
      rule: 'hang',
      reason: 'All 2 GPUs under 5% utilization for 11 min (highest 3%)',
      gpuIds: ['uuid-0', 'uuid-1'],
      // The shorter run (GPU 1's 11 minutes, 11:49 … 11:59) dates the hang.
      faultAt: minute(11),
    });
  });

  it('fires at exactly 10 minutes', () => {
    const gpus = [gpu(0, [90, ...repeat(4, 10)]), gpu(1, [90, ...repeat(4, 10)])];
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus });
    expect(verdict.health).toBe('stalled');
    expect(verdict.reason).toBe('All 2 GPUs under 5% utilization for 10 min (highest 4%)');
  });

  it('does not fire at 9 minutes', () => {
    const gpus = [gpu(0, [90, ...repeat(0, 9)]), gpu(1, [90, ...repeat(0, 9)])];
    expect(classifyHealth({ state: 'running', now: NOW, gpus }).health).toBe('healthy');
  });

  it('does not count a GPU at exactly 5% as under 5%', () => {
    const gpus = [gpu(0, repeat(0, 10)), gpu(1, [...repeat(0, 9), 5])];
    expect(classifyHealth({ state: 'running', now: NOW, gpus }).rule).not.toBe('hang');
  });

  it('lets one GPU at 5% in one minute break the hang', () => {
    const gpus = [gpu(0, repeat(0, 10)), gpu(1, [0, 0, 0, 0, 5, 0, 0, 0, 0, 0])];
    expect(classifyHealth({ state: 'running', now: NOW, gpus }).rule).not.toBe('hang');
  });

  it('lets a missing minute break the run', () => {
    const withGap = gpu(1, repeat(0, 12));
    const samples = withGap.samples.filter((_, i) => i !== 6);
    const gpus = [gpu(0, repeat(0, 12)), { ...withGap, samples }];
    expect(classifyHealth({ state: 'running', now: NOW, gpus }).health).toBe('healthy');
  });

  it('does not look at the minute under way', () => {
    const now = new Date(NOW.getTime() + 45_000);
    const partial: HealthSample = { ts: NOW, util: 80, throttled: false, xid: 0 };
    const g = gpu(0, repeat(0, 10));
    const verdict = classifyHealth({ state: 'running', now, gpus: [{ ...g, samples: [...g.samples, partial] }] });
    expect(verdict.health).toBe('stalled');
    expect(verdict.reason).toBe('The GPU under 5% utilization for 10 min (highest 0%)');
  });

  it('is not a hang when the last minute before now is missing', () => {
    const g = gpu(0, repeat(0, 10));
    const later = new Date(NOW.getTime() + 60_000);
    expect(classifyHealth({ state: 'running', now: later, gpus: [g] }).health).toBe('healthy');
  });

  it('does not call a job with no GPUs stalled', () => {
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [] }).health).toBe('healthy');
  });

  it('only applies to running jobs', () => {
    const gpus = [gpu(0, repeat(0, 12))];
    expect(classifyHealth({ state: 'recovering', now: NOW, gpus }).health).toBe('recovering');
  });

  it('reports a long hang in hours', () => {
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus: [gpu(0, repeat(1, 65))] });
    expect(verdict.reason).toBe('The GPU under 5% utilization for 1 h 5 min (highest 1%)');
  });
});

describe('classifyHealth: straggler (degraded)', () => {
  it('marks a job degraded when one GPU runs under half the median for 10 minutes', () => {
    const gpus = [busy(0, 12), busy(1, 12), busy(2, 12), gpu(3, repeat(20, 12))];
    expect(classifyHealth({ state: 'running', now: NOW, gpus })).toEqual({
      health: 'degraded',
      rule: 'straggler',
      reason: "gpu-r-012 GPU 3 under 50% of the job's median utilization for 12 min (20% vs median 90%)",
      gpuIds: ['uuid-3'],
    });
  });

  it('does not fire at exactly 50% of the median', () => {
    // Median of [90, 90, 90, 45] is 90; 45 = 0.5 x 90 is not under it.
    const gpus = [busy(0, 12), busy(1, 12), busy(2, 12), gpu(3, repeat(45, 12))];
    expect(classifyHealth({ state: 'running', now: NOW, gpus }).health).toBe('healthy');
  });

  it('fires at exactly 10 minutes and not at 9', () => {
    const tenSlow = [busy(0, 12), busy(1, 12), gpu(2, [90, 90, ...repeat(30, 10)])];
    expect(classifyHealth({ state: 'running', now: NOW, gpus: tenSlow }).rule).toBe('straggler');
    const nineSlow = [busy(0, 12), busy(1, 12), gpu(2, [90, 90, 90, ...repeat(30, 9)])];
    expect(classifyHealth({ state: 'running', now: NOW, gpus: nineSlow }).health).toBe('healthy');
  });

  it('takes the median minute by minute, the straggler included', () => {
    // Two GPUs: median is the mean of the two. 80 and 30 -> median 55, 30 >= 27.5; 80 and 20 -> median 50, 20 < 25.
    const notSlow = [busy(0, 10), gpu(1, repeat(30, 10))];
    expect(classifyHealth({ state: 'running', now: NOW, gpus: notSlow }).health).toBe('healthy');
    const slow = [gpu(0, repeat(80, 10)), gpu(1, repeat(20, 10))];
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus: slow });
    expect(verdict.rule).toBe('straggler');
    expect(verdict.reason).toContain('(20% vs median 50%)');
  });

  it('names the worst straggler and counts the rest', () => {
    const gpus = [busy(0, 10), busy(1, 10), busy(2, 10), gpu(3, repeat(30, 10)), gpu(4, repeat(10, 10))];
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus });
    expect(verdict.gpuIds).toEqual(['uuid-3', 'uuid-4']);
    expect(verdict.reason).toBe(
      "gpu-r-012 GPU 4 and 1 more under 50% of the job's median utilization for 10 min (10% vs median 90%)",
    );
  });

  it('never finds a straggler in a one-GPU job', () => {
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [gpu(0, repeat(10, 12))] }).health).toBe('healthy');
  });

  it('puts stalled before degraded (first match wins)', () => {
    // All under 5%, one of them also under half the median: a hang, not a straggler.
    const gpus = [gpu(0, repeat(4, 10)), gpu(1, repeat(4, 10)), gpu(2, repeat(1, 10))];
    expect(classifyHealth({ state: 'running', now: NOW, gpus }).rule).toBe('hang');
  });
});

describe('classifyHealth: thermal throttling (degraded)', () => {
  const throttledIn = (count: number) => [...repeat(false, 10 - count), ...repeat(true, count)];

  it('marks a job degraded when a GPU throttled in 5 of the last 10 minutes', () => {
    const hot = gpu(5, repeat(88, 10), {
      throttled: [true, false, true, false, true, false, true, false, true, false],
    });
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [busy(0), hot] })).toEqual({
      health: 'degraded',
      rule: 'thermal_throttling',
      reason: 'gpu-r-012 GPU 5 thermally throttled in 5 of the last 10 min',
      gpuIds: ['uuid-5'],
    });
  });

  it('does not fire for 4 throttled minutes', () => {
    const hot = gpu(5, repeat(88, 10), { throttled: throttledIn(4) });
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [busy(0), hot] }).health).toBe('healthy');
  });

  it('does not count throttling older than the window', () => {
    const hot = gpu(5, repeat(88, 20), { throttled: [...repeat(true, 10), ...repeat(false, 10)] });
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [busy(0), hot] }).health).toBe('healthy');
  });

  it('puts the straggler before throttling when both hold', () => {
    const hot = gpu(5, repeat(90, 10), { throttled: throttledIn(10) });
    const gpus = [busy(0), busy(1), hot, gpu(6, repeat(10, 10))];
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus });
    expect(verdict.rule).toBe('straggler');
    expect(verdict.gpuIds).toEqual(['uuid-6']);
  });

  it('puts stalled before throttling', () => {
    const gpus = [gpu(0, repeat(0, 10), { throttled: throttledIn(10) })];
    expect(classifyHealth({ state: 'running', now: NOW, gpus }).rule).toBe('hang');
  });

  it('takes the rule from its settings', () => {
    const hot = gpu(5, repeat(88, 10), { throttled: throttledIn(1) });
    const verdict = classifyHealth({ state: 'running', now: NOW, gpus: [hot], rules: { throttleMinMinutes: 1 } });
    expect(verdict.rule).toBe('thermal_throttling');
  });
});

describe('classifyHealth: recovering', () => {
  it('marks a job recovering while the scheduler restarts it', () => {
    expect(classifyHealth({ state: 'recovering', now: NOW, gpus: [] })).toEqual({
      health: 'recovering',
      rule: 'restart',
      reason: 'A restart is under way',
      gpuIds: [],
    });
  });

  it('marks a job requeued for a restart recovering, not pending', () => {
    expect(classifyHealth({ state: 'pending', now: NOW, gpus: [], restarting: true }).health).toBe('recovering');
  });

  it('marks a running job recovering while a restart is under way and no earlier rule holds', () => {
    expect(classifyHealth({ state: 'running', now: NOW, gpus: [busy(0)], restarting: true }).health).toBe('recovering');
  });

  it('puts stalled before recovering (first match wins)', () => {
    const gpus = [gpu(0, repeat(0, 10))];
    expect(classifyHealth({ state: 'running', now: NOW, gpus, restarting: true }).health).toBe('stalled');
  });

  it('leaves a succeeded job succeeded even if a restart was asked for', () => {
    expect(classifyHealth({ state: 'succeeded', now: NOW, gpus: [], restarting: true }).health).toBe('succeeded');
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});

describe('classifyHealth: only the job’s own run', () => {
  it('does not call a job stalled 7 seconds into its run, whatever its GPUs read before it', () => {
    // Eleven minutes of 0% belong to the GPUs' idle time before the job took them at 12:00:00.
    const verdict = classifyHealth({
      state: 'running',
      now: new Date(NOW.getTime() + 7_000),
      runningSince: NOW,
      gpus: [gpu(0, repeat(0, 11)), gpu(1, repeat(0, 11))],
    });
    expect(verdict).toMatchObject({ health: 'healthy', rule: 'running' });
  });

  it('needs the whole 10 minutes inside the run: 9 quiet minutes of its own are not a hang', () => {
    // Run began 11:51; minutes 11:51 … 11:59 (9 of them) are under 5%, 11:50 (before the run) is too.
    const verdict = classifyHealth({
      state: 'running',
      now: NOW,
      runningSince: minute(9),
      gpus: [gpu(0, repeat(1, 10)), gpu(1, repeat(1, 10))],
    });
    expect(verdict.health).toBe('healthy');
  });

  it('calls the same job stalled once 10 minutes of its own run are under 5%', () => {
    const verdict = classifyHealth({
      state: 'running',
      now: NOW,
      runningSince: minute(10),
      gpus: [gpu(0, repeat(1, 12)), gpu(1, repeat(1, 12))],
    });
    expect(verdict).toMatchObject({ health: 'stalled', rule: 'hang' });
    expect(verdict.reason).toContain('for 10 min');
  });

  it('ignores a fatal XID read before the run began', () => {
    const verdict = classifyHealth({
      state: 'running',
      now: NOW,
      runningSince: minute(5),
      gpus: [gpu(0, repeat(90, 8), { xid: [79, ...repeat(0, 7)] })],
    });
    expect(verdict.health).toBe('healthy');
  });
});
