// The simulator's interruptions follow the published rate (one per ~50,700 GPU-hours, Llama 3's pre-training)
// and mix, grow with the GPUs and the fault scale, strike lemon nodes far more than their share, and are the
// same for the same seed.
import { describe, expect, it } from 'vitest';
import { createSimulator, Simulator } from '@/lib/sources/simulator';
import { GPU_HOURS_PER_INTERRUPTION, INTERRUPTION_MIX } from '@/lib/sources/simulator/faults';
import { buildLayout } from '@/lib/sources/simulator/topology';
import type { Snapshot } from '@/lib/sources/types';

const START = new Date('2026-10-01T00:00:00Z');
const MINUTE = 60_000;

/** Runs the model minute by minute for `days`, samples only once a day (they are not what is counted here). */
function faultsOf(
  seed: number,
  nodes: number,
  faultScale: number,
  days: number,
  sim = createSimulator({ seed, nodes, startTime: START, faultScale }),
) {
  const faults: Snapshot['faults'] = [];
  const start = sim.time.getTime();
  const end = start + days * 1440 * MINUTE;
  for (let t = start; t < end; t += MINUTE) {
    faults.push(...sim.collectSync(new Date(t), new Date(t + MINUTE), { sampleEveryMinutes: 1440 }).faults);
  }
  return faults;
}

/** The interruptions that take a node down: fatal XIDs (GPU, HBM3, SRAM, GSP) and lost hosts. */
const nodeDowns = (faults: Snapshot['faults']) =>
  faults.filter((f) => (f.kind === 'xid' && f.fatal) || f.kind === 'node_lost');

describe('the simulator’s calibrated faults', () => {
  it('takes the published rate: 419 interruptions in 54 days on 16,384 GPUs', () => {
    // 16,384 x 54 x 24 = 21,233,664 GPU-hours / 419 = 50,677.0 GPU-hours per interruption.
    expect(GPU_HOURS_PER_INTERRUPTION).toBeCloseTo(50_677.0, 1);
    // The causes Meta lists, in its shares; "other" is what the list leaves (NIC, NCCL watchdog, power, CPU…).
    expect(Object.fromEntries(INTERRUPTION_MIX)).toMatchObject({ gpu: 30.1, hbm3: 17.2, software: 12.9 });
    expect(INTERRUPTION_MIX.reduce((sum, [, share]) => sum + share, 0)).toBeCloseTo(100, 6);
  });

  it('takes nodes down at the rate the mix and the GPU count give, scaled by the knob', () => {
    // 512 GPUs at 100 x the rate for 2 days: 512 x 100 x 48 / 50,677 = 48.5 interruptions expected. Of the mix,
    // 30.1 + 17.2 + 4.5 + 4.1 = 55.9% are fatal XIDs and 7.6 + 13.8 / 2 = 14.5% lost hosts: 70.4%, or 34.1
    // node downs (fewer when the GPU drawn sits on a node already down: it is drawn again, up to 6 times).
    const downs = nodeDowns(faultsOf(11, 64, 100, 2)).length;
    // Poisson: 34.1 +- 3 x sqrt(34.1) = 34.1 +- 17.5.
    expect(downs).toBeGreaterThan(17);
    expect(downs).toBeLessThan(52);
  });

  it('grows with the number of GPUs', () => {
    // Twice the nodes at the same scale and time: about twice the node downs.
    const small = nodeDowns(faultsOf(5, 32, 100, 2)).length;
    const large = nodeDowns(faultsOf(5, 128, 100, 2)).length;
    expect(large).toBeGreaterThan(2 * small);
  });

  it('strikes lemon nodes far more than their share, and is the same for the same seed', () => {
    const layout = buildLayout(11, 64);
    const lemons = new Set(layout.hostnames.filter((_, n) => layout.lemon[n] === 1));
    // round(64 x 2%) = 1 lemon node, weighing 25: 25 / (63 + 25) = 28% of the draws, against 1.6% of the nodes.
    expect(lemons.size).toBe(1);
    const downs = nodeDowns(faultsOf(11, 64, 100, 2));
    const onLemons = downs.filter((f) => lemons.has(f.hostname)).length;
    expect(onLemons / downs.length).toBeGreaterThan(10 / 64);
    expect(nodeDowns(faultsOf(11, 64, 100, 2))).toEqual(downs);
  });

  it('makes a replaced lemon a sound node, and keeps it one across a save and restore', () => {
    const layout = buildLayout(11, 64);
    const lemon = layout.hostnames.find((_, n) => layout.lemon[n] === 1)!;
    const sim = createSimulator({ seed: 11, nodes: 64, startTime: START, faultScale: 100 });
    expect(sim.replaceNode(lemon, START, 'a lemon').ok).toBe(true);
    // 6 days at 100 x the rate on 512 GPUs: 512 x 100 x 144 / 50,677 = 145.5 interruptions, 70.4% of them node
    // downs: 102 expected. Replaced, the lemon weighs 1 like the other 63: 102 / 64 = 1.6 of them (Poisson: more
    // than 5 with probability 0.6%). Left a lemon it weighs 25, 28% of the draws, and is down so often that its
    // own downtime caps it: 14 of 96 for this seed, and 13 when replaced but still drawing a lemon's share.
    const downs = nodeDowns(faultsOf(11, 64, 100, 6, sim));
    expect(downs.length).toBeGreaterThan(70);
    expect(downs.filter((f) => f.hostname === lemon).length).toBeLessThanOrEqual(5);
    // The replacement is saved: a model restored from the save carries on exactly as this one.
    const saved = JSON.stringify(sim.toJSON());
    const restored = Simulator.fromJSON(saved, { faultScale: 100 });
    expect(nodeDowns(faultsOf(11, 64, 100, 1, restored))).toEqual(nodeDowns(faultsOf(11, 64, 100, 1, sim)));
  });

  it('writes checkpoints that hold training up for their size over the storage bandwidth', () => {
    const sim = createSimulator({ seed: 7, nodes: 128, startTime: START });
    const checkpoints: Snapshot['checkpoints'] = [];
    for (let t = START.getTime(); checkpoints.length < 20 && t < START.getTime() + 1440 * MINUTE; t += MINUTE)
      checkpoints.push(...sim.collectSync(new Date(t), new Date(t + MINUTE), { sampleEveryMinutes: 60 }).checkpoints);
    const pretrain = checkpoints.find((c) => (c.sizeGib ?? 0) > 1000);
    // A 70B model's full checkpoint, 70e9 x 16 bytes = 1,043 GiB, written by 384 or 512 GPUs at the storage's
    // 40 GiB/s: 1,043 / 40 = 26 s.
    expect(pretrain).toMatchObject({ sizeGib: 1043, durationSeconds: 26 });
    for (const c of checkpoints) expect(c.durationSeconds).toBeGreaterThanOrEqual(4);
  });
});
