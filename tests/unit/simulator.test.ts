import { describe, expect, it } from 'vitest';
import { createSimulator, Simulator } from '@/lib/sources/simulator';
import type { JobRecord, Snapshot } from '@/lib/sources/types';

const START = new Date('2026-10-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(START.getTime() + ms);
const newSim = (seed = 42) => createSimulator({ seed, startTime: START });

/** Collects minute by minute, as the worker's backfill does, from the model's time to `to`. */
function run(sim: Simulator, to: Date, sampleEveryMinutes = 1): Snapshot[] {
  const snapshots: Snapshot[] = [];
  let cursor = sim.time.getTime();
  while (cursor < to.getTime()) {
    const next = Math.min(to.getTime(), Math.floor(cursor / MINUTE) * MINUTE + MINUTE);
    snapshots.push(sim.collectSync(new Date(cursor), new Date(next), { sampleEveryMinutes }));
    cursor = next;
  }
  return snapshots;
}

function runningJob(sim: Simulator, kind: JobRecord['kind']): JobRecord {
  const job = sim.listJobs().find((j) => j.kind === kind && j.state === 'running' && j.gpuUuids.length > 1);
  if (!job) throw new Error(`no running ${kind} job`);
  return job;
}

const jobIn = (snapshot: Snapshot, externalId: string) => snapshot.jobs.find((j) => j.externalId === externalId);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('simulator topology', () => {
  it('has 128 nodes of 8 H800 GPUs in a reserved and a spot pool, five teams and real-looking UUIDs', async () => {
    const topology = await newSim().topology();
    expect(topology.cluster).toMatchObject({ name: 'demo-h800', scheduler: 'simulator' });
    expect(topology.nodes).toHaveLength(128);
    expect(topology.pools.map((p) => [p.name, p.pricingClass])).toEqual([
      ['h800-reserved', 'reserved'],
      ['h800-spot', 'spot'],
    ]);
    const reserved = topology.nodes.filter((n) => n.pool === 'h800-reserved');
    expect(reserved).toHaveLength(96);
    expect(reserved[0].hostname).toBe('gpu-r-001');
    expect(topology.nodes.find((n) => n.pool === 'h800-spot')?.hostname).toBe('gpu-s-001');
    const gpus = topology.nodes.flatMap((n) => n.gpus);
    expect(gpus).toHaveLength(1024);
    expect(topology.nodes.every((n) => n.gpus.map((g) => g.index).join() === '0,1,2,3,4,5,6,7')).toBe(true);
    expect(gpus.every((g) => g.model === 'NVIDIA H800 80GB HBM3' && g.memoryMib === 81559)).toBe(true);
    expect(gpus.every((g) => /^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(g.uuid))).toBe(
      true,
    );
    expect(new Set(gpus.map((g) => g.uuid)).size).toBe(1024);
    expect(topology.teams).toHaveLength(5);
    expect(topology.teams.every((t) => t.projects.length >= 2 && t.projects.length <= 3)).toBe(true);
  });

  it('derives UUIDs from the seed', async () => {
    const a = (await newSim(1).topology()).nodes[0].gpus[0].uuid;
    expect((await newSim(1).topology()).nodes[0].gpus[0].uuid).toBe(a);
    expect((await newSim(2).topology()).nodes[0].gpus[0].uuid).not.toBe(a);
  });
});

describe('simulator determinism', () => {
  it('produces exactly the same records for the same seed and calls, and others for another seed', () => {
    const a = newSim(7);
    const b = newSim(7);
    const c = newSim(8);
    const until = at(2 * HOUR);
    const ra = run(a, until, 5);
    a.injectFault({ kind: 'fatal_xid', target: 'gpu-r-010', at: until });
    const rb = run(b, until, 5);
    b.injectFault({ kind: 'fatal_xid', target: 'gpu-r-010', at: until });
    expect(JSON.stringify(rb)).toBe(JSON.stringify(ra));
    expect(JSON.stringify(run(b, at(3 * HOUR), 5))).toBe(JSON.stringify(run(a, at(3 * HOUR), 5)));
    expect(JSON.stringify(run(c, until, 5).map((s) => s.samples))).not.toBe(JSON.stringify(ra.map((s) => s.samples)));
  });

  it('gives the same history whether it is read in 15-second ticks or in one call', () => {
    const ticks = newSim();
    const whole = newSim();
    const until = at(90 * MINUTE);
    const bySteps: Snapshot[] = [];
    for (let t = START.getTime(); t < until.getTime(); t += 15_000) {
      bySteps.push(ticks.collectSync(new Date(t), new Date(t + 15_000)));
    }
    const once = whole.collectSync(START, until);
    expect(JSON.stringify(bySteps.flatMap((s) => s.samples))).toBe(JSON.stringify(once.samples));
    expect(JSON.stringify(bySteps.flatMap((s) => s.events))).toBe(JSON.stringify(once.events));
    expect(JSON.stringify(bySteps.flatMap((s) => s.faults))).toBe(JSON.stringify(once.faults));
    expect(JSON.stringify(bySteps.at(-1)!.nodes)).toBe(JSON.stringify(once.nodes));
  });
});

describe('simulator workload', () => {
  it('keeps a day realistically busy, with every kind of job and believable readings', () => {
    const sim = newSim();
    const snapshots = run(sim, at(24 * HOUR), 10);
    const allocation = snapshots.map((s) => s.jobs.reduce((sum, j) => sum + j.gpuUuids.length, 0) / 1024);
    const mean = allocation.reduce((a, b) => a + b, 0) / allocation.length;
    expect(mean).toBeGreaterThan(0.7);
    expect(mean).toBeLessThan(0.95);

    const kinds = new Map<string, JobRecord['kind']>();
    for (const s of snapshots) for (const j of s.jobs) kinds.set(j.externalId, j.kind);
    expect(new Set(kinds.values())).toEqual(new Set(['training', 'fine_tuning', 'evaluation', 'inference']));
    const events = snapshots.flatMap((s) => s.events);
    for (const kind of ['submitted', 'started', 'checkpoint', 'succeeded'] as const) {
      expect(events.some((e) => e.kind === kind)).toBe(true);
    }
    const pretrainCheckpoints = snapshots
      .flatMap((s) => s.checkpoints)
      .filter((c) => kinds.get(c.jobExternalId) === 'training');
    expect(pretrainCheckpoints.length).toBeGreaterThan(20);

    const samples = snapshots.flatMap((s) => s.samples);
    const training = samples.filter((s) => s.jobExternalId && kinds.get(s.jobExternalId) === 'training');
    expect(median(training.map((s) => s.util))).toBeGreaterThanOrEqual(85);
    expect(median(training.map((s) => s.util))).toBeLessThanOrEqual(98);
    expect(median(training.map((s) => s.fbUsedMib))).toBeGreaterThan(75_000);
    expect(median(training.map((s) => s.powerW))).toBeGreaterThan(600);
    const idle = samples.filter((s) => s.jobExternalId === null);
    expect(idle.every((s) => s.util === 0 && s.fbUsedMib === 0 && s.powerW >= 65 && s.powerW <= 95)).toBe(true);
    expect(samples.every((s) => s.powerW <= 700 && s.tempC >= 30 && s.tempC <= 90)).toBe(true);
    expect(samples.every((s) => s.smActive! <= s.util / 100 + 0.05 && s.tensorActive! <= s.smActive!)).toBe(true);
    const inference = samples.filter((s) => s.jobExternalId && kinds.get(s.jobExternalId) === 'inference');
    const byHour = (h: number) => median(inference.filter((s) => s.ts.getUTCHours() === h).map((s) => s.util));
    expect(byHour(15)).toBeGreaterThan(byHour(3));
  }, 30_000);
});

describe('simulator faults', () => {
  it('downs the node and fails the job on it when a fatal XID hits, until the node is rebooted', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'training');
    const result = sim.injectFault({ kind: 'fatal_xid', target: job.externalId, code: 79 });
    expect(result).toMatchObject({ ok: true, code: 79, jobExternalId: job.externalId });
    const host = result.hostname!;

    const [next] = run(sim, at(HOUR + MINUTE));
    expect(next.nodes.find((n) => n.hostname === host)).toMatchObject({ state: 'down' });
    expect(next.nodes.find((n) => n.hostname === host)?.reason).toContain('XID 79');
    expect(next.faults).toContainEqual(
      expect.objectContaining({ kind: 'xid', code: 79, fatal: true, gpuUuid: result.gpuUuid, hostname: host }),
    );
    expect(jobIn(next, job.externalId)).toMatchObject({ state: 'failed', gpuUuids: [] });
    expect(jobIn(next, job.externalId)?.endedAt).not.toBeNull();
    expect(next.events).toContainEqual(expect.objectContaining({ jobExternalId: job.externalId, kind: 'failed' }));
    expect(next.samples.some((s) => s.uuid === result.gpuUuid)).toBe(false);

    // Still down an hour later: only a reboot (or, after about two hours, the datacentre staff) brings it back.
    const later = run(sim, at(2 * HOUR));
    expect(later.at(-1)!.nodes.find((n) => n.hostname === host)?.state).toBe('down');
    // About one reboot in twelve does not clear the fault: the result says so and has no readyAt, and the node
    // stays down. This seed draws a few of those in a row; each is followed by another reboot.
    let t = 2 * HOUR;
    let reboot = sim.rebootNode(host);
    for (let tries = 1; reboot.readyAt === null && tries < 5; tries++) {
      expect(reboot).toMatchObject({ ok: true, message: expect.stringContaining('will not clear the fault') });
      const after = run(sim, at((t += 10 * MINUTE))).at(-1)!;
      expect(after.nodes.find((n) => n.hostname === host)).toMatchObject({
        state: 'down',
        reason: 'The reboot did not clear the fault',
      });
      reboot = sim.rebootNode(host);
    }
    expect(reboot.ok).toBe(true);
    expect(reboot.readyAt).not.toBeNull();
    expect(run(sim, at(t + MINUTE))[0].nodes.find((n) => n.hostname === host)?.state).toBe('rebooting');
    const back = run(sim, at(t + 7 * MINUTE)).at(-1)!;
    expect(back.nodes.find((n) => n.hostname === host)?.state).toBe('ready');
    expect(back.samples.some((s) => s.uuid === result.gpuUuid)).toBe(true);
  });

  it('has the datacentre staff repair a broken node that nobody reboots within about two hours', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const result = sim.injectFault({ kind: 'fatal_xid', target: 'gpu-s-003', code: 48 });
    expect(result.ok).toBe(true);
    const snapshots = run(sim, at(4 * HOUR));
    expect(snapshots.flatMap((s) => s.faults)).toContainEqual(
      expect.objectContaining({ kind: 'ecc_dbe', gpuUuid: result.gpuUuid }),
    );
    const readyAgain = snapshots.findIndex((s) => s.nodes.find((n) => n.hostname === 'gpu-s-003')?.state === 'ready');
    expect(readyAgain).toBeGreaterThan(100);
    expect(readyAgain).toBeLessThan(150);
  });

  it('makes every GPU of a hung job read under 5% for the following minutes while it stays running', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'fine_tuning');
    expect(sim.injectFault({ kind: 'hang', target: job.externalId }).ok).toBe(true);
    const snapshots = run(sim, at(HOUR + 12 * MINUTE));
    const samples = snapshots.flatMap((s) => s.samples).filter((s) => s.jobExternalId === job.externalId);
    expect(samples).toHaveLength(job.gpuUuids.length * 12);
    expect(samples.every((s) => s.util < 5)).toBe(true);
    expect(samples.every((s) => s.fbUsedMib > 40_000)).toBe(true);
    expect(jobIn(snapshots.at(-1)!, job.externalId)?.state).toBe('running');
    expect(jobIn(snapshots.at(-1)!, job.externalId)?.tokensPerSecond).toBe(0);
  });

  it('slows one GPU of a job to well under half of the median when it straggles', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'training');
    const result = sim.injectFault({ kind: 'straggler', target: job.externalId });
    const samples = run(sim, at(HOUR + 10 * MINUTE))
      .flatMap((s) => s.samples)
      .filter((s) => s.jobExternalId === job.externalId);
    for (let m = 1; m <= 10; m++) {
      const minute = samples.filter((s) => s.ts.getTime() === HOUR + m * MINUTE + START.getTime());
      const slow = minute.find((s) => s.uuid === result.gpuUuid)!;
      expect(slow.util).toBeLessThan(0.5 * median(minute.map((s) => s.util)));
    }
  });

  it('throttles an overheating GPU and reports it', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'training');
    const result = sim.injectFault({ kind: 'thermal', target: job.externalId });
    const snapshots = run(sim, at(HOUR + 15 * MINUTE));
    expect(snapshots[0].faults).toContainEqual(expect.objectContaining({ kind: 'thermal', gpuUuid: result.gpuUuid }));
    const hot = snapshots.flatMap((s) => s.samples).filter((s) => s.uuid === result.gpuUuid && s.throttled);
    expect(hot.length).toBeGreaterThan(5);
    expect(hot.every((s) => s.tempC >= 84 && s.util < 75)).toBe(true);
  });

  it('loses a node entirely: it goes down, reports nothing, and its jobs fail', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'training');
    const result = sim.injectFault({ kind: 'node_lost', target: job.externalId });
    const [next] = run(sim, at(HOUR + MINUTE));
    const lost = new Set(
      sim
        .topologySync()
        .nodes.find((n) => n.hostname === result.hostname)!
        .gpus.map((g) => g.uuid),
    );
    expect(next.samples.some((s) => lost.has(s.uuid))).toBe(false);
    expect(next.nodes.find((n) => n.hostname === result.hostname)?.state).toBe('down');
    expect(next.faults).toContainEqual(
      expect.objectContaining({ kind: 'node_lost', hostname: result.hostname, gpuUuid: null }),
    );
    expect(jobIn(next, job.externalId)?.state).toBe('failed');
  });

  it('logs a warning XID against the job without stopping it', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'training');
    const result = sim.injectFault({ kind: 'xid_warning', target: job.externalId, code: 31 });
    const [next] = run(sim, at(HOUR + MINUTE));
    expect(next.faults).toContainEqual(
      expect.objectContaining({ kind: 'xid', code: 31, fatal: false, gpuUuid: result.gpuUuid }),
    );
    expect(next.events).toContainEqual(expect.objectContaining({ kind: 'xid', jobExternalId: job.externalId }));
    expect(next.samples.find((s) => s.uuid === result.gpuUuid)?.xid).toBe(31);
    expect(jobIn(next, job.externalId)?.state).toBe('running');
  });

  it('refuses faults it cannot apply, and warnings given a fatal code', () => {
    const sim = newSim();
    expect(sim.injectFault({ kind: 'hang', target: 'no-such-job' }).ok).toBe(false);
    expect(sim.injectFault({ kind: 'xid_warning', target: 'gpu-r-001', code: 79 }).ok).toBe(false);
    expect(sim.injectFault({ kind: 'fatal_xid', target: 'gpu-r-001', code: 13 }).ok).toBe(false);
  });
});

describe('simulator actions', () => {
  it('restarts a failed job from its last checkpoint after a short delay, with restartCount + 1', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'training');
    const checkpointStep = sim.getJob(job.externalId)!.step!;
    const fault = sim.injectFault({ kind: 'fatal_xid', target: job.externalId });
    run(sim, at(HOUR + 2 * MINUTE));
    const failed = sim.getJob(job.externalId)!;
    expect(failed.state).toBe('failed');

    const restart = sim.restartJob(job.externalId);
    expect(restart.ok).toBe(true);
    const delay = restart.readyAt!.getTime() - restart.at.getTime();
    expect(delay).toBeGreaterThanOrEqual(MINUTE);
    expect(delay).toBeLessThanOrEqual(3 * MINUTE);
    // Half a minute in: still recovering (the earliest it runs again is a minute after it was asked).
    const [first] = run(sim, at(HOUR + 2 * MINUTE + 30_000));
    expect(jobIn(first, job.externalId)).toMatchObject({
      state: 'recovering',
      restartCount: failed.restartCount + 1,
      endedAt: null,
    });
    expect(first.events).toContainEqual(
      expect.objectContaining({ jobExternalId: job.externalId, kind: 'restart_requested' }),
    );

    const later = run(sim, new Date(restart.readyAt!.getTime() + MINUTE));
    const back = jobIn(later.at(-1)!, job.externalId)!;
    expect(back.state).toBe('running');
    expect(back.gpuUuids).toHaveLength(back.gpusRequested);
    expect(back.gpuUuids).not.toContain(fault.gpuUuid);
    expect(back.step!).toBeLessThanOrEqual(checkpointStep + 1);
    expect(later.flatMap((s) => s.events)).toContainEqual(
      expect.objectContaining({ jobExternalId: job.externalId, kind: 'restarted' }),
    );
  });

  it('runs a job that holds all of its GPUs on healthy nodes again in place, on the first whole minute 30 s after', () => {
    // Asked 37.5 s into a minute: its processes stopped by 68 s (30 s later), the next whole minute is 82.5 s away.
    // Asked 20 s in: stopped by 50 s, running again at the end of the same minute, 40 s away.
    for (const [into, delay] of [
      [37_500, 82_500],
      [20_000, 40_000],
    ]) {
      const sim = newSim();
      run(sim, at(HOUR));
      const job = runningJob(sim, 'training');
      const restart = sim.restartJob(job.externalId, at(HOUR + into));
      expect(restart).toMatchObject({ ok: true, scheduled: true });
      expect(restart.readyAt!.getTime() - restart.at.getTime()).toBe(delay);
      const back = run(sim, new Date(restart.readyAt!.getTime() + MINUTE)).at(-1)!;
      // Running again on the very GPUs it held.
      expect(jobIn(back, job.externalId)).toMatchObject({ state: 'running', restartCount: job.restartCount + 1 });
      expect(new Set(jobIn(back, job.externalId)!.gpuUuids)).toEqual(new Set(job.gpuUuids));
    }
  });

  it('reschedules a job one of whose nodes is closed to work: 1 to 3 minutes after the restart is asked, on a whole minute', async () => {
    // Asked 37.5 s into a minute, the whole minutes 1 to 3 minutes later are the 2nd and 3rd after it: 142.5 s or
    // 82.5 s away, never the 4th (202.5 s), which rounding a 3-minute restart up to its minute would give.
    const delays = new Set<number>();
    for (let seed = 1; seed <= 30; seed++) {
      const sim = newSim(seed);
      run(sim, at(HOUR));
      const job = runningJob(sim, 'training');
      const host = (await sim.topology()).nodes.find((n) => n.gpus.some((g) => g.uuid === job.gpuUuids[0]))!.hostname;
      expect(sim.cordonNode(host).ok).toBe(true);
      const restart = sim.restartJob(job.externalId, at(HOUR + 37_500));
      expect(restart).toMatchObject({ ok: true, scheduled: true });
      expect(restart.readyAt!.getTime() % MINUTE).toBe(0);
      delays.add(restart.readyAt!.getTime() - restart.at.getTime());
    }
    expect([...delays].sort((a, b) => a - b)).toEqual([82_500, 142_500]);
  });

  it('brings a hung job back to work when restarted', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'fine_tuning');
    sim.injectFault({ kind: 'hang', target: job.externalId });
    run(sim, at(HOUR + 15 * MINUTE));
    expect(sim.restartJob(job.externalId).ok).toBe(true);
    const after = run(sim, at(HOUR + 25 * MINUTE)).at(-1)!;
    expect(jobIn(after, job.externalId)).toMatchObject({ state: 'running', restartCount: 1 });
    const utils = after.samples.filter((s) => s.jobExternalId === job.externalId).map((s) => s.util);
    expect(median(utils)).toBeGreaterThan(50);
  });

  it('drains a node: cordoned at once, jobs evicted after a grace period, then it stays cordoned', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'fine_tuning');
    const topology = sim.topologySync();
    const host = topology.nodes.find((n) => n.gpus.some((g) => g.uuid === job.gpuUuids[0]))!.hostname;
    const drain = sim.drainNode(host, undefined, 'maintenance');
    expect(drain.ok).toBe(true);
    expect(sim.nodeStatuses().find((n) => n.hostname === host)).toMatchObject({
      state: 'draining',
      reason: 'maintenance',
    });
    const snapshots = run(sim, at(HOUR + 4 * MINUTE));
    const last = snapshots.at(-1)!;
    expect(last.nodes.find((n) => n.hostname === host)?.state).toBe('cordoned');
    expect(snapshots.flatMap((s) => s.events)).toContainEqual(
      expect.objectContaining({ jobExternalId: job.externalId, kind: 'preempted' }),
    );
    const hostUuids = new Set(topology.nodes.find((n) => n.hostname === host)!.gpus.map((g) => g.uuid));
    expect(last.jobs.some((j) => j.gpuUuids.some((u) => hostUuids.has(u)))).toBe(false);
    sim.uncordonNode(host);
    expect(run(sim, at(HOUR + 5 * MINUTE))[0].nodes.find((n) => n.hostname === host)?.state).toBe('ready');
  });

  it('scales an inference service up and down', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const service = sim.listJobs().find((j) => j.name === 'serve-chat-8b')!;
    expect(service.replicas).toBe(service.desiredReplicas);
    expect(sim.scaleService(service.externalId, service.desiredReplicas! + 2).ok).toBe(true);
    const [up] = run(sim, at(HOUR + MINUTE));
    expect(jobIn(up, service.externalId)).toMatchObject({
      desiredReplicas: service.desiredReplicas! + 2,
      replicas: service.desiredReplicas! + 2,
    });
    expect(up.events).toContainEqual(expect.objectContaining({ jobExternalId: service.externalId, kind: 'scaled' }));
    sim.scaleService(service.externalId, 1);
    const [down] = run(sim, at(HOUR + 2 * MINUTE));
    expect(jobIn(down, service.externalId)).toMatchObject({ desiredReplicas: 1, replicas: 1 });
    expect(jobIn(down, service.externalId)?.gpuUuids).toHaveLength(1);
    expect(sim.scaleService(runningJob(sim, 'training').externalId, 3).ok).toBe(false);
  });

  it('lets a failed job be resubmitted by its owner as a new job when nobody restarts it', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'fine_tuning');
    sim.injectFault({ kind: 'job_failure', target: job.externalId });
    const snapshots = run(sim, at(HOUR + 100 * MINUTE), 10);
    const resubmitted = snapshots
      .flatMap((s) => s.events)
      .find((e) => e.kind === 'submitted' && e.message.includes(job.externalId));
    expect(resubmitted).toBeDefined();
    expect(resubmitted!.at.getTime() - HOUR - START.getTime()).toBeGreaterThan(30 * MINUTE);
    expect(sim.getJob(resubmitted!.jobExternalId)?.name).toBe(`${job.name}-r2`);
    expect(sim.restartJob(job.externalId).ok).toBe(false);
  });

  it('applies an action dated ahead of the model when the model gets there', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const job = runningJob(sim, 'fine_tuning');
    const result = sim.cancelJob(job.externalId, at(HOUR + 5 * MINUTE + 20_000));
    expect(result).toMatchObject({ ok: true, scheduled: true });
    expect(
      run(sim, at(HOUR + 5 * MINUTE))
        .at(-1)!
        .jobs.find((j) => j.externalId === job.externalId)?.state,
    ).not.toBe('cancelled');
    const [next] = run(sim, at(HOUR + 6 * MINUTE));
    expect(jobIn(next, job.externalId)?.state).toBe('cancelled');
    expect(next.events).toContainEqual(
      expect.objectContaining({ jobExternalId: job.externalId, kind: 'cancelled', at: at(HOUR + 5 * MINUTE + 20_000) }),
    );
  });
});

describe('simulator collect windows', () => {
  it('emits minute-aligned samples covering (from, to] exactly, live ticks and backfill alike', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const gpuMinutes = (s: Snapshot) => [...new Set(s.samples.map((x) => x.ts.getTime()))];
    // 15-second ticks: only the tick that reaches a whole minute carries its samples.
    const ticks = [15, 30, 45, 60].map((sec) => sim.collectSync(at(HOUR + (sec - 15) * 1000), at(HOUR + sec * 1000)));
    expect(ticks.slice(0, 3).every((s) => s.samples.length === 0)).toBe(true);
    expect(gpuMinutes(ticks[3])).toEqual([at(HOUR + MINUTE).getTime()]);

    const window = sim.collectSync(at(HOUR + MINUTE), at(HOUR + 5 * MINUTE + 30_000));
    expect(gpuMinutes(window)).toEqual([2, 3, 4, 5].map((m) => at(HOUR + m * MINUTE).getTime()));
    expect(window.samples.every((s) => s.ts.getUTCSeconds() === 0 && s.ts.getUTCMilliseconds() === 0)).toBe(true);
    const perMinute = [2, 3, 4, 5].map(
      (m) => window.samples.filter((s) => s.ts.getTime() === at(HOUR + m * MINUTE).getTime()).length,
    );
    expect(new Set(perMinute).size).toBe(1);
    expect(perMinute[0]).toBeGreaterThan(1000);

    const coarse = sim.collectSync(at(HOUR + 5 * MINUTE + 30_000), at(HOUR + 40 * MINUTE), { sampleEveryMinutes: 10 });
    expect(gpuMinutes(coarse)).toEqual([10, 20, 30, 40].map((m) => at(HOUR + m * MINUTE).getTime()));
  });

  it('never simulates again what it has already simulated', () => {
    const sim = newSim();
    run(sim, at(HOUR));
    const again = sim.collectSync(START, at(HOUR));
    expect(again.samples).toHaveLength(0);
    expect(again.events).toHaveLength(0);
    const overlap = sim.collectSync(at(30 * MINUTE), at(HOUR + 2 * MINUTE));
    expect([...new Set(overlap.samples.map((s) => s.ts.getTime()))]).toEqual([
      at(HOUR + MINUTE).getTime(),
      at(HOUR + 2 * MINUTE).getTime(),
    ]);
  });

  it('reports every job that is not ended, and the ones that ended in the window with the GPUs released', () => {
    const sim = newSim();
    const snapshots = run(sim, at(3 * HOUR));
    for (const s of snapshots) {
      const ended = s.jobs.filter((j) => j.endedAt !== null);
      for (const job of ended) {
        expect(job.gpuUuids).toHaveLength(0);
        expect(job.endedAt!.getTime()).toBeLessThanOrEqual(s.at.getTime());
      }
      const held = s.jobs.flatMap((j) => j.gpuUuids);
      expect(new Set(held).size).toBe(held.length);
    }
    const endedIds = snapshots.flatMap((s) => s.jobs.filter((j) => j.endedAt !== null).map((j) => j.externalId));
    expect(new Set(endedIds).size).toBe(endedIds.length);
  });
});

describe('simulator save and restore', () => {
  it('continues identically after a JSON round trip, pending actions and faults included', () => {
    const original = newSim(11);
    run(original, at(3 * HOUR), 5);
    const job = runningJob(original, 'training');
    original.injectFault({ kind: 'straggler', target: job.externalId });
    original.restartJob(job.externalId, at(3 * HOUR + 20 * MINUTE));
    const saved = JSON.stringify(original.toJSON());
    const restored = Simulator.fromJSON(JSON.parse(saved));
    expect(JSON.stringify(restored.toJSON())).toBe(saved);
    const a = run(original, at(6 * HOUR), 5);
    const b = run(restored, at(6 * HOUR), 5);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(original.toJSON()));
    expect(a.flatMap((s) => s.events)).toContainEqual(
      expect.objectContaining({ jobExternalId: job.externalId, kind: 'restarted' }),
    );
  });

  it('refuses what is not a saved state', () => {
    expect(() => Simulator.fromJSON({ version: 999 })).toThrow();
    expect(() => Simulator.fromJSON('null')).toThrow();
  });
});
