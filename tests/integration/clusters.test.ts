// Several clusters in one console: each has its own collector, source status, simulator model and executor, an
// action reaches only its own cluster, and a silent cluster is stale alone while the other carries on.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import { listJobs, parseJobListParams } from '@/lib/queries/jobs';
import { listIncidents, onCallIncidents, parseIncidentListParams } from '@/lib/queries/incidents';
import { getCostsView } from '@/lib/queries/costs/view';
import { headline } from '@/lib/reports/format';
import { buildWeeklyReport } from '@/lib/reports/weekly';
import { weekOf } from '@/lib/reports/week';
import { getFleetMap } from '@/lib/queries/fleet/map';
import { getPoolCapacity } from '@/lib/queries/fleet/pools';
import { getOverview } from '@/lib/queries/overview';
import { SimulatorExecutor } from '@/lib/executors/simulator';
import { requestOperation } from '@/lib/ops/request';
import { ActionRunner } from '@/lib/ops/runner';
import { SourceError } from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { Drive } from '@/lib/worker/drive';
import { newSimulator, openSimulator, simulatedTopology, type SimulatorConfig } from '@/lib/worker/simulator-session';

const START = new Date('2026-11-25T10:00:00Z');
const STEP = 15_000;
const TRAIN: SimulatorConfig = { seed: 5, nodes: 4, backfillDays: 0, cluster: 'train-a', region: 'us-east-1' };
const INFER: SimulatorConfig = { seed: 6, nodes: 3, backfillDays: 0, cluster: 'infer-b', takesUnaddressed: false };

describe('two clusters in one console', () => {
  let pool: pg.Pool;
  let clock: Date;
  let trainSilent = false;
  let drives: Drive[];

  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<T>(sql, params)).rows[0];

  function pipeline(config: SimulatorConfig, first: boolean) {
    const collector = new Collector(pool, {
      cluster: config.cluster,
      openSource: async (p) => {
        if (config === TRAIN && trainSilent) throw new SourceError('train-a: the source does not answer', 'timeout');
        return openSimulator(p, config);
      },
      backfillSampleHours: 1,
    });
    const executor = new SimulatorExecutor(pool, { cluster: config.cluster, pollMs: 5, timeoutMs: 20_000 });
    const runner = new ActionRunner(executor, { cluster: config.cluster, now: () => clock });
    return new Drive(pool, collector, runner, {
      cluster: config.cluster,
      sourceKind: 'simulator',
      fleet: first ? undefined : false,
    });
  }

  async function step(times = 1) {
    for (let i = 0; i < times; i++) {
      clock = new Date(clock.getTime() + STEP);
      // Each cluster's sequence on its own: a failing one does not stop the other.
      await Promise.all(drives.map((drive) => drive.step(clock).catch((error: unknown) => error)));
    }
  }

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    for (const config of [TRAIN, INFER]) {
      const topology = simulatedTopology(await newSimulator(config).topology(), config);
      await seedDemo(db, topology, { pricesFrom: new Date(START.getTime() - 86_400_000) });
    }
    clock = START;
    drives = [pipeline(TRAIN, true), pipeline(INFER, false)];
    await step(2);
  });
  afterAll(async () => {
    vi.useRealTimers();
    for (const drive of drives) await drive.resign();
    await pool.end();
  });

  it('keeps each cluster apart: its own nodes, GPUs, source status and simulator model', async () => {
    const clusters = (
      await pool.query<{ name: string; region: string | null; nodes: number; gpus: number }>(
        `SELECT c.name, c.region, count(DISTINCT n.id)::int AS nodes, count(g.id)::int AS gpus
         FROM cluster c JOIN node n ON n.cluster_id = c.id JOIN gpu g ON g.node_id = n.id GROUP BY c.id ORDER BY c.name`,
      )
    ).rows;
    expect(clusters).toEqual([
      { name: 'infer-b', region: 'sim-dc-1', nodes: 3, gpus: 24 },
      { name: 'train-a', region: 'us-east-1', nodes: 4, gpus: 32 },
    ]);
    // The same hostnames in both, as real clusters may have; the GPUs are not shared.
    expect(
      (await one<{ n: number }>(`SELECT count(DISTINCT cluster_id)::int AS n FROM node WHERE hostname = 'gpu-r-001'`))
        .n,
    ).toBe(2);
    const sources = (await pool.query('SELECT name, kind, read_until FROM data_source ORDER BY name')).rows;
    expect(sources.map((s) => [s.name, s.kind, s.read_until.toISOString()])).toEqual([
      ['infer-b', 'simulator', clock.toISOString()],
      ['train-a', 'simulator', clock.toISOString()],
    ]);
    expect((await pool.query('SELECT cluster FROM simulator_state ORDER BY cluster')).rows).toEqual([
      { cluster: 'infer-b' },
      { cluster: 'train-a' },
    ]);
    // Teams are the organisation's, shared by both clusters; the demo users were made once.
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM team')).n).toBe(5);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM app_user')).n).toBe(3);
  });

  it("carries an action out on its own cluster's executor only", async () => {
    const node = await one<{ id: number }>(
      `SELECT n.id FROM node n JOIN cluster c ON c.id = n.cluster_id WHERE c.name = 'infer-b' AND n.hostname = 'gpu-r-001'`,
    );
    await db.$transaction((tx) =>
      requestOperation(tx, {
        kind: 'node.cordon',
        targetId: node.id,
        reason: 'testing one cluster of two',
        idempotencyKey: randomUUID(),
        requester: { kind: 'system' },
      }),
    );
    await step(3);
    const states = (
      await pool.query<{ cluster: string; state: string }>(
        `SELECT c.name AS cluster, n.state FROM node n JOIN cluster c ON c.id = n.cluster_id
         WHERE n.hostname = 'gpu-r-001' ORDER BY c.name`,
      )
    ).rows;
    expect(states).toEqual([
      { cluster: 'infer-b', state: 'cordoned' },
      { cluster: 'train-a', state: 'ready' },
    ]);
    expect((await pool.query(`SELECT cluster, kind FROM sim_command WHERE kind = 'cordon'`)).rows).toEqual([
      { cluster: 'infer-b', kind: 'cordon' },
    ]);
    const action = await db.action.findFirstOrThrow({ where: { kind: 'node.cordon' } });
    expect(action.state).toBe('succeeded');
  });

  it('reads one cluster alone, or both together, on the overview, the jobs list and the incidents', async () => {
    const range = { from: new Date(START.getTime() - 3_600_000), to: clock, preset: null };
    const train: ClusterScope = { cluster: 'train-a' };
    const infer: ClusterScope = { cluster: 'infer-b' };
    const overview = async (scope: ClusterScope) => getOverview(range, { now: clock, scope });
    const [all, a, b] = await Promise.all([overview(ALL_CLUSTERS), overview(train), overview(infer)]);
    // train-a has 4 nodes of 8 GPUs, infer-b 3 (see the first test): 32 + 24 = 56.
    expect([a.fleet.provisionedGpus, b.fleet.provisionedGpus, all.fleet.provisionedGpus]).toEqual([32, 24, 56]);
    expect([a.nodes.total, b.nodes.total, all.nodes.total]).toEqual([4, 3, 7]);
    expect(a.fleet.pools.every((pool) => pool.cluster === 'train-a')).toBe(true);
    expect(new Set(all.fleet.pools.map((pool) => pool.cluster))).toEqual(new Set(['train-a', 'infer-b']));
    expect(a.jobs.active + b.jobs.active).toBe(all.jobs.active);

    // The fleet map: the scope's nodes and GPUs alone, its pools named with their cluster's.
    const mapA = await getFleetMap(clock, train);
    expect([mapA.nodes.length, mapA.gpus.node.length]).toEqual([4, 32]);
    expect(new Set(mapA.pools.map((pool) => pool.cluster))).toEqual(new Set(['train-a']));
    expect((await getFleetMap(clock, ALL_CLUSTERS)).gpus.node.length).toBe(56);
    const capacity = await getPoolCapacity(infer);
    expect(capacity.length).toBeGreaterThan(0);
    expect(capacity.every((pool) => pool.cluster === 'infer-b')).toBe(true);
    expect(capacity.reduce((sum, pool) => sum + pool.nodes, 0)).toBe(3);

    // Costs: each cluster's allocated GPU-hours and provisioned capacity, adding up to the fleet's.
    const costs = async (scope: ClusterScope) => getCostsView(range, { scope, now: clock });
    const [costAll, costA, costB] = await Promise.all([costs(ALL_CLUSTERS), costs(train), costs(infer)]);
    expect(costA.totals.gpuHours).toBeGreaterThan(0);
    expect(costA.totals.gpuHours + costB.totals.gpuHours).toBeCloseTo(costAll.totals.gpuHours, 6);
    expect(costA.pools.length + costB.pools.length).toBe(costAll.pools.length);
    expect(costA.totals.spend + costB.totals.spend).toBeCloseTo(costAll.totals.spend, 1);

    // The weekly report of each cluster: its own spend and GPU-hours, adding up to the whole fleet's report.
    const week = weekOf(clock, 'UTC');
    const report = async (scope: ClusterScope) => buildWeeklyReport(week, clock, scope);
    const [reportAll, reportA, reportB] = await Promise.all([report(ALL_CLUSTERS), report(train), report(infer)]);
    expect([reportA.cluster, reportB.cluster, reportAll.cluster]).toEqual(['train-a', 'infer-b', null]);
    expect(headline(reportB)).toMatch(/^Cluster infer-b spent \$/);
    expect(headline(reportAll)).toMatch(/^The fleet spent \$/);
    expect(reportA.spend.gpuHours + reportB.spend.gpuHours).toBeCloseTo(reportAll.spend.gpuHours, 6);
    expect(reportA.spend.total + reportB.spend.total).toBeCloseTo(reportAll.spend.total, 1);

    // The jobs list and its filter menus count the scope's jobs alone; the two scopes add up to every job.
    const jobs = async (scope: ClusterScope) =>
      listJobs(parseJobListParams(new URLSearchParams('pageSize=200')), range, { now: clock, scope });
    const [jobsAll, jobsA, jobsB] = await Promise.all([jobs(ALL_CLUSTERS), jobs(train), jobs(infer)]);
    expect(jobsA.total).toBeGreaterThan(0);
    expect(jobsB.total).toBeGreaterThan(0);
    expect(jobsA.total + jobsB.total).toBe(jobsAll.total);
    const teamCount = (list: typeof jobsAll) => list.facets.team.reduce((sum, facet) => sum + facet.count, 0);
    expect(teamCount(jobsA)).toBe(jobsA.total);
    const clusterOfJob = await pool.query<{ id: number; cluster: string }>(
      'SELECT j.id, c.name AS cluster FROM job j JOIN cluster c ON c.id = j.cluster_id',
    );
    const clusterOf = new Map(clusterOfJob.rows.map((row) => [row.id, row.cluster]));
    expect(new Set(jobsA.rows.map((row) => clusterOf.get(row.id)))).toEqual(new Set(['train-a']));
    // Each row names its cluster, as the list shows it where the console watches several.
    expect(jobsAll.rows.every((row) => row.cluster === clusterOf.get(row.id))).toBe(true);

    // An incident about a node belongs to its cluster; one about nothing in particular to every cluster.
    const node = await one<{ id: number }>(
      `SELECT n.id FROM node n JOIN cluster c ON c.id = n.cluster_id WHERE c.name = 'train-a' LIMIT 1`,
    );
    await pool.query(
      `INSERT INTO incident (key, title, severity, state, source, node_id, opened_at) VALUES
         ('scope-node', 'a node of train-a', 'ticket', 'open', 'manual', $1, $2),
         ('scope-fleet', 'the whole fleet', 'ticket', 'open', 'manual', NULL, $2)`,
      [node.id, clock],
    );
    const titles = async (scope: ClusterScope) =>
      (await onCallIncidents(clock, scope)).rows
        .map((row) => row.title)
        .filter((t) => t.startsWith('a node') || t.startsWith('the whole'));
    expect(await titles(train)).toEqual(expect.arrayContaining(['a node of train-a', 'the whole fleet']));
    expect(await titles(infer)).toEqual(['the whole fleet']);
    // The list holds incidents opened in its range, which ends before `to`.
    const opened = { from: range.from, to: new Date(clock.getTime() + 60_000) };
    const listed = async (scope: ClusterScope) =>
      (await listIncidents(parseIncidentListParams(new URLSearchParams()).params, opened, clock, scope)).rows.map(
        (row) => row.title,
      );
    expect(await listed(infer)).not.toContain('a node of train-a');
    expect(await listed(ALL_CLUSTERS)).toContain('a node of train-a');
  });

  it('marks a silent cluster stale alone, while the other carries on', async () => {
    const before = clock;
    trainSilent = true;
    // A failed step drops what the collector had open; the next opens the source again, which now fails.
    await step(1);
    await drives[0].resign();
    await step(4);
    const rows = (
      await pool.query<{ name: string; read_until: Date; last_error: string | null }>(
        'SELECT name, read_until, last_error FROM data_source ORDER BY name',
      )
    ).rows;
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName['infer-b'].read_until.toISOString()).toBe(clock.toISOString());
    expect(byName['train-a'].read_until.getTime()).toBeLessThanOrEqual(before.getTime() + STEP);
    expect(byName['train-a'].last_error).toBe('train-a: the source does not answer');
    expect(byName['infer-b'].last_error).toBeNull();
  });
});
