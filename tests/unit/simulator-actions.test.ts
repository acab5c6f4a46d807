import { describe, expect, it } from 'vitest';
import { createSimulator, Simulator } from '@/lib/sources/simulator';
import type { Snapshot } from '@/lib/sources/types';

const START = new Date('2026-10-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(START.getTime() + ms);
const newSim = (seed = 42) => createSimulator({ seed, startTime: START });

/** Collects minute by minute, as the worker's backfill does, from the model's time to `to`. */
function run(sim: Simulator, to: Date): Snapshot[] {
  const snapshots: Snapshot[] = [];
  let cursor = sim.time.getTime();
  while (cursor < to.getTime()) {
    const next = Math.min(to.getTime(), Math.floor(cursor / MINUTE) * MINUTE + MINUTE);
    snapshots.push(sim.collectSync(new Date(cursor), new Date(next)));
    cursor = next;
  }
  return snapshots;
}

const stateOf = (snapshot: Snapshot, hostname: string) => snapshot.nodes.find((n) => n.hostname === hostname);

function hostnames(sim: Simulator) {
  const topology = sim.topologySync();
  const hostOf = new Map(topology.nodes.flatMap((n) => n.gpus.map((g) => [g.uuid, n.hostname] as const)));
  const uuidsOf = (host: string) => topology.nodes.find((n) => n.hostname === host)!.gpus.map((g) => g.uuid);
  const inPool = (pool: string) => topology.nodes.filter((n) => n.pool === pool).map((n) => n.hostname);
  const busy = () => new Set(sim.listJobs().flatMap((j) => j.gpuUuids.map((u) => hostOf.get(u)!)));
  return { hostOf, uuidsOf, inPool, busy };
}

/** The first minute (as an offset from the model's start) in which the node reports `state`. */
function firstMinuteIn(snapshots: Snapshot[], hostname: string, state: string): number {
  const hit = snapshots.find((s) => stateOf(s, hostname)?.state === state);
  return hit ? hit.at.getTime() - START.getTime() : NaN;
}

describe('replacing a node', () => {
  it('swaps a broken node for a spare that is ready 6 to 9 minutes later, its GPU faults and ECC counts cleared', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = sim.listJobs().find((j) => j.kind === 'fine_tuning' && j.state === 'running')!;
    const xid = sim.injectFault({ kind: 'fatal_xid', target: job.externalId, code: 48 });
    const host = xid.hostname!;
    const [broken] = run(sim, at(HOUR + MINUTE));
    expect(stateOf(broken, host)?.state).toBe('down');
    // XID 48 is an uncorrectable ECC error: the GPU's DBE count shows it while the node is down.
    expect(broken.samples.find((s) => s.uuid === xid.gpuUuid)?.eccDbe).toBe(1);

    const replace = sim.replaceNode(host, undefined, 'XID 48 twice this week');
    expect(replace.ok).toBe(true);
    const delay = replace.readyAt!.getTime() - replace.at.getTime();
    expect(delay).toBeGreaterThanOrEqual(6 * MINUTE);
    expect(delay).toBeLessThanOrEqual(9 * MINUTE);
    const replacing = sim.nodeStatuses().find((n) => n.hostname === host)!;
    expect(replacing.state).toBe('provisioning');
    expect(replacing.reason).toContain('Being replaced');

    const snapshots = run(sim, at(HOUR + 12 * MINUTE));
    expect(firstMinuteIn(snapshots, host, 'ready')).toBe(replace.readyAt!.getTime() - START.getTime());
    const beforeReady = snapshots.filter((s) => s.at < replace.readyAt!);
    expect(beforeReady.every((s) => stateOf(s, host)?.state === 'provisioning')).toBe(true);
    expect(beforeReady.flatMap((s) => s.samples).some((s) => s.uuid === xid.gpuUuid)).toBe(false);
    const sample = snapshots.at(-1)!.samples.find((s) => s.uuid === xid.gpuUuid)!;
    expect(sample).toMatchObject({ eccDbe: 0, eccSbe: 0 });
  });

  it('kills the jobs on the node it replaces, as a reboot does', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const { hostOf } = hostnames(sim);
    const job = sim.listJobs().find((j) => j.kind !== 'inference' && j.state === 'running')!;
    const host = hostOf.get(job.gpuUuids[0])!;
    expect(sim.replaceNode(host).ok).toBe(true);
    const [next] = run(sim, at(HOUR + MINUTE));
    expect(next.jobs.find((j) => j.externalId === job.externalId)).toMatchObject({ state: 'failed', gpuUuids: [] });
    expect(next.events).toContainEqual(
      expect.objectContaining({
        jobExternalId: job.externalId,
        kind: 'failed',
        message: `${host} was taken out to be replaced`,
      }),
    );
  });
});

describe('rebooting a node', () => {
  it('leaves about one node in twelve down, saying so, and brings the rest back ready', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const reserved = hostnames(sim).inPool('h800-reserved');
    const results = reserved.map((host) => ({ host, result: sim.rebootNode(host, undefined, 'kernel update') }));
    const failing = results.filter((r) => r.result.readyAt === null);
    // 96 reboots at 1 in 12: 8 expected; well inside 2..16 for any fair draw.
    expect(failing.length).toBeGreaterThanOrEqual(2);
    expect(failing.length).toBeLessThanOrEqual(16);
    expect(results.every((r) => r.result.ok)).toBe(true);
    for (const { result } of failing) expect(result.message).toContain('will not clear the fault');

    const last = run(sim, at(HOUR + 10 * MINUTE)).at(-1)!;
    for (const { host, result } of results) {
      if (result.readyAt === null)
        expect(stateOf(last, host)).toMatchObject({ state: 'down', reason: 'The reboot did not clear the fault' });
      else expect(stateOf(last, host)?.state).toBe('ready');
    }
  });
});

describe('restarting a job when its GPUs cannot be found', () => {
  it('waits in the queue holding nothing, then runs again when capacity frees, with restartCount + 1', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = sim.listJobs().find((j) => j.kind === 'fine_tuning' && j.state === 'running' && j.gpusRequested >= 8)!;
    sim.injectFault({ kind: 'job_failure', target: job.externalId });
    // Every node cordoned at the same moment: no GPU is open to new work.
    const all = sim.topologySync().nodes.map((n) => n.hostname);
    for (const host of all) sim.cordonNode(host, undefined, 'capacity freeze');
    const restart = sim.restartJob(job.externalId);
    expect(restart.ok).toBe(true);

    const waiting = run(sim, at(HOUR + 10 * MINUTE)).at(-1)!;
    expect(waiting.jobs.find((j) => j.externalId === job.externalId)).toMatchObject({
      state: 'pending',
      gpuUuids: [],
      restartCount: job.restartCount + 1,
    });
    expect(sim.restartJob(job.externalId)).toMatchObject({
      ok: false,
      message: `${job.externalId} is already restarting: it waits for GPUs`,
    });

    for (const host of all) sim.uncordonNode(host);
    const snapshots = run(sim, at(HOUR + 12 * MINUTE));
    expect(snapshots.at(-1)!.jobs.find((j) => j.externalId === job.externalId)).toMatchObject({
      state: 'running',
      restartCount: job.restartCount + 1,
      gpusRequested: job.gpusRequested,
    });
    expect(snapshots.at(-1)!.jobs.find((j) => j.externalId === job.externalId)!.gpuUuids).toHaveLength(
      job.gpusRequested,
    );
    expect(snapshots.flatMap((s) => s.events)).toContainEqual(
      expect.objectContaining({ jobExternalId: job.externalId, kind: 'restarted' }),
    );
  });
});

describe('scaling a pool', () => {
  it('retires idle nodes first, then the highest-numbered, draining them out of the fleet', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const { inPool, busy, uuidsOf } = hostnames(sim);
    const reserved = inPool('h800-reserved');
    expect(reserved).toHaveLength(96);
    const busyNow = busy();
    const idle = reserved.filter((h) => !busyNow.has(h));
    const busyNodes = reserved.filter((h) => busyNow.has(h));
    // Ten to go: every idle node, and then the highest-numbered busy ones.
    const leaving = 10;
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.length).toBeLessThan(leaving);
    const expected = [...idle, ...busyNodes.slice(busyNodes.length - (leaving - idle.length))].sort();
    // The preference matters here: an idle node goes while a higher-numbered busy one stays.
    expect(busyNodes.some((h) => h > idle[0] && !expected.includes(h))).toBe(true);

    const result = sim.scalePool('h800-reserved', 96 - leaving);
    expect(result.ok).toBe(true);
    expect(result.message).toContain('from 96 to 86 nodes');
    const draining = sim.nodeStatuses().filter((n) => n.state === 'draining');
    expect(draining.map((n) => n.hostname).sort()).toEqual(expected);
    expect(draining[0].reason).toContain('scaled down to 86 nodes');
    expect(sim.pools().find((p) => p.name === 'h800-reserved')).toEqual({
      name: 'h800-reserved',
      desiredNodes: 86,
      capacity: 96,
    });
    expect(sim.topologySync().pools.find((p) => p.name === 'h800-reserved')?.desiredNodes).toBe(86);

    const snapshots = run(sim, at(HOUR + 30 * MINUTE));
    const last = snapshots.at(-1)!;
    for (const host of expected) {
      expect(stateOf(last, host)?.state).toBe('retired');
      expect(firstMinuteIn(snapshots, host, 'retired')).toBeLessThanOrEqual(
        result.readyAt!.getTime() - START.getTime(),
      );
    }
    // Out of the fleet: no samples, and no job is placed on them.
    const retiredUuids = new Set(expected.flatMap(uuidsOf));
    expect(last.samples.some((s) => retiredUuids.has(s.uuid))).toBe(false);
    expect(last.jobs.some((j) => j.gpuUuids.some((u) => retiredUuids.has(u)))).toBe(false);
    expect(sim.cordonNode(expected[0])).toMatchObject({
      ok: false,
      message: `${expected[0]} is retired from h800-reserved: scale the pool up to bring it back`,
    });
  });

  it('brings retired nodes back through provisioning, ready 4 to 7 minutes later', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const spot = hostnames(sim).inPool('h800-spot');
    expect(spot).toHaveLength(32);
    sim.scalePool('h800-spot', 28);
    run(sim, at(HOUR + 10 * MINUTE));
    const retired = sim
      .nodeStatuses()
      .filter((n) => n.state === 'retired')
      .map((n) => n.hostname);
    expect(retired).toHaveLength(4);

    const up = sim.scalePool('h800-spot', 30);
    expect(up.ok).toBe(true);
    // The lowest-numbered of the retired come back first.
    const back = [...retired].sort().slice(0, 2);
    for (const host of back)
      expect(sim.nodeStatuses().find((n) => n.hostname === host)).toMatchObject({ state: 'provisioning' });
    expect(up.message).toContain(`provisioning ${back.join(', ')}`);
    const snapshots = run(sim, at(HOUR + 20 * MINUTE));
    for (const host of back) {
      const ready = firstMinuteIn(snapshots, host, 'ready') - 10 * MINUTE - HOUR;
      expect(ready).toBeGreaterThanOrEqual(4 * MINUTE);
      expect(ready).toBeLessThanOrEqual(7 * MINUTE);
    }
    const last = snapshots.at(-1)!;
    expect(retired.filter((h) => stateOf(last, h)?.state === 'retired')).toHaveLength(2);
    expect(sim.pools().find((p) => p.name === 'h800-spot')?.desiredNodes).toBe(30);
  });

  it('keeps a node still draining out when the pool is scaled back up before it has left', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const { inPool, busy } = hostnames(sim);
    const busyNow = busy();
    const busyNode = inPool('h800-reserved')
      .filter((h) => busyNow.has(h))
      .at(-1)!;
    const idleCount = inPool('h800-reserved').filter((h) => !busyNow.has(h)).length;
    sim.scalePool('h800-reserved', 96 - idleCount - 1);
    expect(sim.nodeStatuses().find((n) => n.hostname === busyNode)?.state).toBe('draining');
    expect(sim.scalePool('h800-reserved', 96 - idleCount).message).toContain(`keeping ${busyNode}`);
    const last = run(sim, at(HOUR + 10 * MINUTE)).at(-1)!;
    expect(stateOf(last, busyNode)?.state).toBe('ready');
  });

  it('refuses an unknown pool and a size outside 0 to its capacity, naming the limit', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    expect(sim.scalePool('h100-od', 3)).toMatchObject({
      ok: false,
      message: 'No pool h100-od: the pools are h800-reserved and h800-spot',
    });
    const tooMany = sim.scalePool('h800-spot', 33);
    expect(tooMany).toMatchObject({
      ok: false,
      message: 'h800-spot has room for 32 nodes: choose a whole number from 0 to 32',
    });
    expect(sim.scalePool('h800-spot', -1).ok).toBe(false);
    expect(sim.scalePool('h800-spot', 2.5).ok).toBe(false);
    expect(sim.scalePool('h800-spot', 32)).toMatchObject({ ok: true, message: 'h800-spot already has 32 nodes' });
    expect(sim.nodeStatuses().some((n) => n.state === 'draining' || n.state === 'retired')).toBe(false);
  });
});

describe('simulator saved states', () => {
  it('loads a state saved before pools could be scaled and carries on exactly as before', () => {
    const original = newSim(11);
    run(original, at(2 * HOUR));
    const saved = original.toJSON();
    const old = structuredClone(saved) as unknown as Record<string, unknown> & {
      nodes: Record<string, unknown>[];
    };
    old.version = 1;
    delete old.poolDesired;
    for (const node of old.nodes) {
      delete node.retiring;
      delete node.rebootFails;
    }
    const restored = Simulator.fromJSON(JSON.parse(JSON.stringify(old)));
    expect(restored.pools().map((p) => p.desiredNodes)).toEqual([96, 32]);
    expect(restored.toJSON()).toEqual(saved);
    expect(JSON.stringify(run(restored, at(3 * HOUR)))).toBe(JSON.stringify(run(original, at(3 * HOUR))));
  });

  it('continues identically after a JSON round trip with a pool scaled down and a node being replaced', () => {
    const original = newSim(11);
    run(original, at(HOUR));
    original.scalePool('h800-spot', 20);
    original.replaceNode('gpu-r-003');
    const saved = JSON.stringify(original.toJSON());
    const restored = Simulator.fromJSON(JSON.parse(saved));
    expect(JSON.stringify(run(restored, at(2 * HOUR)))).toBe(JSON.stringify(run(original, at(2 * HOUR))));
    expect(restored.pools().find((p) => p.name === 'h800-spot')?.desiredNodes).toBe(20);
  });
});
