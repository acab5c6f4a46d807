import { describe, expect, it } from 'vitest';
import { WAIT_REASONS } from '@/lib/domain/enums';
import { createSimulator, type Simulator } from '@/lib/sources/simulator';

const START = new Date('2026-10-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(START.getTime() + ms);

function run(sim: Simulator, to: Date) {
  let cursor = sim.time.getTime();
  while (cursor < to.getTime()) {
    const next = Math.min(to.getTime(), cursor + 10 * MINUTE);
    sim.collectSync(new Date(cursor), new Date(next));
    cursor = next;
  }
}

describe('the simulated queue', () => {
  it('says why each pending job waits, where it stands and since when', () => {
    // 32 nodes: a working day's demand is more than fits, so a queue forms by mid-morning.
    const sim = createSimulator({ seed: 7, nodes: 32, startTime: START });
    run(sim, at(10 * HOUR));
    const pending = sim.listJobs().filter((job) => job.state === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    for (const job of pending) {
      expect(job.wait, job.externalId).toBeTruthy();
      expect(WAIT_REASONS).toContain(job.wait!.reason);
      expect(job.wait!.detail).toMatch(/^Needs /);
      expect(job.wait!.since.getTime()).toBeGreaterThanOrEqual(job.submittedAt.getTime());
      expect(job.wait!.since.getTime()).toBeLessThanOrEqual(sim.time.getTime());
    }
    // Positions are the queue's order: 1, 2, 3 … once each.
    const positions = pending.map((job) => job.wait!.position).sort((a, b) => a! - b!);
    expect(positions).toEqual(pending.map((_, k) => k + 1));
    expect(sim.listJobs().filter((job) => job.state !== 'pending' && job.wait)).toEqual([]);
  });

  it('blames cordoned nodes when they are what keeps a job waiting', () => {
    const sim = createSimulator({ seed: 7, nodes: 32, startTime: START });
    run(sim, at(2 * HOUR));
    // Every node cordoned: nothing new can start, and the nodes with room are the cordoned ones.
    for (const node of sim.topologySync().nodes) sim.cordonNode(node.hostname, sim.time, 'maintenance window');
    run(sim, at(14 * HOUR));
    const pending = sim.listJobs().filter((job) => job.state === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    const cordoned = pending.filter((job) => job.wait?.reason === 'cordoned');
    expect(cordoned.length).toBeGreaterThan(0);
    expect(cordoned[0].wait!.detail).toMatch(/cordoned, draining or down/);
  });
});

describe('the simulated partitions', () => {
  it('are its pools: a waiting job is in those it may run in, a running one in those its GPUs lie in', () => {
    const sim = createSimulator({ seed: 7, nodes: 32, startTime: START });
    run(sim, at(10 * HOUR));
    const pools = new Set(sim.topologySync().pools.map((pool) => pool.name));
    const poolOf = new Map(sim.topologySync().nodes.flatMap((node) => node.gpus.map((gpu) => [gpu.uuid, node.pool])));
    const jobs = sim.listJobs();
    const pending = jobs.filter((job) => job.state === 'pending');
    const running = jobs.filter((job) => job.state === 'running');
    expect(pending.length).toBeGreaterThan(0);
    expect(running.length).toBeGreaterThan(0);
    for (const job of pending) {
      const named = job.partition!.split(',');
      expect(named.length, job.externalId).toBeGreaterThan(0);
      for (const name of named) expect(pools).toContain(name);
    }
    for (const job of running) {
      expect(job.partition!.split(',').sort(), job.externalId).toEqual(
        [...new Set(job.gpuUuids.map((uuid) => poolOf.get(uuid)))].sort(),
      );
    }
  });
});
