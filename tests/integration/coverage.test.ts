// DOMAIN.md Coverage at its edges, through the real collector into the test's PostgreSQL and back out through the
// queries the pages read: before the first reading, an outage in the middle, a node the scheduler says is down, a
// single silent node, and a silent GPU on a live node. A scripted source stands for the cluster, minute by minute.
//
// One pool of L4 GPUs (on demand), two nodes of two GPUs, in the cluster the environment watches: n1 holds g1 and g2, n2 holds g3 and g4. Job j1 holds g1
// from the first minute on. T0 = 2026-11-20 10:00Z; minute k is the minute ending at T0 + k min.
//   k  1-3    nothing reports (before the first reading)
//   k  4-8    all four GPUs report
//   k  9-10   nothing reports (an outage)
//   k 11      all four report
//   k 12-13   n2 is down (the source says so); n1 reports
//   k 14-16   n2 is ready again as the source says, but silent; n1 reports
//   k 17-19   all report but g2 (a silent GPU on a live node)
//   k 20      all four report
//   k 21-30   all four report; n2 is held as a warm spare of the pool (cordoned by recovery, running nothing)
// The fleet rollup worked out by hand, per minute (provisioned, healthy, allocated, silent; coverage P / (P + S)):
//   k 4-8 (5 rows)   4 4 1 0   1
//   k 11             4 4 1 0   1
//   k 12-13 (2)      4 2 1 0   1      n2's GPUs are known to be out: provisioned, not healthy
//   k 14-16 (3)      2 2 1 2   0.5    n2's GPUs are unknown: in no count but silent
//   k 17-19 (3)      3 3 1 1   0.75
//   k 20             4 4 1 0   1
//   no rows for k 1-3 and 9-10.
// Sums: provisioned 5x4 + 4 + 2x4 + 3x2 + 3x3 + 4 = 51 GPU-minutes; healthy 51 - 2x2 = 47; allocated 15; idle 36.
// GPU availability over the 20 minutes to T0+20: 47 / 51 = 92.157%, over (5 + 1 + 2 + 1.5 + 2.25 + 1) / 20 =
// 12.75 / 20 = 63.75% of the window measured.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnpriced } from '@/lib/domain/cost';
import { readingAgeShown, shownNodeState } from '@/lib/domain/readings';
import { CLUSTER_NAME } from '@/lib/sources/simulator/topology';
import {
  NO_TRAINING_PROGRESS,
  type GpuSampleRecord,
  type JobRecord,
  type NodeStatusRecord,
  type Snapshot,
  type Source,
  type Topology,
} from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { fleetEvents } from '@/lib/worker/slo-rollup';
import { evaluateSlos } from '@/lib/worker/slo';

const { getOverview } = await import('@/lib/queries/overview');
const { getFleetMap } = await import('@/lib/queries/fleet/map');
const { getPoolCapacity } = await import('@/lib/queries/fleet/pools');
const { getNode } = await import('@/lib/queries/nodes');
const { costBreakdown } = await import('@/lib/queries/costs/breakdown');
const { ledgerBy } = await import('@/lib/queries/ledger/ledger');

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const at = (k: number, seconds = 0) => new Date(T0 + k * MINUTE + seconds * 1000);
type Uuid = 'g1' | 'g2' | 'g3' | 'g4';

function reporting(k: number): Uuid[] {
  if (k <= 3 || k === 9 || k === 10) return [];
  if (k >= 12 && k <= 16) return ['g1', 'g2'];
  if (k >= 17 && k <= 19) return ['g1', 'g3', 'g4'];
  return ['g1', 'g2', 'g3', 'g4'];
}

/** The cluster as its source tells it: readings of the minutes in (from, to], node states and jobs as of `to`. */
class ScriptedSource implements Source {
  readonly name = 'edge';
  async topology(): Promise<Topology> {
    throw new Error('the test seeds the topology');
  }
  async collect(from: Date, to: Date): Promise<Snapshot> {
    const samples: GpuSampleRecord[] = [];
    for (let k = Math.floor((from.getTime() - T0) / MINUTE) + 1; T0 + k * MINUTE <= to.getTime(); k++) {
      for (const uuid of reporting(k)) {
        samples.push({
          uuid,
          ts: at(k),
          util: uuid === 'g1' ? 80 : 0,
          smActive: null,
          tensorActive: null,
          fbUsedMib: uuid === 'g1' ? 12_000 : 0,
          fbFreeMib: uuid === 'g1' ? 10_491 : 22_491,
          fbReservedMib: 455,
          powerW: uuid === 'g1' ? 60.5 : 16.4,
          tempC: 40,
          xid: 0,
          eccSbe: 0,
          eccDbe: 0,
          throttled: false,
          jobExternalId: uuid === 'g1' ? 'ml/j1' : null,
        });
      }
    }
    const k = Math.floor((to.getTime() - T0) / MINUTE);
    const n2Down = k >= 12 && k <= 13;
    const spare = { hostname: 'n2', state: 'cordoned', reason: 'Held as a warm spare of l4-on-demand', since: at(20) };
    const nodes: NodeStatusRecord[] = [
      { hostname: 'n1', state: 'ready', reason: null, since: at(0) },
      n2Down
        ? { hostname: 'n2', state: 'down', reason: 'NotReady', since: at(12) }
        : k >= 21
          ? (spare as NodeStatusRecord)
          : { hostname: 'n2', state: 'ready', reason: null, since: k >= 14 ? at(14) : at(0) },
    ];
    const job: JobRecord = {
      externalId: 'ml/j1',
      name: 'j1',
      kind: 'training',
      team: 'ml',
      project: 'edge',
      owner: null,
      state: 'running',
      gpusRequested: 1,
      submittedAt: at(0),
      startedAt: at(0),
      endedAt: null,
      restartCount: 0,
      ...NO_TRAINING_PROGRESS,
      gpuUuids: ['g1'],
    };
    return { at: to, samples, nodes, jobs: [job], events: [], checkpoints: [], faults: [] };
  }
}

let pool: pg.Pool;
let collector: Collector;
const rows = async () =>
  (
    await pool.query<{ k: number; p: number; h: number; a: number; s: number }>(
      `SELECT (extract(epoch FROM ts - $1::timestamptz) / 60)::int AS k, provisioned_gpus AS p, healthy_gpus AS h,
              allocated_gpus AS a, silent_gpus AS s FROM pool_minute ORDER BY ts`,
      [at(0)],
    )
  ).rows.map((row) => [row.k, row.p, row.h, row.a, row.s]);
const source = async () =>
  (
    await pool.query<{ data_until: Date | null; read_until: Date | null }>(
      'SELECT data_until, read_until FROM data_source',
    )
  ).rows[0];

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  await pool.query(`
    INSERT INTO cluster (id, name, scheduler) VALUES (1, '${CLUSTER_NAME}', 'kubernetes');
    INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, gpus_per_node, desired_nodes)
      VALUES (1, 1, 'l4-on-demand', 'NVIDIA L4', 'on_demand', 2, 2);
    INSERT INTO node (id, cluster_id, pool_id, hostname, state) VALUES (1, 1, 1, 'n1', 'ready'), (2, 1, 1, 'n2', 'ready');
    INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib) VALUES
      (1, 1, 0, 'g1', 'NVIDIA L4', 23034), (2, 1, 1, 'g2', 'NVIDIA L4', 23034),
      (3, 2, 0, 'g3', 'NVIDIA L4', 23034), (4, 2, 1, 'g4', 'NVIDIA L4', 23034);
    INSERT INTO slo (id, name, kind, target, window_days) VALUES (1, 'GPU availability', 'gpu_availability', 0.999, 1);
    SELECT fleet_ensure_sample_partitions('2026-11-20', '2026-11-21');
  `);
  const scripted = new ScriptedSource();
  // Raw samples are kept for a year back: the fixed clock of T0 is some days before the machine's.
  collector = new Collector(pool, {
    openSource: async () => ({ source: scripted, clusterName: CLUSTER_NAME, cursor: at(0) }),
    backfillSampleHours: 24 * 365,
  });
  expect(await collector.lead()).toBe(true);
});
afterAll(async () => {
  await collector.resign();
  await pool.end();
});

describe('a minute the source did not cover is unknown', () => {
  it('writes nothing before the first reading: no capacity, no data until, no figures on the overview', async () => {
    await collector.advance(at(3));
    expect(await rows()).toEqual([]);
    expect(await source()).toEqual({ data_until: null, read_until: at(3) });
    const overview = await getOverview({ from: at(-60), to: at(3, 30) }, { now: at(3, 30) });
    expect(overview.fleet).toMatchObject({ asOf: null, provisionedGpus: null, silentGpus: null });
    expect(overview.freshness).toMatchObject({ dataUntil: null, stale: true, lagSeconds: null });
  });

  it('leaves an outage out, and data until stays at the last real reading, so the data reads as stale', async () => {
    await collector.advance(at(10));
    expect(await rows()).toEqual([4, 5, 6, 7, 8].map((k) => [k, 4, 4, 1, 0]));
    expect(await source()).toEqual({ data_until: at(8), read_until: at(10) });
    // 10:10:30 is 150 s after the last reading: past the 120 s limit (a scripted source has no lag of its own).
    const { freshness } = await getOverview({ from: at(-60), to: at(10, 30) }, { now: at(10, 30) });
    expect(freshness).toMatchObject({ dataUntil: at(8).toISOString(), lagSeconds: 150, stale: true });
  });

  it('counts GPUs of a node the source says is down as provisioned and not healthy: known, not unknown', async () => {
    await collector.advance(at(13));
    expect((await rows()).slice(5)).toEqual([
      [11, 4, 4, 1, 0],
      [12, 4, 2, 1, 0],
      [13, 4, 2, 1, 0],
    ]);
  });

  it('shows a single silent node as not reporting since its last reading, its GPUs in no count but silent', async () => {
    await collector.advance(at(16));
    expect((await rows()).slice(8)).toEqual([14, 15, 16].map((k) => [k, 2, 2, 1, 2]));
    const now = at(16, 30);
    // n2 last read at minute 11: 330 s ago, past the 120 s limit. The scheduler says ready; the console says no.
    const map = await getFleetMap(now);
    expect(map.nodes.map((node) => [node.hostname, node.state, node.silence])).toEqual([
      ['n1', 'ready', { silent: false, since: null }],
      ['n2', 'ready', { silent: true, since: at(11).toISOString() }],
    ]);
    expect(map.gpus.condition.map((c) => map.conditions[c])).toEqual(['busy', 'idle', 'no_data', 'no_data']);
    // Its last readings are still shown, with their time: 16.4 W (to the tenth), 22,491 MiB free.
    expect(map.gpus.powerW).toEqual([60.5, 16.4, 16.4, 16.4]);
    const n2 = (await getNode(2, { from: at(-60), to: now }, now))!;
    expect(shownNodeState(n2.state, n2.silence)).toBe('not_reporting');
    expect(n2.gpus.map((gpu) => [gpu.readingAt, gpu.fbFreeMib, gpu.fbReservedMib])).toEqual([
      [at(11).toISOString(), 22_491, 455],
      [at(11).toISOString(), 22_491, 455],
    ]);
    const overview = await getOverview({ from: at(-60), to: now }, { now });
    const nodes = Object.fromEntries(overview.nodes.byState.map((row) => [row.state, row.count]));
    expect(nodes).toMatchObject({ ready: 1, not_reporting: 1, down: 0 });
    expect(overview.fleet).toMatchObject({ provisionedGpus: 2, healthyGpus: 2, allocatedGpus: 1, silentGpus: 2 });
    expect(await getPoolCapacity(undefined, now)).toMatchObject([{ ready: 1, notReporting: 1, down: 0 }]);
  });

  it('shows a silent GPU on a live node with its last reading and its age, the node still reporting', async () => {
    await collector.advance(at(19));
    expect((await rows()).slice(11)).toEqual([17, 18, 19].map((k) => [k, 3, 3, 1, 1]));
    const now = at(19, 30);
    const n1 = (await getNode(1, { from: at(-60), to: now }, now))!;
    expect(n1.silence).toEqual({ silent: false, since: null });
    expect(n1.gpus.map((gpu) => [gpu.index, gpu.readingAt])).toEqual([
      [0, at(19).toISOString()],
      [1, at(16).toISOString()],
    ]);
    // g1 read 30 s ago stands for now; g2's reading is 210 s old, and says so.
    expect(n1.gpus.map((gpu) => readingAgeShown(gpu.readingAt, now))).toEqual([null, 210_000]);
    const map = await getFleetMap(now);
    expect(map.gpus.condition.map((c) => map.conditions[c])).toEqual(['busy', 'no_data', 'idle', 'idle']);
  });

  it('states the SLO’s coverage beside its value, and never counts the gaps as good', async () => {
    await collector.advance(at(20));
    expect(await rows()).toHaveLength(15);
    expect(await source()).toEqual({ data_until: at(20), read_until: at(20) });
    const { availability } = await fleetEvents(pool, at(20), [5, 20]);
    // 20 minutes: 47 / 51 healthy, over 12.75 of 20 minutes measured.
    expect(availability.get(20)).toEqual({ good: 47, total: 51, coverage: 12.75 / 20 });
    // 5 minutes (16-20): healthy 2 + 3 x 3 + 4 = 15 of 15, over (0.5 + 3 x 0.75 + 1) / 5 = 75% measured.
    expect(availability.get(5)).toEqual({ good: 15, total: 15, coverage: 0.75 });
    expect(await evaluateSlos(pool, at(20, 15))).toBe(1);
    const { rows: snapshots } = await pool.query('SELECT at, sli, good, total, coverage FROM slo_snapshot');
    // The 1-day window holds the same minutes: 12.75 of 1,440 measured.
    expect(snapshots).toEqual([{ at: at(20), sli: 47 / 51, good: 47, total: 51, coverage: 12.75 / 1440 }]);
  });

  it('counts idle hours only in the minutes covered, and calls their cost unpriced until a rate covers them', async () => {
    const range = { from: at(0), to: at(21) };
    const unpriced = await costBreakdown(range, 'UTC', {}, at(21));
    // Provisioned 51 GPU-minutes less allocated 15 = 36 idle GPU-minutes = 0.6 GPU-h; no rate for the L4.
    expect(unpriced.idle.gpuHours).toBeCloseTo(0.6, 12);
    expect(unpriced.idle.unpricedGpuHours).toBeCloseTo(0.6, 12);
    expect(isUnpriced(unpriced.idle.gpuHours, unpriced.idle.unpricedGpuHours)).toBe(true);
    await pool.query(`INSERT INTO rate_card (gpu_model, pricing_class, price_per_gpu_hour, currency, effective_from)
                      VALUES ('NVIDIA L4', 'on_demand', 0.80, 'USD', '2026-01-01Z')`);
    const priced = await costBreakdown(range, 'UTC', {}, at(21));
    expect(priced.idle.cost).toBeCloseTo(0.6 * 0.8, 12); // $0.48
    expect(priced.idle.unpricedGpuHours).toBe(0);
  });

  it('counts a warm spare as healthy capacity, not lost, and its hours as unallocated capacity, priced', async () => {
    // k 21-30: n2 is a warm spare (DOMAIN.md "Automatic recovery"): healthy, held out of service on purpose.
    await pool.query('UPDATE node SET spare_since = $1 WHERE id = 2', [at(20)]);
    await collector.advance(at(30));
    // Every minute: 4 provisioned, 4 healthy (the spare's 2 included), 1 allocated, none silent.
    expect((await rows()).slice(-10)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30].map((k) => [k, 4, 4, 1, 0]));
    // GPU availability over the 10 minutes: 40 healthy of 40 provisioned = 100%: a spare is not down.
    const { availability } = await fleetEvents(pool, at(30), [10]);
    expect(availability.get(10)).toEqual({ good: 40, total: 40, coverage: 1 });
    // Unallocated: 10 x (4 - 1) = 30 GPU-minutes = 0.5 GPU-h, 20 of them the spare's, at $0.80 (the rate added
    // above): $0.40, the spare's share $0.2667, the price of having it at hand.
    const { idle } = await costBreakdown({ from: at(20), to: at(30) }, 'UTC', {}, at(30));
    expect(idle.gpuHours).toBeCloseTo(0.5, 12);
    expect(idle.cost).toBeCloseTo(0.4, 12);
    // The rollup counts the spare's 2 GPUs in each of the 10 minutes after it was held (k 21-30), none before.
    const spare = await pool.query<{ k: number; spare: number }>(
      `SELECT (extract(epoch FROM ts - $1::timestamptz) / 60)::int AS k, spare_gpus AS spare FROM pool_minute
       WHERE spare_gpus > 0 ORDER BY ts`,
      [at(0)],
    );
    expect(spare.rows).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30].map((k) => ({ k, spare: 2 })));
    // So the pool's ledger gives the spare's part of its unallocated time apart, for the weekly report to keep out
    // of the losses and the fixes: 20 GPU-minutes = 1/3 GPU-h, x $0.80 = $0.2667. (The ledger reads the rollup's
    // minutes by their end, ts in [from, to): to T0+31 takes in minute 30.)
    const { unallocated } = await ledgerBy({ from: at(20), to: at(31) }, 'pool');
    expect(unallocated).toHaveLength(1);
    expect(unallocated[0].spareGpuHours).toBeCloseTo(1 / 3, 12);
    expect(unallocated[0].spareCost).toBeCloseTo(0.8 / 3, 12);
  });
});
