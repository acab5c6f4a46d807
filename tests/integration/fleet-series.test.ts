// The fleet chart over a week: hourly sums kept from pool_minute (pool_hour), whole hours read from them and the
// part-hours at the range's ends from the minutes, every figure worked out by hand below. Then the charts a process
// keeps: current after every kind of write, per cluster, unknown minutes still unknown.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());

const { getFleetSeries } = await import('@/lib/queries/fleet/series');
const { fleetSeries } = await import('@/lib/queries/overview/series');
const { GET } = await import('@/app/api/fleet/series/route');

// A week ending mid-hour: hourly buckets from 2026-11-18 10:00 to 2026-11-25 10:00, 169 of them.
const FROM = new Date('2026-11-18T10:30:00Z');
const TO = new Date('2026-11-25T10:30:00Z');

let client: pg.Client;
const sql = (text: string, params: unknown[] = []) => client.query(text, params);
const hours = async () =>
  (
    await sql(
      `SELECT pool_id, hour, minutes, provisioned_gpus::int AS provisioned, healthy_gpus::int AS healthy,
              allocated_gpus::int AS allocated, util_sum, power_sum_w FROM pool_hour ORDER BY hour, pool_id`,
    )
  ).rows.map((row) => ({ ...row, hour: (row.hour as Date).toISOString() }));

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'test', 'simulator')`);
  await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES
    (1, 1, 'h800-reserved', 'H800', 'reserved', 2), (2, 1, 'a100-spot', 'A100', 'spot', 1)`);
  // Minutes (provisioned, healthy, allocated, util_sum, power):
  //   11-18 10:00 pool 1 (16, 16, 16, 1600): in the first hour, but before the range starts (10:30)
  //   11-18 10:45 pool 1 (16, 16, 8, 400):   in the range's first, part hour
  //   11-20 12:00 pool 1 (16, 16, 10, 500), 12:01 pool 1 (16, 14, 12, 720), 12:30 pool 2 (8, 8, 8, 800): a whole hour
  //   11-25 10:10 pool 1 (16, 16, 4, 100):   in the range's last, part hour
  //   11-25 10:40 pool 1 (16, 16, 16, 1600): in the last hour, after the range ends (10:30)
  await sql(`INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w) VALUES
    (1, '2026-11-18T10:00Z', 16, 16, 16, 1600, 5000), (1, '2026-11-18T10:45Z', 16, 16, 8, 400, 4000),
    (1, '2026-11-20T12:00Z', 16, 16, 10, 500, 4500), (1, '2026-11-20T12:01Z', 16, 14, 12, 720, 4600),
    (2, '2026-11-20T12:30Z', 8, 8, 8, 800, 3000),
    (1, '2026-11-25T10:10Z', 16, 16, 4, 100, 3500), (1, '2026-11-25T10:40Z', 16, 16, 16, 1600, 5000)`);
});
afterAll(() => client.end());

describe('pool_hour', () => {
  it('holds the sums of each pool-hour of pool_minute, whatever inserted them', async () => {
    expect(await hours()).toEqual([
      // 10:00 + 10:45: provisioned 32, healthy 32, allocated 24, util 2000, power 9000
      {
        pool_id: 1,
        hour: '2026-11-18T10:00:00.000Z',
        minutes: 2,
        provisioned: 32,
        healthy: 32,
        allocated: 24,
        util_sum: 2000,
        power_sum_w: 9000,
      },
      // 12:00 + 12:01: provisioned 32, healthy 30, allocated 22, util 1220, power 9100
      {
        pool_id: 1,
        hour: '2026-11-20T12:00:00.000Z',
        minutes: 2,
        provisioned: 32,
        healthy: 30,
        allocated: 22,
        util_sum: 1220,
        power_sum_w: 9100,
      },
      {
        pool_id: 2,
        hour: '2026-11-20T12:00:00.000Z',
        minutes: 1,
        provisioned: 8,
        healthy: 8,
        allocated: 8,
        util_sum: 800,
        power_sum_w: 3000,
      },
      // 10:10 + 10:40: provisioned 32, healthy 32, allocated 20, util 1700, power 8500
      {
        pool_id: 1,
        hour: '2026-11-25T10:00:00.000Z',
        minutes: 2,
        provisioned: 32,
        healthy: 32,
        allocated: 20,
        util_sum: 1700,
        power_sum_w: 8500,
      },
    ]);
  });

  it('sums an hour again when one of its minutes is rewritten', async () => {
    await sql(
      `UPDATE pool_minute SET allocated_gpus = 6, util_sum = 300 WHERE pool_id = 1 AND ts = '2026-11-25T10:10Z'`,
    );
    await sql(`INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
               VALUES (1, '2026-11-25T10:40Z', 16, 16, 8, 200, 5000)
               ON CONFLICT (pool_id, ts) DO UPDATE SET allocated_gpus = EXCLUDED.allocated_gpus, util_sum = EXCLUDED.util_sum`);
    // 10:10 now (16, 16, 6, 300) and 10:40 (16, 16, 8, 200): allocated 14, util 500
    expect((await hours()).at(-1)).toMatchObject({ minutes: 2, provisioned: 32, allocated: 14, util_sum: 500 });
  });
});

describe('getFleetSeries over a week', () => {
  it('buckets by the hour, reading only the minutes of the range at its part-hour ends', async () => {
    const { range, points } = await getFleetSeries({ from: FROM, to: TO });
    expect(range.bucketSeconds).toBe(3600);
    expect(points).toHaveLength(169);
    expect(points[0].t).toBe(Date.parse('2026-11-18T10:00Z'));
    const byTime = new Map(points.map((point) => [new Date(point.t).toISOString(), point]));
    // First bucket: only 10:45 (10:00 is before the range): allocation 8/16, utilization 400/8/100, healthy 16/16.
    expect(byTime.get('2026-11-18T10:00:00.000Z')).toEqual({
      t: Date.parse('2026-11-18T10:00Z'),
      allocation: 0.5,
      utilization: 0.5,
      healthy: 1,
    });
    // A whole hour, both pools: provisioned 32 + 8 = 40, healthy 38, allocated 30, util 2020.
    const whole = byTime.get('2026-11-20T12:00:00.000Z')!;
    expect(whole.allocation).toBeCloseTo(30 / 40, 12);
    expect(whole.utilization).toBeCloseTo(2020 / 30 / 100, 12);
    expect(whole.healthy).toBeCloseTo(38 / 40, 12);
    // Last bucket: only 10:10 (10:40 is after the range), as rewritten above: allocation 6/16, utilization 300/6/100.
    expect(byTime.get('2026-11-25T10:00:00.000Z')).toEqual({
      t: Date.parse('2026-11-25T10:00Z'),
      allocation: 0.375,
      utilization: 0.5,
      healthy: 1,
    });
    // Every other hour has no minute: no data, never zero.
    expect(points.filter((point) => point.allocation !== null)).toHaveLength(3);
  });

  it('reads minutes for buckets under an hour, as the overview does', async () => {
    const { range, points } = await getFleetSeries({ from: new Date('2026-11-25T09:30Z'), to: TO });
    expect(range.bucketSeconds).toBe(60);
    // 10:10 alone in its minute: allocation 6/16.
    expect(points.find((point) => point.t === Date.parse('2026-11-25T10:10Z'))?.allocation).toBe(0.375);
    expect(points.filter((point) => point.allocation !== null)).toHaveLength(1);
  });
});

describe('GET /api/fleet/series', () => {
  const get = (query: string) => GET(new Request(`http://console.test/api/fleet/series?${query}`));

  it('answers 401 without a session', async () => {
    session.user = null;
    expect((await get('range=7d')).status).toBe(401);
  });

  it('answers 422 for a range it cannot read', async () => {
    session.user = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' };
    const response = await get('range=2w');
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe('invalid_range');
  });

  it('answers the chart of a custom range as JSON', async () => {
    session.user = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' };
    const response = await get(`from=${FROM.toISOString()}&to=${TO.toISOString()}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.range).toEqual({ from: FROM.toISOString(), to: TO.toISOString(), bucketSeconds: 3600 });
    expect(body.points).toHaveLength(169);
  });
});

describe('the charts a process keeps', () => {
  // An hour in minute buckets (60 points) on 2026-12-01, away from the week above, with a second cluster.
  const HOUR = { from: new Date('2026-12-01T10:00Z'), to: new Date('2026-12-01T11:00Z') };
  const at = (points: readonly { t: number }[], iso: string) => points.find((p) => p.t === Date.parse(iso));
  const unknown = { allocation: null, utilization: null, healthy: null };
  const minute = (pool: number, ts: string, [provisioned, healthy, allocated, util]: number[]) =>
    sql(
      `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
       VALUES ($1, $2, $3, $4, $5, $6, 0)`,
      [pool, ts, provisioned, healthy, allocated, util],
    );

  beforeAll(async () => {
    await sql(`INSERT INTO cluster (id, name, scheduler) VALUES (2, 'east', 'simulator')`);
    await sql(`INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES
      (3, 2, 'east-h100', 'H100', 'reserved', 1)`);
    await minute(1, '2026-12-01T10:00Z', [16, 16, 8, 400]);
    await minute(3, '2026-12-01T10:00Z', [8, 8, 8, 800]);
  });

  it('shows a new minute as soon as it is written, and keeps a minute with no data unknown', async () => {
    const before = (await getFleetSeries(HOUR)).points;
    expect(before).toHaveLength(60);
    // 10:00, both pools: allocated 8 + 8 of 16 + 8, utilization (400 + 800) / 16 GPUs / 100, all healthy.
    expect(at(before, '2026-12-01T10:00Z')).toEqual({
      t: Date.parse('2026-12-01T10:00Z'),
      allocation: 16 / 24,
      utilization: 0.75,
      healthy: 1,
    });
    expect(at(before, '2026-12-01T10:01Z')).toMatchObject(unknown);

    await minute(1, '2026-12-01T10:01Z', [16, 12, 16, 1600]);
    const after = (await getFleetSeries(HOUR)).points;
    // 10:01, pool 1 alone: all 16 allocated at 100%, 12 of 16 healthy.
    expect(at(after, '2026-12-01T10:01Z')).toMatchObject({ allocation: 1, utilization: 1, healthy: 0.75 });
    expect(at(after, '2026-12-01T10:00Z')).toEqual(at(before, '2026-12-01T10:00Z'));
    // No other minute was written: the rest of the hour is still unknown, not zero.
    expect(after.filter((p) => p.allocation === null)).toHaveLength(58);
  });

  it('shows a minute one cluster writes late, behind another cluster’s newest, and a rewritten minute', async () => {
    await minute(1, '2026-12-01T10:02Z', [16, 16, 16, 800]);
    expect(at((await getFleetSeries(HOUR)).points, '2026-12-01T10:02Z')).toMatchObject({ utilization: 0.5 });
    // East's 10:01 arrives after test's 10:02: (16 + 8) provisioned, 12 + 4 healthy, 16 + 0 allocated, util 1600.
    await minute(3, '2026-12-01T10:01Z', [8, 4, 0, 0]);
    expect(at((await getFleetSeries(HOUR)).points, '2026-12-01T10:01Z')).toMatchObject({
      allocation: 16 / 24,
      utilization: 1,
      healthy: 16 / 24,
    });
    // 10:00 rewritten for pool 1 (all 16 at 100%): allocated 16 + 8 of 24, utilization (1600 + 800) / 24 / 100.
    await sql(
      `UPDATE pool_minute SET allocated_gpus = 16, util_sum = 1600 WHERE pool_id = 1 AND ts = '2026-12-01T10:00Z'`,
    );
    expect(at((await getFleetSeries(HOUR)).points, '2026-12-01T10:00Z')).toMatchObject({
      allocation: 1,
      utilization: 1,
    });
    // Deleted: 10:02 unknown again.
    await sql(`DELETE FROM pool_minute WHERE pool_id = 1 AND ts = '2026-12-01T10:02Z'`);
    expect(at((await getFleetSeries(HOUR)).points, '2026-12-01T10:02Z')).toMatchObject(unknown);
  });

  it('keeps each cluster’s chart apart from the other’s and from the whole fleet’s', async () => {
    for (let round = 0; round < 2; round++) {
      const east = (await getFleetSeries(HOUR, { cluster: 'east' })).points;
      const all = (await getFleetSeries(HOUR)).points;
      const test = (await getFleetSeries(HOUR, { cluster: 'test' })).points;
      // East's 10:00 alone: 8 of 8 at 100%; its 10:01: none of 8 allocated (no utilization), 4 of 8 healthy.
      expect(at(east, '2026-12-01T10:00Z')).toMatchObject({ allocation: 1, utilization: 1, healthy: 1 });
      expect(at(east, '2026-12-01T10:01Z')).toMatchObject({ allocation: 0, utilization: null, healthy: 0.5 });
      // Test's 10:01 alone: 16 of 16 at 100%, 12 healthy.
      expect(at(test, '2026-12-01T10:01Z')).toMatchObject({ allocation: 1, utilization: 1, healthy: 0.75 });
      expect(at(all, '2026-12-01T10:01Z')).toMatchObject({ allocation: 16 / 24, healthy: 16 / 24 });
    }
  });

  it('answers what the overview computes for a range that starts and ends between minutes', async () => {
    // From 10:00:30: the bucket of 10:00 holds no whole minute of the range, so it is unknown although 10:00 has data.
    const odd = { from: new Date('2026-12-01T10:00:30Z'), to: new Date('2026-12-01T11:00:30Z') };
    const { points } = await getFleetSeries(odd);
    expect(points[0]).toEqual({ t: Date.parse('2026-12-01T10:00Z'), ...unknown });
    expect(points).toEqual(await fleetSeries(odd, 60));
    // A few seconds later, the same minutes: the same points.
    const later = { from: new Date('2026-12-01T10:00:45Z'), to: new Date('2026-12-01T11:00:45Z') };
    expect((await getFleetSeries(later)).points).toEqual(await fleetSeries(later, 60));
  });

  it('is current in every process that keeps it', async () => {
    vi.resetModules();
    const other = await import('@/lib/queries/fleet/series');
    expect(other.getFleetSeries).not.toBe(getFleetSeries);
    expect(at((await other.getFleetSeries(HOUR)).points, '2026-12-01T10:03Z')).toMatchObject(unknown);
    expect(at((await getFleetSeries(HOUR)).points, '2026-12-01T10:03Z')).toMatchObject(unknown);
    await minute(3, '2026-12-01T10:03Z', [8, 8, 4, 200]);
    // 10:03, east alone: 4 of 8 allocated at 50%.
    for (const series of [await other.getFleetSeries(HOUR), await getFleetSeries(HOUR)]) {
      expect(at(series.points, '2026-12-01T10:03Z')).toMatchObject({ allocation: 0.5, utilization: 0.5, healthy: 1 });
    }
  });

  it('answers 304 to a client that holds the current answer, and 200 once a minute changes it', async () => {
    session.user = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' };
    const url = `http://console.test/api/fleet/series?from=${HOUR.from.toISOString()}&to=${HOUR.to.toISOString()}`;
    const first = await GET(new Request(url));
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/".+"$/);
    // Where the time went, for the browser's network panel: the session check, then the work.
    expect(first.headers.get('server-timing')).toMatch(/^auth;dur=\d+\.\d, work;dur=\d+\.\d$/);
    const body = await first.json();
    expect(body.points).toHaveLength(60);
    expect(body.points[4]).toEqual({ t: Date.parse('2026-12-01T10:04Z'), ...unknown });

    const again = await GET(new Request(url, { headers: { 'if-none-match': etag } }));
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    await minute(1, '2026-12-01T10:04Z', [16, 16, 16, 1600]);
    const changed = await GET(new Request(url, { headers: { 'if-none-match': etag } }));
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).points[4]).toMatchObject({ allocation: 1, utilization: 1, healthy: 1 });
  });

  it('answers 422 for a cluster the console does not watch', async () => {
    session.user = { id: 1, name: 'Vera', email: 'viewer@fleet.local', role: 'viewer' };
    const response = await GET(new Request('http://console.test/api/fleet/series?range=24h&cluster=nowhere'));
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe('invalid_cluster');
  });
});
