import { describe, expect, it } from 'vitest';
import { createSimulator, Simulator } from '@/lib/sources/simulator';
import type { GpuSampleRecord, Snapshot } from '@/lib/sources/types';

const START = new Date('2026-10-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(START.getTime() + ms);
const newSim = (seed: number) => createSimulator({ seed, startTime: START });

/** Collects minute by minute, as the worker's backfill does, handing each snapshot to `each`. */
function run(sim: Simulator, to: Date, sampleEveryMinutes: number, each: (snapshot: Snapshot) => void) {
  for (let cursor = sim.time.getTime(); cursor < to.getTime(); cursor += MINUTE) {
    each(sim.collectSync(new Date(cursor), new Date(cursor + MINUTE), { sampleEveryMinutes }));
  }
}

class Mean {
  sum = 0;
  count = 0;
  add(x: number) {
    this.sum += x;
    this.count++;
  }
  get value() {
    return this.sum / this.count;
  }
}

describe('simulator sampling periods', () => {
  it('averages a 10-minute sample over its period, so checkpoint dips do not alias into the day', () => {
    // Seed 7's pre-training run checkpoints every half hour all through its first day: read as instantaneous
    // values, the 10-minute samples that fall on a checkpoint minute would show the whole dip.
    const fine = newSim(7);
    const coarse = newSim(7);
    const means = { fine: new Mean(), coarse: new Mean(), fineJob: new Mean(), coarseJob: new Mean() };
    const power = { fine: new Mean(), coarse: new Mean() };
    const coarseOutsideDips = new Mean();
    let pretrain = '';
    /** The pre-training run's 1-minute samples at its latest checkpoint, for the coarse sample covering it. */
    let dip: Map<string, GpuSampleRecord> | null = null;
    let fineAtMark = new Map<string, GpuSampleRecord>();
    let before = new Map<string, GpuSampleRecord>();
    const dips: { fine: number; coarse: number }[] = [];
    let memoryCompared = 0;
    let memoryDiffers = 0;
    for (let minute = 1; minute <= 24 * 60; minute++) {
      const until = at(minute * MINUTE);
      run(fine, until, 1, (s) => {
        pretrain = s.jobs.find((j) => j.kind === 'training' && j.gpusRequested >= 256)?.externalId ?? pretrain;
        for (const x of s.samples) {
          means.fine.add(x.util);
          power.fine.add(x.powerW);
          if (x.jobExternalId === pretrain) means.fineJob.add(x.util);
        }
        if (minute % 10 === 0) fineAtMark = new Map(s.samples.map((x) => [x.uuid, x]));
        const checkpointed = s.checkpoints.some((c) => c.jobExternalId === pretrain);
        // A straggling or throttled GPU reads low all the time: only those that worked at full speed dip.
        if (checkpointed) {
          dip = new Map(
            s.samples
              .filter((x) => x.jobExternalId === pretrain && (before.get(x.uuid)?.util ?? 0) > 80)
              .map((x) => [x.uuid, x]),
          );
        }
        before = new Map(s.samples.map((x) => [x.uuid, x]));
      });
      run(coarse, until, 10, (s) => {
        for (const x of s.samples) {
          means.coarse.add(x.util);
          power.coarse.add(x.powerW);
          if (x.jobExternalId !== pretrain) continue;
          means.coarseJob.add(x.util);
          if (!dip) coarseOutsideDips.add(x.util);
        }
        // Memory is the reading at the sample's minute, not an average.
        for (const x of s.samples) {
          memoryCompared++;
          if (x.fbUsedMib !== fineAtMark.get(x.uuid)?.fbUsedMib) memoryDiffers++;
        }
        if (!dip || s.samples.length === 0) return;
        const fineUtil = new Mean();
        const coarseUtil = new Mean();
        for (const x of s.samples) {
          const instant = dip.get(x.uuid);
          if (!instant) continue;
          // Not as low as the 1-minute reading at that minute: the dip lasted one of the ten minutes.
          expect(x.util).toBeGreaterThan(instant.util + 20);
          fineUtil.add(instant.util);
          coarseUtil.add(x.util);
        }
        dips.push({ fine: fineUtil.value, coarse: coarseUtil.value });
        dip = null;
      });
    }

    expect(memoryCompared).toBeGreaterThan(100_000);
    expect(memoryDiffers).toBe(0);
    expect(dips.length).toBeGreaterThan(20);
    for (const d of dips) {
      expect(d.fine).toBeLessThan(50);
      // Still a little lower than the samples without a checkpoint in their period: it is an average, not a skip.
      expect(d.coarse).toBeGreaterThan(80);
      expect(d.coarse).toBeLessThan(coarseOutsideDips.value - 2);
    }
    // Averaged over the day, the 10-minute samples say what the 1-minute ones say, for the run and the fleet.
    expect(means.fineJob.count).toBeGreaterThan(100_000);
    expect(Math.abs(means.coarseJob.value - means.fineJob.value)).toBeLessThan(0.5);
    expect(Math.abs(means.coarse.value - means.fine.value)).toBeLessThan(0.5);
    expect(Math.abs(power.coarse.value - power.fine.value)).toBeLessThan(3);
  }, 60_000);

  it('gives the same 10-minute samples in one call, minute by minute, or across a save and restore', () => {
    const whole = newSim(3);
    const once = whole.collectSync(START, at(3 * HOUR), { sampleEveryMinutes: 10 }).samples;

    let steps = newSim(3);
    const stepped: GpuSampleRecord[] = [];
    run(steps, at(HOUR + 4 * MINUTE), 10, (s) => stepped.push(...s.samples));
    // Restored in the middle of a sampling period: the next sample still averages the whole of it.
    steps = Simulator.fromJSON(JSON.parse(JSON.stringify(steps.toJSON())));
    run(steps, at(3 * HOUR), 10, (s) => stepped.push(...s.samples));

    expect(once.length).toBeGreaterThan(18 * 1000);
    expect(JSON.stringify(stepped)).toBe(JSON.stringify(once));
  });
});
