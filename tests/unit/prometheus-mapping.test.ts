import { describe, expect, it } from 'vitest';
import type { Labels, QueryResult } from '@/lib/sources/prometheus/api';
import { readMinute, THROTTLE_MASK, type GpuMemo } from '@/lib/sources/prometheus/minute';
import { NodePresence } from '@/lib/sources/prometheus/nodes';
import { PodJobs, GRACE_MS } from '@/lib/sources/prometheus/jobs';
import type { MetricKey } from '@/lib/sources/prometheus/queries';
import { buildTable } from '@/lib/sources/prometheus/table';
import { topologyFromResults } from '@/lib/sources/prometheus/topology';
import { poolName, shortModel } from '@/lib/sources/prometheus/labels';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const times = [T0, T0 + MINUTE, T0 + 2 * MINUTE];
const s = (ms: number) => ms / 1000;

const id = (uuid: string, extra: Labels = {}): Labels => ({
  UUID: uuid,
  gpu: '0',
  modelName: 'NVIDIA H100 80GB HBM3',
  Hostname: 'node-a',
  ...extra,
});

/** A matrix result: each series as labels and values at times[0..] (null: no point). */
const matrix = (...series: [Labels, (number | null)[]][]): QueryResult => ({
  resultType: 'matrix',
  result: series.map(([metric, values]) => ({
    metric,
    values: values.flatMap((v, i) => (v === null ? [] : [[s(times[i]), String(v)] as [number, string]])),
  })),
});

const empty: QueryResult = { resultType: 'matrix', result: [] };
const KEYS: MetricKey[] = [
  'util',
  'smActive',
  'tensorActive',
  'fbUsed',
  'fbFree',
  'fbReserved',
  'power',
  'temp',
  'xid',
  'eccSbe',
  'eccDbe',
  'remappedRows',
  'remapFailure',
  'clockEvents',
];
const results = (given: Partial<Record<MetricKey, QueryResult>>) =>
  Object.fromEntries(KEYS.map((key) => [key, given[key] ?? empty])) as Record<MetricKey, QueryResult>;

const read = (given: Partial<Record<MetricKey, QueryResult>>, i: number, memo = new Map<string, GpuMemo>()) =>
  readMinute(buildTable(times, results(given)), i, memo);

describe('Prometheus results as sample records', () => {
  it('reads one minute of every metric, to the tenth of a watt and with memory free and reserved, into a sample stamped with the minute end', () => {
    const { samples, present } = read(
      {
        util: matrix([id('GPU-1'), [87.5, 90, null]]),
        smActive: matrix([{ UUID: 'GPU-1' }, [0.61, 0.7, null]]),
        tensorActive: matrix([{ UUID: 'GPU-1' }, [0.32, 0.4, null]]),
        fbUsed: matrix([{ UUID: 'GPU-1' }, [70_123, 70_500, null]]),
        fbFree: matrix([{ UUID: 'GPU-1' }, [10_900, 10_523, null]]),
        fbReserved: matrix([{ UUID: 'GPU-1' }, [537, 537, null]]),
        power: matrix([{ UUID: 'GPU-1' }, [612.4, 16.365, null]]),
        temp: matrix([{ UUID: 'GPU-1' }, [71, 72, null]]),
      },
      1,
    );
    expect(samples).toEqual([
      {
        uuid: 'GPU-1',
        ts: new Date(T0 + MINUTE),
        util: 90,
        smActive: 0.7,
        tensorActive: 0.4,
        fbUsedMib: 70_500,
        fbFreeMib: 10_523,
        fbReservedMib: 537,
        powerW: 16.365,
        tempC: 72,
        xid: 0,
        eccSbe: 0,
        eccDbe: 0,
        throttled: false,
        jobExternalId: null,
      },
    ]);
    expect(present.get('GPU-1')).toMatchObject({ hostname: 'node-a', index: 0, model: 'NVIDIA H100 80GB HBM3' });
  });

  it('takes the node from Hostname, or from hostname when relabelling added it (hostname wins)', () => {
    const { present } = read(
      {
        util: matrix(
          [id('GPU-1', { Hostname: 'exporter-pod-x' }), [50, null, null]],
          [{ ...id('GPU-2'), Hostname: '', hostname: 'node-b' }, [50, null, null]],
          [id('GPU-3', { hostname: 'node-c' }), [50, null, null]],
        ),
      },
      0,
    );
    expect(present.get('GPU-1')?.hostname).toBe('exporter-pod-x');
    expect(present.get('GPU-2')?.hostname).toBe('node-b');
    expect(present.get('GPU-3')?.hostname).toBe('node-c');
  });

  it('reads profiling ratios as null when the exporter does not export them, and keeps them 0..1 when it does', () => {
    const { samples } = read(
      {
        util: matrix([id('GPU-1'), [40, null, null]], [id('GPU-2', { gpu: '1' }), [40, null, null]]),
        smActive: matrix([{ UUID: 'GPU-2' }, [0.25, null, null]]),
      },
      0,
    );
    expect(samples.find((x) => x.uuid === 'GPU-1')).toMatchObject({ smActive: null, tensorActive: null });
    expect(samples.find((x) => x.uuid === 'GPU-2')).toMatchObject({ smActive: 0.25, tensorActive: null });
  });

  it('attributes a GPU to <namespace>/<pod>, prefers exported_* labels, and ignores the exporter’s own pod', () => {
    const { samples } = read(
      {
        util: matrix(
          [
            id('GPU-1', { namespace: 'ml-research', pod: 'llama-70b-worker-3', container: 'trainer' }),
            [90, null, null],
          ],
          [
            id('GPU-2', {
              namespace: 'gpu-operator',
              pod: 'nvidia-dcgm-exporter-7xk2p',
              exported_namespace: 'ml-infer',
              exported_pod: 'chat-0',
            }),
            [30, null, null],
          ],
          [id('GPU-3', { namespace: 'gpu-operator', pod: 'nvidia-dcgm-exporter-7xk2p' }), [0, null, null]],
          [id('GPU-4'), [0, null, null]],
        ),
      },
      0,
    );
    const job = (uuid: string) => samples.find((x) => x.uuid === uuid)?.jobExternalId;
    expect(job('GPU-1')).toBe('ml-research/llama-70b-worker-3');
    expect(job('GPU-2')).toBe('ml-infer/chat-0');
    expect(job('GPU-3')).toBeNull();
    expect(job('GPU-4')).toBeNull();
  });

  it('gives a GPU handed to another pod within the window to the pod holding it', () => {
    const { samples } = read(
      { util: matrix([id('GPU-1'), [5, null, null]], [id('GPU-1', { namespace: 'a', pod: 'p' }), [80, null, null]]) },
      0,
    );
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ util: 80, jobExternalId: 'a/p' });
  });

  it('reports an XID in the minute the gauge takes it, the last value of the minute, and not again while it holds', () => {
    const memo = new Map<string, GpuMemo>();
    const table = buildTable(
      times,
      results({
        util: matrix([id('GPU-1'), [50, 50, 50]]),
        // last_over_time: the last XID of each minute. 13 in the first minute, then 79 (fatal), then still 79.
        xid: matrix([{ UUID: 'GPU-1' }, [13, 79, 79]]),
      }),
    );
    const minutes = [0, 1, 2].map((i) => readMinute(table, i, memo));
    expect(minutes.map((m) => m.samples[0].xid)).toEqual([13, 79, 0]);
    expect(minutes[0].faults).toMatchObject([{ kind: 'xid', code: 13, fatal: false, gpuUuid: 'GPU-1' }]);
    expect(minutes[1].faults).toMatchObject([
      { kind: 'xid', code: 79, fatal: true, hostname: 'node-a', message: 'XID 79: GPU has fallen off the bus' },
    ]);
    expect(minutes[1].faults[0].at).toEqual(new Date(times[1]));
    expect(minutes[2].faults).toEqual([]);
  });

  it('counts ECC errors and remapped rows as their increase in the minute, with a fault for uncorrectable ones', () => {
    const { samples, faults } = read(
      {
        util: matrix([id('GPU-1'), [50, null, null]]),
        eccSbe: matrix([{ UUID: 'GPU-1' }, [3.2, null, null]]),
        eccDbe: matrix([{ UUID: 'GPU-1' }, [1, null, null]]),
        remappedRows: matrix([{ UUID: 'GPU-1' }, [2, null, null]]),
        remapFailure: matrix([{ UUID: 'GPU-1' }, [1, null, null]]),
      },
      0,
    );
    expect(samples[0]).toMatchObject({ eccSbe: 3, eccDbe: 1 });
    expect(faults.map((f) => [f.kind, f.fatal])).toEqual([
      ['ecc_dbe', true],
      ['row_remap', false],
      ['row_remap', true],
    ]);
  });

  it('reads throttling from the clock-event bitmask, hardware and thermal reasons only, with a fault when it starts', () => {
    const memo = new Map<string, GpuMemo>();
    const table = buildTable(
      times,
      results({
        util: matrix([id('GPU-1'), [90, 90, 90]]),
        temp: matrix([{ UUID: 'GPU-1' }, [80, 88, 89]]),
        // 0x4: software power cap (normal under load); 0x24: plus software thermal slowdown.
        clockEvents: matrix([{ UUID: 'GPU-1' }, [0x4, 0x24, 0x24]]),
      }),
    );
    const minutes = [0, 1, 2].map((i) => readMinute(table, i, memo));
    expect(minutes.map((m) => m.samples[0].throttled)).toEqual([false, true, true]);
    expect(minutes[1].faults).toMatchObject([
      { kind: 'thermal', message: 'Thermal slowdown at 88 °C: clocks reduced' },
    ]);
    expect(minutes[2].faults).toEqual([]);
    expect(THROTTLE_MASK & 0x4).toBe(0);
  });

  it('leaves out a GPU that stopped reporting rather than writing zeros for it', () => {
    const table = buildTable(
      times,
      results({
        util: matrix([id('GPU-1'), [50, 50, null]], [id('GPU-2', { gpu: '1' }), [60, null, null]]),
        power: matrix([{ UUID: 'GPU-1' }, [400, 400, null]], [{ UUID: 'GPU-2' }, [500, 500, 500]]),
      }),
    );
    const memo = new Map<string, GpuMemo>();
    expect(readMinute(table, 1, memo).samples.map((x) => x.uuid)).toEqual(['GPU-1']);
    expect(readMinute(table, 2, memo).samples).toEqual([]);
  });

  it('reads an instant vector as the one time of a table', () => {
    const vector: QueryResult = { resultType: 'vector', result: [{ metric: id('GPU-1'), value: [s(T0), '42'] }] };
    const table = buildTable([T0], { ...results({}), util: vector });
    expect(readMinute(table, 0, new Map()).samples[0]).toMatchObject({ util: 42, ts: new Date(T0) });
  });
});

describe('node and pod states from presence', () => {
  const start = new Date(T0);
  const end = new Date(T0 + MINUTE);

  it('leaves a node whose GPUs all vanish as it was (not reporting is not down), and a node back from down ready', () => {
    const nodes = new NodePresence([
      { hostname: 'node-a', state: 'ready' },
      { hostname: 'node-c', state: 'down' },
    ]);
    nodes.observe(start, new Set(['node-a', 'node-b']));
    nodes.observe(end, new Set(['node-b', 'node-c']));
    expect(nodes.records()).toMatchObject([
      { hostname: 'node-a', state: 'ready' },
      { hostname: 'node-c', state: 'ready', reason: null, since: end },
      { hostname: 'node-b', state: 'ready', since: start },
    ]);
  });

  it('leaves a cordoned node cordoned while it reports', () => {
    const nodes = new NodePresence([{ hostname: 'node-a', state: 'cordoned' }]);
    nodes.observe(start, new Set(['node-a']));
    expect(nodes.records()).toMatchObject([{ hostname: 'node-a', state: 'cordoned' }]);
  });

  it('makes one running job per pod, and ends it once its GPUs have been gone for the grace period', () => {
    const jobs = new PodJobs();
    const gpu = (uuid: string, pod: string | null) => ({
      uuid,
      hostname: 'node-a',
      index: 0,
      model: 'H100',
      pool: null,
      namespace: pod ? 'team-a' : null,
      pod,
      jobExternalId: pod ? `team-a/${pod}` : null,
      hpcJob: null,
    });
    jobs.observe(
      start,
      end,
      new Map([
        ['GPU-1', gpu('GPU-1', 'train-0')],
        ['GPU-2', gpu('GPU-2', 'train-0')],
      ]),
    );
    const first = jobs.take();
    expect(first.jobs).toMatchObject([
      {
        externalId: 'team-a/train-0',
        name: 'train-0',
        kind: 'training',
        team: 'team-a',
        project: 'team-a',
        state: 'running',
        gpusRequested: 2,
        startedAt: start,
        gpuUuids: ['GPU-1', 'GPU-2'],
      },
    ]);
    expect(first.events).toMatchObject([{ kind: 'started', jobExternalId: 'team-a/train-0' }]);
    // Nothing reports for a while: held through the grace period, then released and ended.
    let t = end.getTime();
    const quiet = () => {
      t += MINUTE;
      jobs.observe(new Date(t - MINUTE), new Date(t), new Map());
      return jobs.take();
    };
    expect(quiet().jobs[0].gpuUuids).toEqual(['GPU-1', 'GPU-2']);
    for (let waited = MINUTE; waited < GRACE_MS; waited += MINUTE) quiet();
    const ended = [quiet(), quiet(), quiet()].flatMap((x) => x.jobs).find((j) => j.state !== 'running');
    expect(ended).toMatchObject({ state: 'succeeded', gpuUuids: [], gpusRequested: 2 });
  });
});

describe('topology from labels', () => {
  const vector = (...samples: [Labels, number][]): QueryResult => ({
    resultType: 'vector',
    result: samples.map(([metric, value]) => ({ metric, value: [s(T0), String(value)] })),
  });

  it('makes nodes of Hostnames, GPUs of (gpu, UUID, modelName), memory of used + free + reserved, a pool per model', () => {
    const topology = topologyFromResults(
      {
        identity: vector(
          [id('GPU-2', { gpu: '1' }), 1],
          [id('GPU-1'), 1],
          [id('GPU-1', { namespace: 'team-a', pod: 'p' }), 1],
          [id('GPU-3', { Hostname: 'node-b', modelName: 'NVIDIA A100-SXM4-80GB' }), 1],
          [id('GPU-4', { Hostname: 'node-c', pool: 'h100-reserved' }), 1],
        ),
        fbUsed: vector([{ UUID: 'GPU-1' }, 1000], [{ UUID: 'GPU-2' }, 0]),
        fbFree: vector([{ UUID: 'GPU-1' }, 80_000], [{ UUID: 'GPU-2' }, 81_000]),
        fbReserved: vector([{ UUID: 'GPU-1' }, 559]),
      },
      { clusterName: 'prod', pricingClass: 'on_demand' },
    );
    expect(topology.cluster).toEqual({ name: 'prod', scheduler: 'kubernetes' });
    expect(topology.nodes.map((n) => [n.hostname, n.pool, n.gpus.map((g) => g.uuid)])).toEqual([
      ['node-a', 'h100-on-demand', ['GPU-1', 'GPU-2']],
      ['node-b', 'a100-on-demand', ['GPU-3']],
      ['node-c', 'h100-reserved', ['GPU-4']],
    ]);
    expect(topology.nodes[0].gpus[0]).toEqual({
      index: 0,
      uuid: 'GPU-1',
      model: 'NVIDIA H100 80GB HBM3',
      memoryMib: 81_559,
    });
    expect(topology.pools.find((p) => p.name === 'h100-on-demand')).toEqual({
      name: 'h100-on-demand',
      gpuModel: 'NVIDIA H100 80GB HBM3',
      pricingClass: 'on_demand',
      gpusPerNode: 2,
      desiredNodes: 1,
    });
    expect(topology.teams).toEqual([{ name: 'team-a', projects: ['team-a'] }]);
  });

  it('names pools after the model and pricing class', () => {
    expect(shortModel('NVIDIA H800 80GB HBM3')).toBe('h800');
    expect(shortModel('Tesla V100-PCIE-32GB')).toBe('v100');
    expect(shortModel('NVIDIA L40S')).toBe('l40s');
    expect(shortModel('NVIDIA GeForce RTX 4090')).toBe('geforce-rtx-4090');
    expect(poolName({ model: 'NVIDIA B200', pool: null }, 'spot')).toBe('b200-spot');
  });
});
