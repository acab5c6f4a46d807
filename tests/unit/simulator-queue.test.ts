import { describe, expect, it } from 'vitest';
import { WAIT_REASONS } from '@/lib/domain/enums';
import { createSimulator, Simulator } from '@/lib/sources/simulator';

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

describe('the GPUs of a failed job', () => {
  /**
   * 64 nodes at 10:00: the queue holds one job, a fine-tune of 4 whole nodes that finds none free; a running
   * fine-tune on 4 whole nodes of a pool the queued job may run in fails 15 s before a whole minute, so the
   * scheduler's pass on that minute comes before the console, reading on the minute, can restart it.
   */
  function failOneThatTheQueuedJobWouldFitIn() {
    const sim = createSimulator({ seed: 7, nodes: 64, startTime: START });
    run(sim, at(10 * HOUR));
    const hostOf = new Map(
      sim.topologySync().nodes.flatMap((node) => node.gpus.map((gpu) => [gpu.uuid, node.hostname] as const)),
    );
    const [queued] = sim.listJobs().filter((job) => job.state === 'pending');
    expect(queued.gpusRequested).toBe(32);
    const failing = sim
      .listJobs()
      .find(
        (job) =>
          job.kind === 'fine_tuning' &&
          job.state === 'running' &&
          job.gpusRequested === 32 &&
          queued.partition!.split(',').includes(job.partition!) &&
          new Set(job.gpuUuids.map((uuid) => hostOf.get(uuid))).size === 4,
      )!;
    expect(failing).toBeDefined();
    const fault = at(10 * HOUR + 45_000);
    expect(sim.injectFault({ kind: 'job_failure', target: failing.externalId, at: fault }).ok).toBe(true);
    sim.collectSync(sim.time, at(10 * HOUR + MINUTE));
    expect(sim.getJob(failing.externalId)!.state).toBe('failed');
    return { sim, queued, failing, gpus: [...failing.gpuUuids].sort() };
  }

  const holdersOf = (sim: Simulator, uuids: string[]) =>
    sim
      .listJobs()
      .filter((job) => job.gpuUuids.some((uuid) => uuids.includes(uuid)))
      .map((job) => job.externalId);

  it('are held for its restart: the restarted job runs on them, a queued job that would fit waits and says for whom', () => {
    const { sim, queued, failing, gpus } = failOneThatTheQueuedJobWouldFitIn();
    const waiting = sim.getJob(queued.externalId)!;
    expect(waiting.state).toBe('pending');
    expect(waiting.wait!.reason).toBe('priority');
    expect(waiting.wait!.detail).toBe(
      `Needs 4 whole nodes in ${queued.partition!.split(',').join(' or ')}; none free, ` +
        `4 whole nodes held for the restart of failed job ${failing.externalId}`,
    );
    expect(holdersOf(sim, gpus)).toEqual([]);

    expect(sim.restartJob(failing.externalId, at(10 * HOUR + MINUTE)).ok).toBe(true);
    // Rescheduled: running again on a whole minute 1 to 3 minutes after the restart was asked, within 5 of the fault.
    run(sim, at(10 * HOUR + 5 * MINUTE + 45_000));
    const back = sim.getJob(failing.externalId)!;
    expect(back.state).toBe('running');
    expect(back.restartCount).toBe(failing.restartCount + 1);
    expect([...back.gpuUuids].sort()).toEqual(gpus);
    expect(sim.getJob(queued.externalId)!.state).toBe('pending');
  });

  it('go to the queue 5 minutes after the failure, on the whole minute, when nobody restarts it', () => {
    const failed = failOneThatTheQueuedJobWouldFitIn();
    const { queued, gpus } = failed;
    // The hold is part of the saved state: a worker that restarts carries it on.
    const sim = Simulator.fromJSON(JSON.stringify(failed.sim.toJSON()));
    // Failed at 10:00:45: held until 10:06:00, the first whole minute 5 minutes after it.
    run(sim, at(10 * HOUR + 5 * MINUTE));
    expect(sim.getJob(queued.externalId)!.state).toBe('pending');
    expect(holdersOf(sim, gpus)).toEqual([]);
    run(sim, at(10 * HOUR + 6 * MINUTE));
    expect(sim.getJob(queued.externalId)!.state).toBe('running');
    expect(holdersOf(sim, gpus)).toEqual([queued.externalId]);
  });
});
