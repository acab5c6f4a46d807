// The composition of a scheduler and GPU readings, with hand-made records on both sides.
import { describe, expect, it } from 'vitest';
import { ComposedSource, HELD_PREFIX } from '@/lib/sources/compose';
import {
  NO_TRAINING_PROGRESS,
  type FaultRecord,
  type GpuClaim,
  type GpuReadingsSource,
  type GpuSighting,
  type JobRecord,
  type NodeStatusRecord,
  type SchedulerSnapshot,
  type SchedulerSource,
  type Snapshot,
  type Topology,
} from '@/lib/sources/types';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T10:00:00Z');
const H100 = 'NVIDIA H100 80GB HBM3';

/** A node of `gpus` GPUs as a scheduler knows it: a count, and placeholder UUIDs. */
const schedulerNode = (hostname: string, gpus = 8, pool = 'train') => ({
  hostname,
  pool,
  gpus: Array.from({ length: gpus }, (_, index) => ({
    index,
    uuid: `k8s:${hostname}/${index}`,
    model: 'NVIDIA-H100-80GB-HBM3',
    memoryMib: 81_559,
  })),
});

const realUuid = (hostname: string, index: number) => `GPU-${hostname}-${index}`;

function job(externalId: string, changes: Partial<JobRecord> = {}): JobRecord {
  return {
    externalId,
    name: externalId.split('/').pop()!,
    kind: 'training',
    team: 'research',
    project: 'llm',
    owner: null,
    state: 'running',
    gpusRequested: 8,
    submittedAt: new Date(T0 - 3_600_000),
    startedAt: new Date(T0 - 3_000_000),
    endedAt: null,
    restartCount: 0,
    ...NO_TRAINING_PROGRESS,
    gpuUuids: [],
    ...changes,
  };
}

const ready = (hostname: string, changes: Partial<NodeStatusRecord> = {}): NodeStatusRecord => ({
  hostname,
  state: 'ready',
  reason: null,
  since: new Date(T0 - 86_400_000),
  bootId: 'boot-1',
  ...changes,
});

class FakeScheduler implements SchedulerSource {
  readonly name = 'kubernetes';
  reads = 0;
  constructor(public snapshot: SchedulerSnapshot) {}
  async read(): Promise<SchedulerSnapshot> {
    this.reads += 1;
    return structuredClone(this.snapshot);
  }
}

function schedulerSnapshot(hosts: string[], claims: GpuClaim[], jobs: JobRecord[]): SchedulerSnapshot {
  const topology: Topology = {
    cluster: { name: 'k', scheduler: 'kubernetes' },
    pools: [
      {
        name: 'train',
        gpuModel: 'NVIDIA-H100-80GB-HBM3',
        pricingClass: 'on_demand',
        gpusPerNode: 8,
        desiredNodes: hosts.length,
      },
    ],
    nodes: hosts.map((host) => schedulerNode(host)),
    teams: [{ name: 'research', projects: ['llm'] }],
  };
  return { topology, nodes: hosts.map((host) => ready(host)), jobs, claims, events: [], checkpoints: [], faults: [] };
}

/** dcgm-exporter through Prometheus, by hand: each read reports one minute of every GPU in `gpus`. */
class FakeReadings implements GpuReadingsSource {
  readonly name = 'prometheus';
  faults: FaultRecord[] = [];
  private charge: (gpu: GpuSighting, at: Date) => string | null = () => null;
  private last = new Map<string, GpuSighting>();
  constructor(public gpus: GpuSighting[]) {}

  chargeWith(charge: (gpu: GpuSighting, at: Date) => string | null) {
    this.charge = charge;
  }

  sightings() {
    return this.last;
  }

  async topology(): Promise<Topology> {
    const hosts = [...new Set(this.gpus.map((gpu) => gpu.hostname))];
    return {
      cluster: { name: 'k', scheduler: 'kubernetes' },
      pools: [],
      nodes: hosts.map((hostname) => ({
        hostname,
        pool: 'h100-on-demand',
        gpus: this.gpus
          .filter((gpu) => gpu.hostname === hostname)
          .map((gpu) => ({ index: gpu.index, uuid: gpu.uuid, model: gpu.model, memoryMib: 81_559 })),
      })),
      teams: [],
    };
  }

  async collect(_from: Date, to: Date): Promise<Snapshot> {
    const ts = new Date(Math.floor(to.getTime() / MINUTE) * MINUTE - MINUTE);
    this.last = new Map(this.gpus.map((gpu) => [gpu.uuid, gpu]));
    const samples = this.gpus.map((gpu) => ({
      uuid: gpu.uuid,
      ts,
      util: 90,
      smActive: null,
      tensorActive: null,
      fbUsedMib: 60_000,
      powerW: 612.5,
      tempC: 65,
      xid: 0,
      eccSbe: 0,
      eccDbe: 0,
      throttled: false,
      jobExternalId: this.charge(gpu, ts),
    }));
    return { at: to, samples, nodes: [], jobs: [], events: [], checkpoints: [], faults: this.faults.splice(0) };
  }
}

const sighting = (hostname: string, index: number, labels: Partial<GpuSighting> = {}): GpuSighting => ({
  uuid: realUuid(hostname, index),
  hostname,
  index,
  model: H100,
  pod: null,
  hpcJob: null,
  ...labels,
});

const everyGpu = (hosts: string[], labels: (hostname: string, index: number) => Partial<GpuSighting> = () => ({})) =>
  hosts.flatMap((hostname) =>
    Array.from({ length: 8 }, (_, index) => sighting(hostname, index, labels(hostname, index))),
  );

function compose(scheduler: FakeScheduler, readings: FakeReadings, clock = { now: T0 }, knownNodes = []) {
  return new ComposedSource(scheduler, readings, { now: () => clock.now, schedulerReuseMs: 0, knownNodes });
}

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `gpu-${String(i).padStart(3, '0')}`);

describe('ComposedSource', () => {
  it('names each scheduler slot by the UUID dcgm-exporter reports there, and its model and pool by dcgm’s name', async () => {
    const scheduler = new FakeScheduler(schedulerSnapshot(['a', 'b'], [], []));
    // Node b's exporter has not reported yet: its GPUs keep their placeholders.
    const source = compose(scheduler, new FakeReadings(everyGpu(['a'])));
    const topology = await source.topology();
    expect(topology.nodes[0].gpus.map((gpu) => gpu.uuid)).toEqual(
      Array.from({ length: 8 }, (_, i) => realUuid('a', i)),
    );
    expect(topology.nodes[0].gpus[0].model).toBe(H100);
    expect(topology.nodes[1].gpus.map((gpu) => gpu.uuid)).toEqual(Array.from({ length: 8 }, (_, i) => `k8s:b/${i}`));
    expect(topology.pools).toEqual([expect.objectContaining({ name: 'train', gpuModel: H100, desiredNodes: 2 })]);
    expect(topology.nodes.map((node) => node.pool)).toEqual(['train', 'train']);
  });

  it('charges every sample of a 64-pod PyTorchJob to the one job, which holds its 512 GPUs by their real UUIDs', async () => {
    const nodes = hosts(64);
    const pod = (hostname: string) => `research/llm-${hostname}`;
    const claims = nodes.map((hostname) => ({
      jobExternalId: 'research/llm',
      hostname,
      count: 8,
      indices: null,
      pod: pod(hostname),
    }));
    const scheduler = new FakeScheduler(
      schedulerSnapshot(nodes, claims, [job('research/llm', { gpusRequested: 512 })]),
    );
    const readings = new FakeReadings(everyGpu(nodes, (hostname) => ({ pod: pod(hostname) })));
    const source = compose(scheduler, readings);
    await source.topology();
    const snapshot = await source.collect(new Date(T0 - MINUTE), new Date(T0));

    expect(snapshot.jobs).toHaveLength(1);
    expect(snapshot.jobs[0].gpuUuids).toHaveLength(512);
    expect(snapshot.jobs[0].gpuUuids).toEqual(
      nodes.flatMap((h) => Array.from({ length: 8 }, (_, i) => realUuid(h, i))).sort(),
    );
    expect(snapshot.samples).toHaveLength(512);
    expect(new Set(snapshot.samples.map((sample) => sample.jobExternalId))).toEqual(new Set(['research/llm']));
  });

  it('charges by the hpc_job label, else by the slot the scheduler placed the job on (Slurm GRES indices)', async () => {
    const claims: GpuClaim[] = [
      { jobExternalId: '4101', hostname: 'n1', count: 4, indices: [0, 1, 2, 3], pod: null },
      { jobExternalId: '4102', hostname: 'n1', count: 2, indices: [4, 5], pod: null },
    ];
    const scheduler = new FakeScheduler(
      schedulerSnapshot(['n1'], claims, [job('4101', { gpusRequested: 4 }), job('4102', { gpusRequested: 2 })]),
    );
    // The exporter's job mapping names job 4101 on GPUs 0-3; GPUs 4-7 carry no job label.
    const readings = new FakeReadings(everyGpu(['n1'], (_, index) => ({ hpcJob: index < 4 ? '4101' : null })));
    const source = compose(scheduler, readings);
    await source.topology();
    const snapshot = await source.collect(new Date(T0 - MINUTE), new Date(T0));

    const chargedTo = Object.fromEntries(snapshot.samples.map((sample) => [sample.uuid, sample.jobExternalId]));
    expect(chargedTo).toEqual({
      ...Object.fromEntries([0, 1, 2, 3].map((i) => [realUuid('n1', i), '4101'])),
      [realUuid('n1', 4)]: '4102',
      [realUuid('n1', 5)]: '4102',
      [realUuid('n1', 6)]: null,
      [realUuid('n1', 7)]: null,
    });
    expect(snapshot.jobs.map((j) => [j.externalId, j.gpuUuids])).toEqual([
      ['4101', [0, 1, 2, 3].map((i) => realUuid('n1', i))],
      ['4102', [4, 5].map((i) => realUuid('n1', i))],
    ]);
  });

  it('places a pod on the lowest free GPUs of its node when dcgm-exporter labels no pods, skipping labelled ones', async () => {
    const claims: GpuClaim[] = [
      { jobExternalId: 'ml/a', hostname: 'n1', count: 2, indices: null, pod: 'ml/a-0' },
      { jobExternalId: 'ml/b', hostname: 'n1', count: 3, indices: null, pod: 'ml/b-0' },
    ];
    const scheduler = new FakeScheduler(schedulerSnapshot(['n1'], claims, [job('ml/a'), job('ml/b')]));
    // GPU 0 is labelled with b's pod; the others carry no pod label.
    const readings = new FakeReadings(everyGpu(['n1'], (_, index) => ({ pod: index === 0 ? 'ml/b-0' : null })));
    const source = compose(scheduler, readings);
    await source.topology();
    const snapshot = await source.collect(new Date(T0 - MINUTE), new Date(T0));
    // b's pod is seen on GPU 0 only: dcgm-exporter's labels win over the count. a gets GPUs 1 and 2.
    expect(snapshot.jobs.map((j) => [j.externalId, j.gpuUuids])).toEqual([
      ['ml/a', [1, 2].map((i) => realUuid('n1', i))],
      ['ml/b', [realUuid('n1', 0)]],
    ]);
    expect(snapshot.samples.find((s) => s.uuid === realUuid('n1', 1))!.jobExternalId).toBe('ml/a');
  });

  it('keeps a GPU under its placeholder until the topology is read again, and then under its real UUID only', async () => {
    const scheduler = new FakeScheduler(schedulerSnapshot(['n1'], [], []));
    const readings = new FakeReadings([]);
    const source = compose(scheduler, readings);
    const before = await source.topology();
    expect(before.nodes[0].gpus[3].uuid).toBe('k8s:n1/3');

    readings.gpus = [sighting('n1', 3)];
    const first = await source.collect(new Date(T0 - MINUTE), new Date(T0));
    expect(first.samples.map((sample) => sample.uuid)).toEqual(['k8s:n1/3']);
    expect(source.topologyStale).toBe(true);

    const after = await source.topology();
    expect(after.nodes[0].gpus.map((gpu) => gpu.uuid)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => (i === 3 ? realUuid('n1', 3) : `k8s:n1/${i}`)),
    );
    expect(source.topologyStale).toBe(false);
    const second = await source.collect(new Date(T0), new Date(T0 + MINUTE));
    expect(second.samples.map((sample) => sample.uuid)).toEqual([realUuid('n1', 3)]);
  });

  it('holds a node down after a fatal XID until it restarts, and records one fault when the scheduler reports it down', async () => {
    const scheduler = new FakeScheduler(schedulerSnapshot(['n1', 'n2'], [], []));
    const readings = new FakeReadings(everyGpu(['n1', 'n2']));
    const clock = { now: T0 };
    const source = compose(scheduler, readings, clock);
    await source.topology();
    const xidAt = new Date(T0 - 30_000);
    readings.faults = [
      {
        hostname: 'n1',
        gpuUuid: realUuid('n1', 2),
        at: xidAt,
        kind: 'xid',
        code: 79,
        fatal: true,
        message: 'XID 79: fallen off the bus',
      },
    ];
    const struck = await source.collect(new Date(T0 - MINUTE), new Date(T0));
    expect(struck.nodes.find((node) => node.hostname === 'n1')).toEqual({
      hostname: 'n1',
      state: 'down',
      reason: `${HELD_PREFIX}XID 79: fallen off the bus (held down until the node restarts or is returned to service)`,
      since: xidAt,
    });
    expect(struck.faults.map((fault) => [fault.kind, fault.code])).toEqual([['xid', 79]]);

    // The scheduler still calls it ready: it stays down.
    clock.now += MINUTE;
    const still = await source.collect(new Date(T0), new Date(clock.now));
    expect(still.nodes.find((node) => node.hostname === 'n1')!.state).toBe('down');
    expect(still.faults).toEqual([]);

    // Rebooted: a new boot id ends the hold.
    scheduler.snapshot.nodes[0] = ready('n1', { bootId: 'boot-2' });
    clock.now += MINUTE;
    const back = await source.collect(new Date(clock.now - MINUTE), new Date(clock.now));
    expect(back.nodes.find((node) => node.hostname === 'n1')!.state).toBe('ready');

    // The scheduler reports n2 down (NotReady): one node_lost fault, then none while it stays down.
    const lostAt = new Date(clock.now - 10_000);
    scheduler.snapshot.nodes[1] = ready('n2', {
      state: 'down',
      reason: 'Kubelet stopped posting node status.',
      since: lostAt,
    });
    clock.now += MINUTE;
    const lost = await source.collect(new Date(clock.now - MINUTE), new Date(clock.now));
    expect(lost.faults).toEqual([
      {
        hostname: 'n2',
        gpuUuid: null,
        at: lostAt,
        kind: 'node_lost',
        code: null,
        fatal: true,
        message: 'Kubelet stopped posting node status.',
      },
    ]);
    clock.now += MINUTE;
    expect((await source.collect(new Date(clock.now - MINUTE), new Date(clock.now))).faults).toEqual([]);

    // n2 leaves the cluster: retired once.
    scheduler.snapshot.nodes = [scheduler.snapshot.nodes[0]];
    clock.now += MINUTE;
    const gone = await source.collect(new Date(clock.now - MINUTE), new Date(clock.now));
    expect(gone.nodes.find((node) => node.hostname === 'n2')).toMatchObject({ state: 'retired' });
  });

  it('keeps a held node down across a worker restart, and lets it go when it is put back in service', async () => {
    const scheduler = new FakeScheduler(schedulerSnapshot(['n1'], [], []));
    const reason = `${HELD_PREFIX}XID 79: fallen off the bus (held down until the node restarts or is returned to service)`;
    const known = [{ hostname: 'n1', state: 'down' as const, reason, since: new Date(T0 - 600_000) }];
    const clock = { now: T0 };
    const source = new ComposedSource(scheduler, new FakeReadings(everyGpu(['n1'])), {
      now: () => clock.now,
      schedulerReuseMs: 0,
      knownNodes: known,
    });
    await source.topology();
    expect((await source.collect(new Date(T0 - MINUTE), new Date(T0))).nodes[0].state).toBe('down');
    // Cordoned by recovery, then uncordoned by a person who fixed it.
    scheduler.snapshot.nodes[0] = ready('n1', { state: 'cordoned', since: new Date(T0) });
    clock.now += MINUTE;
    expect((await source.collect(new Date(T0), new Date(clock.now))).nodes[0].state).toBe('down');
    scheduler.snapshot.nodes[0] = ready('n1');
    clock.now += MINUTE;
    expect((await source.collect(new Date(clock.now - MINUTE), new Date(clock.now))).nodes[0].state).toBe('ready');
  });

  it('reports a restart and a start as events, and a deleted job as cancelled only once it stays gone', async () => {
    const claims: GpuClaim[] = [{ jobExternalId: 'ml/a', hostname: 'n1', count: 8, indices: null, pod: 'ml/a-0' }];
    const scheduler = new FakeScheduler(schedulerSnapshot(['n1'], claims, [job('ml/a')]));
    const readings = new FakeReadings(everyGpu(['n1'], () => ({ pod: 'ml/a-0' })));
    const clock = { now: T0 };
    const source = compose(scheduler, readings, clock);
    await source.topology();
    const step = async () => {
      clock.now += 30_000;
      return source.collect(new Date(clock.now - 30_000), new Date(clock.now));
    };
    expect((await step()).events).toEqual([]);

    // Deleted and created again (a restart): missing from one read, back pending, then running.
    scheduler.snapshot.jobs = [];
    const missing = await step();
    expect(missing.jobs.map((j) => [j.externalId, j.state, j.gpuUuids.length])).toEqual([['ml/a', 'running', 8]]);
    scheduler.snapshot.jobs = [job('ml/a', { state: 'pending', startedAt: null, restartCount: 1 })];
    scheduler.snapshot.claims = [];
    const pending = await step();
    expect(pending.events.map((e) => e.kind)).toEqual(['restarted']);
    expect(pending.jobs[0].gpuUuids).toEqual([]);
    scheduler.snapshot.jobs = [job('ml/a', { restartCount: 1, startedAt: new Date(clock.now) })];
    scheduler.snapshot.claims = claims;
    expect((await step()).events.map((e) => e.kind)).toEqual(['started']);

    // Deleted for good: cancelled once it has been missing from two reads over a minute.
    scheduler.snapshot.jobs = [];
    const deletedAt = clock.now + 30_000;
    expect((await step()).jobs[0].state).toBe('running');
    expect((await step()).jobs[0].state).toBe('running');
    const gone = await step();
    expect(gone.jobs).toEqual([
      expect.objectContaining({ externalId: 'ml/a', state: 'cancelled', endedAt: new Date(deletedAt), gpuUuids: [] }),
    ]);
    expect(gone.events).toEqual([expect.objectContaining({ kind: 'cancelled', at: new Date(deletedAt) })]);
    expect((await step()).jobs).toEqual([]);
  });

  it('reads the scheduler once while catching up, charging history by the readings’ labels alone', async () => {
    const claims: GpuClaim[] = [
      { jobExternalId: '77', hostname: 'n1', count: 8, indices: [0, 1, 2, 3, 4, 5, 6, 7], pod: null },
    ];
    const scheduler = new FakeScheduler(schedulerSnapshot(['n1'], claims, [job('77')]));
    // History: only GPUs 0-1 carry the job's hpc_job label.
    const readings = new FakeReadings(everyGpu(['n1'], (_, index) => ({ hpcJob: index < 2 ? '77' : null })));
    const clock = { now: T0 };
    const source = new ComposedSource(scheduler, readings, { now: () => clock.now });
    await source.topology();
    const hoursAgo = T0 - 3 * 3_600_000;
    const old = await source.collect(new Date(hoursAgo - MINUTE), new Date(hoursAgo));
    expect(old.jobs[0].gpuUuids).toEqual([realUuid('n1', 0), realUuid('n1', 1)]);
    expect(old.samples.filter((s) => s.jobExternalId === '77')).toHaveLength(2);
    await source.collect(new Date(hoursAgo), new Date(hoursAgo + MINUTE));
    expect(scheduler.reads).toBe(1);
    // Live, the placement covers all eight.
    const live = await source.collect(new Date(T0 - MINUTE), new Date(T0));
    expect(live.jobs[0].gpuUuids).toHaveLength(8);
    expect(live.samples.every((s) => s.jobExternalId === '77')).toBe(true);
  });
});
