// The fleet map and the node page on a small hand-built fleet: every GPU's condition, readings and job, and a
// node's series, faults, jobs and state history, checked against values worked out by hand below.
import { describe, expect, it, vi } from 'vitest';
import { session } from './fake-session';
import { testClient } from './test-client';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());

const { getFleetMap } = await import('@/lib/queries/fleet/map');
const { getNode, getNodeSeries } = await import('@/lib/queries/nodes');
const { GET: getMapRoute } = await import('@/app/api/fleet/map/route');
const { GET: getNodeRoute } = await import('@/app/api/nodes/[id]/route');
const { GET: getNodeSeriesRoute } = await import('@/app/api/nodes/[id]/series/route');

const NOW = new Date('2026-11-25T10:30:00Z');
const { sql } = testClient(() => buildFleet());

async function buildFleet() {
  await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'test', 'simulator')`);
  await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES
    (1, 1, 'b-reserved', 'H800', 'reserved', 2), (2, 1, 'a-spot', 'H800', 'spot', 1)`);
  // n1 ready, n2 cordoned, n3 (pool a-spot) down, n4 retired (not on the map).
  await sql(`INSERT INTO node (id, cluster_id, pool_id, hostname, state, state_reason, state_since) VALUES
    (1, 1, 1, 'n1', 'ready', NULL, '2026-11-25T08:00Z'),
    (2, 1, 1, 'n2', 'cordoned', 'XID 79', '2026-11-25T09:00Z'),
    (3, 1, 2, 'n3', 'down', 'node lost', '2026-11-25T10:00Z'),
    (4, 1, 1, 'n4', 'retired', NULL, '2026-11-20T00:00Z')`);
  await sql(`INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib, healthy) VALUES
    (10, 1, 0, 'g10', 'H800', 80000, true), (11, 1, 1, 'g11', 'H800', 80000, true),
    (12, 1, 2, 'g12', 'H800', 80000, false), (13, 1, 3, 'g13', 'H800', 80000, true),
    (20, 2, 0, 'g20', 'H800', 80000, true), (30, 3, 0, 'g30', 'H800', 80000, true),
    (40, 4, 0, 'g40', 'H800', 80000, true)`);
  await sql(`INSERT INTO team (id, name) VALUES (1, 'llm'), (2, 'vision')`);
  await sql(`INSERT INTO project (id, team_id, name) VALUES (1, 1, 'pretrain'), (2, 2, 'detect')`);
  await sql(`INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested, submitted_at) VALUES
    (1, 1, 'j1', 'train-a', 'training', 1, 1, 'running', 'healthy', 2, '2026-11-25T00:00Z'),
    (2, 1, 'j2', 'eval-b', 'evaluation', 2, 2, 'succeeded', 'succeeded', 1, '2026-11-25T00:00Z')`);
  // train-a holds g10 and g11 now; eval-b held g11 from 06:00 to 07:00 and g13 from 09:50 to 10:10.
  await sql(`INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES
    (1, 10, '2026-11-25T08:00Z', NULL), (1, 11, '2026-11-25T08:00Z', NULL),
    (2, 11, '2026-11-25T06:00Z', '2026-11-25T07:00Z'), (2, 13, '2026-11-25T09:50Z', '2026-11-25T10:10Z')`);
  await sql(`SELECT fleet_ensure_sample_partitions('2026-11-25', '2026-11-26')`);
  // The latest minute is 10:29 (from pool_minute). g11 is throttled then; g13 has no sample at 10:29.
  await sql(`INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w) VALUES
    (1, '2026-11-25T10:28Z', 5, 4, 2, 150, 0), (1, '2026-11-25T10:29Z', 5, 4, 2, 150, 0)`);
  await sql(`INSERT INTO gpu_sample (gpu_id, ts, util, fb_used_mib, power_w, temp_c, xid, throttled) VALUES
    (10, '2026-11-25T10:29Z', 90, 40000, 600, 70, 0, false),
    (11, '2026-11-25T10:29Z', 60, 20000, 500, 88, 0, true),
    (12, '2026-11-25T10:29Z', 0, 0, 80, 40, 79, false),
    (20, '2026-11-25T10:29Z', 0, 0, 70, 35, 0, false),
    (10, '2026-11-25T10:20Z', 80, 40000, 500, 60, 0, false),
    (10, '2026-11-25T10:21Z', 100, 40000, 700, 80, 0, false),
    (10, '2026-11-25T10:24Z', 50, 60000, 400, 65, 0, false),
    (11, '2026-11-25T10:21Z', 40, 10000, 300, 50, 0, true)`);
  // Each GPU's latest reading, as the collector keeps it: the 10:29 samples, and g13's last, at 10:20 (it has not
  // reported since: silent on a live node). n3 (down) never reported.
  await sql(`INSERT INTO gpu_latest (gpu_id, ts, util, fb_used_mib, fb_free_mib, fb_reserved_mib, power_w, temp_c, xid, throttled, job_id) VALUES
    (10, '2026-11-25T10:29Z', 90, 40000, 39500, 500, 600.4, 70, 0, false, 1),
    (11, '2026-11-25T10:29Z', 60, 20000, NULL, NULL, 500, 88, 0, true, 1),
    (12, '2026-11-25T10:29Z', 0, 0, NULL, NULL, 80, 40, 79, false, NULL),
    (13, '2026-11-25T10:20Z', 3, 500, NULL, NULL, 61.5, 31, 0, false, NULL),
    (20, '2026-11-25T10:29Z', 0, 0, NULL, NULL, 70, 35, 0, false, NULL)`);
  // Hourly rollups for 08:00 and 09:00 (minute samples there have aged out); 10:00 has minute samples.
  await sql(`INSERT INTO gpu_sample_hourly (gpu_id, hour, minutes, util_avg, util_min, fb_used_max, power_avg, temp_max, throttled_minutes) VALUES
    (10, '2026-11-25T08:00Z', 60, 70, 10, 30000, 450, 66, 0),
    (10, '2026-11-25T09:00Z', 30, 20, 0, 50000, 200, 61, 0),
    (10, '2026-11-25T10:00Z', 10, 99, 99, 99999, 999, 99, 0)`);
  // n1: a warning XID on g13 at 10:00 (in the last hour), a fatal XID 79 on g12 at 09:30; n2: one at 07:00.
  await sql(`INSERT INTO gpu_fault (node_id, gpu_id, at, kind, code, fatal, message) VALUES
    (1, 13, '2026-11-25T10:00Z', 'xid', 31, false, NULL),
    (1, 12, '2026-11-25T09:30Z', 'xid', 79, true, 'fell off the bus'),
    (2, 20, '2026-11-25T07:00Z', 'xid', 13, false, NULL)`);
  // n2: ready since before the range, cordoned at 09:00.
  await sql(`INSERT INTO node_state_change (node_id, at, "from", "to", reason) VALUES
    (2, '2026-11-20T00:00Z', NULL, 'ready', NULL), (2, '2026-11-25T09:00Z', 'ready', 'cordoned', 'XID 79')`);
  await sql(
    `INSERT INTO data_source (name, kind, last_success_at, data_until) VALUES ('demo-h800', 'simulator', '2026-11-25T10:29:55Z', '2026-11-25T10:29:30Z')`,
  );
}

describe('getFleetMap', () => {
  it('lists every GPU of every node not retired, by pool name, hostname and index, with its latest reading', async () => {
    const map = await getFleetMap(NOW);
    expect(map.asOf).toBe('2026-11-25T10:29:00.000Z');
    expect(map.pools.map((pool) => pool.name)).toEqual(['a-spot', 'b-reserved']);
    expect(map.nodes.map((node) => node.hostname)).toEqual(['n3', 'n1', 'n2']);
    const gpus = map.gpus.node.map((node, i) => `${map.nodes[node].hostname}/${map.gpus.index[i]}`);
    expect(gpus).toEqual(['n3/0', 'n1/0', 'n1/1', 'n1/2', 'n1/3', 'n2/0']);
    expect(map.teams).toEqual(['llm', 'vision']);
  });

  it('gives each GPU its condition, first match wins', async () => {
    const map = await getFleetMap(NOW);
    const conditions = map.gpus.condition.map((c) => map.conditions[c]);
    // n3 down; g10 busy; g11 throttled (though allocated); g12 fatal; g13 not reporting since 10:20, past the
    // 120 s stale limit (its XID 31 is outranked); n2 cordoned.
    expect(conditions).toEqual(['down', 'busy', 'throttled', 'fatal', 'no_data', 'cordoned']);
  });

  it('carries each GPU’s latest reading and its time, memory as a percent of the GPU, and the current job', async () => {
    const map = await getFleetMap(NOW);
    // g13's reading is its last, from 10:20: shown with its time, never as "no reading" nor as 0.
    expect(map.gpus.util).toEqual([null, 90, 60, 0, 3, 0]);
    expect(map.gpus.memory).toEqual([null, 50, 25, 0, 0.6, 0]); // 40000, 20000 and 500 of 80000 MiB
    expect(map.gpus.tempC).toEqual([null, 70, 88, 40, 31, 35]);
    expect(map.gpus.powerW).toEqual([null, 600.4, 500, 80, 61.5, 70]);
    const at = (iso: string) => Date.parse(iso) / 1000;
    expect(map.gpus.readingAt).toEqual([
      null,
      at('2026-11-25T10:29Z'),
      at('2026-11-25T10:29Z'),
      at('2026-11-25T10:29Z'),
      at('2026-11-25T10:20Z'),
      at('2026-11-25T10:29Z'),
    ]);
    expect(map.gpus.xid).toEqual([0, 0, 0, 79, 0, 0]);
    const jobs = map.gpus.job.map((j) => (j < 0 ? null : map.jobs[j].name));
    expect(jobs).toEqual([null, 'train-a', 'train-a', null, null, null]); // eval-b's allocations are closed
    expect(map.jobs[0]).toMatchObject({ team: 'llm', project: 'pretrain', health: 'healthy' });
    expect(map.freshness.source).toBe('simulator');
  });

  it('marks a warning XID of the last hour when nothing outranks it', async () => {
    await sql(`UPDATE gpu_latest SET ts = '2026-11-25T10:29Z', util = 0 WHERE gpu_id = 13`);
    try {
      const map = await getFleetMap(NOW);
      expect(map.conditions[map.gpus.condition[4]]).toBe('xid');
      // An hour later, with a reading of then, the XID is history: the GPU is idle again.
      await sql(`UPDATE gpu_latest SET ts = '2026-11-25T11:01Z' WHERE gpu_id = 13`);
      const later = await getFleetMap(new Date('2026-11-25T11:01:00Z'));
      expect(later.conditions[later.gpus.condition[4]]).toBe('idle');
    } finally {
      await sql(`UPDATE gpu_latest SET ts = '2026-11-25T10:20Z', util = 3 WHERE gpu_id = 13`);
    }
  });

  it('shows a node whose GPUs have all gone silent as not reporting, since its newest reading', async () => {
    const now = await getFleetMap(NOW);
    expect(now.nodes.map((node) => [node.hostname, node.silence])).toEqual([
      ['n3', { silent: true, since: null }], // down: it never reported, and its state says why
      ['n1', { silent: false, since: null }], // g13 is silent, the rest of n1 reports
      ['n2', { silent: false, since: null }],
    ]);
    // At 10:35 nothing has reported for 6 minutes, past the 120 s stale limit: every node is silent.
    const later = await getFleetMap(new Date('2026-11-25T10:35:00Z'));
    expect(later.nodes.map((node) => [node.hostname, node.silence])).toEqual([
      ['n3', { silent: true, since: null }],
      ['n1', { silent: true, since: '2026-11-25T10:29:00.000Z' }],
      ['n2', { silent: true, since: '2026-11-25T10:29:00.000Z' }],
    ]);
    expect(later.conditions[later.gpus.condition[1]]).toBe('no_data');
  });

  it('answers the route for a viewer, and 401 without a session', async () => {
    session.user = { id: 1, email: 'v@x', name: 'V', role: 'viewer' };
    const ok = await getMapRoute(new Request('http://x/api/fleet/map'));
    expect(ok.status).toBe(200);
    expect((await ok.json()).gpus.node).toHaveLength(6);
    session.user = null;
    expect((await getMapRoute(new Request('http://x/api/fleet/map'))).status).toBe(401);
  });
});

describe('getNode', () => {
  const RANGE = { from: new Date('2026-11-25T04:30:00Z'), to: NOW };

  it('returns null for a node that does not exist', async () => {
    expect(await getNode(999, RANGE, NOW)).toBeNull();
  });

  it('lists its GPUs with the latest readings, the current job and minutes throttled in the range', async () => {
    const node = (await getNode(1, RANGE, NOW))!;
    expect(node).toMatchObject({
      hostname: 'n1',
      state: 'ready',
      pool: { name: 'b-reserved', pricingClass: 'reserved' },
    });
    expect(
      node.gpus.map((gpu) => [gpu.index, gpu.util, gpu.healthy, gpu.job?.name ?? null, gpu.throttledMinutes]),
    ).toEqual([
      [0, 90, true, 'train-a', 0],
      [1, 60, true, 'train-a', 2], // 10:21 and 10:29
      [2, 0, false, null, 0],
      [3, 3, true, null, 0],
    ]);
    expect(node.gpus.map((gpu) => gpu.readingAt?.slice(11, 16))).toEqual(['10:29', '10:29', '10:29', '10:20']);
    expect(node.gpus[0]).toMatchObject({ powerW: 600.4, fbUsedMib: 40000, fbFreeMib: 39500, fbReservedMib: 500 });
    expect(node.asOf).toBe('2026-11-25T10:29:00.000Z');
    expect(node.silence).toEqual({ silent: false, since: null });
    const later = (await getNode(1, RANGE, new Date('2026-11-25T10:35:00Z')))!;
    expect(later.silence).toEqual({ silent: true, since: '2026-11-25T10:29:00.000Z' });
  });

  it('buckets the series: 6 h gives 2-minute buckets, hours before the first minute sample come from the rollup', async () => {
    const node = (await getNode(1, RANGE, NOW))!;
    expect(node.series.bucketSeconds).toBe(120);
    const g10 = node.series.t.map((t, b) => [new Date(t).toISOString().slice(11, 16), node.series.util[0][b]]);
    // Rollup hours 08:00 and 09:00 (10:00 has minute samples, so its rollup row is not used); then the 10:20
    // bucket = mean(80, 100) = 90, 10:24 = 50, 10:28 = 90. GPU 1's 10:20 bucket = 40.
    expect(g10.filter(([, util]) => util !== null)).toEqual([
      ['08:00', 70],
      ['09:00', 20],
      ['10:20', 90],
      ['10:24', 50],
      ['10:28', 90],
    ]);
    const at1020 = node.series.t.indexOf(Date.parse('2026-11-25T10:20:00Z'));
    expect(node.series.util[1][at1020]).toBe(40);
    expect(node.series.powerW[0][at1020]).toBe(600); // mean(500, 700)
    expect(node.series.tempC[0][at1020]).toBe(80); // max
    expect(node.series.fbUsedGib[0][node.series.t.indexOf(Date.parse('2026-11-25T09:00:00Z'))]).toBe(48.8); // 50000 MiB
  });

  it('uses only the hourly rollup for a 7-day range', async () => {
    const node = (await getNode(1, { from: new Date('2026-11-18T10:30:00Z'), to: NOW }, NOW))!;
    expect(node.series.bucketSeconds).toBeGreaterThanOrEqual(3600);
    expect(node.series.util[0].filter((v) => v !== null)).toHaveLength(3); // 08:00, 09:00, 10:00 rollups
  });

  it('lists faults newest first with what each XID means, and the jobs that ran on it', async () => {
    const node = (await getNode(1, RANGE, NOW))!;
    expect(node.faults.map((fault) => [fault.gpuIndex, fault.code, fault.fatal, fault.severity])).toEqual([
      [3, 31, false, 'warning'],
      [2, 79, true, 'fatal'],
    ]);
    expect(node.faults[1].meaning).toMatch(/fallen off the bus/i);
    expect(node.jobs.map((job) => [job.name, job.gpus, job.from, job.to])).toEqual([
      ['train-a', 2, '2026-11-25T08:00:00.000Z', null],
      ['eval-b', 2, '2026-11-25T06:00:00.000Z', '2026-11-25T10:10:00.000Z'],
    ]);
  });

  it('tells the state history as spans, starting with the state the range began in', async () => {
    const node = (await getNode(2, RANGE, NOW))!;
    expect(node.states).toEqual([
      { state: 'ready', reason: null, from: '2026-11-20T00:00:00.000Z', to: '2026-11-25T09:00:00.000Z' },
      { state: 'cordoned', reason: 'XID 79', from: '2026-11-25T09:00:00.000Z', to: null },
    ]);
    // A node with no recorded change has been in its state since it appeared.
    expect((await getNode(1, RANGE, NOW))!.states).toEqual([
      { state: 'ready', reason: null, from: '2026-11-25T08:00:00.000Z', to: null },
    ]);
  });

  it('answers the route with 404 for an unknown node and 422 for a bad range', async () => {
    session.user = { id: 1, email: 'v@x', name: 'V', role: 'viewer' };
    const call = (id: string, query = '') =>
      getNodeRoute(new Request(`http://x/api/nodes/${id}${query}`), { params: Promise.resolve({ id }) });
    expect((await call('999')).status).toBe(404);
    expect((await call('abc')).status).toBe(404);
    const bad = await call('1', '?from=yesterday&to=now');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('invalid_range');
    expect((await call('1', '?range=6h')).status).toBe(200);
  });
});

describe('getNodeSeries', () => {
  const RANGE = { from: new Date('2026-11-25T04:30:00Z'), to: NOW };

  it("answers the node page's series alone, with its GPUs' indexes in the rows' order", async () => {
    const chart = (await getNodeSeries(1, RANGE))!;
    const node = (await getNode(1, RANGE, NOW))!;
    expect(chart.gpus).toEqual([0, 1, 2, 3]);
    expect(chart.series).toEqual(node.series);
    // As on the page: GPU 0's 10:20 bucket = mean(80, 100) = 90, power mean(500, 700) = 600, temperature max 80.
    const at1020 = chart.series.t.indexOf(Date.parse('2026-11-25T10:20:00Z'));
    expect([chart.series.util[0][at1020], chart.series.powerW[0][at1020], chart.series.tempC[0][at1020]]).toEqual([
      90, 600, 80,
    ]);
  });

  it('tells an unknown node (null) from a node with no readings in the range (no data, never zero)', async () => {
    expect(await getNodeSeries(999, RANGE)).toBeNull();
    // n4 (retired) still has its GPU 40, with no reading at all.
    const n4 = (await getNodeSeries(4, RANGE))!;
    expect(n4.gpus).toEqual([0]);
    expect(n4.series.util[0].every((v) => v === null)).toBe(true);
  });

  it('answers the route: 401 without a session, 404 for an unknown node, 422 for a bad range', async () => {
    const get = (id: string, query = '') =>
      getNodeSeriesRoute(new Request(`http://x/api/nodes/${id}/series${query}`), {
        params: Promise.resolve({ id }),
      });
    session.user = null;
    expect((await get('1', '?range=6h')).status).toBe(401);
    session.user = { id: 1, email: 'v@x', name: 'V', role: 'viewer' };
    expect((await get('999')).status).toBe(404);
    expect((await get('abc')).status).toBe(404);
    // Past the largest id PostgreSQL's integer holds: no such node, not a database error.
    expect((await get('2147483648')).status).toBe(404);
    const bad = await get('1', '?range=2w');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('invalid_range');
    const ok = await get('1', `?from=${RANGE.from.toISOString()}&to=${NOW.toISOString()}`);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.gpus).toEqual([0, 1, 2, 3]);
    expect(body.series.bucketSeconds).toBe(120);
  });
});
