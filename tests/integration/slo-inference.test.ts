// Inference availability read from (a fake) Prometheus by the worker, and what the SLO pages' queries make of
// every SLO: measured, not measured and why, disabled; one SLO's history and burn rates.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSlo, getSlos } from '@/lib/queries/slos';
import { sloStatus } from '@/lib/queries/overview/slos';
import { evaluateSlos } from '@/lib/worker/slo';
import { RequestCounterApi } from '../fakes/slo-requests';

const T = new Date('2026-11-25T12:00:00Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);
const ids: Record<string, number> = {};
let pool: pg.Pool;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  await pool.query(`
    INSERT INTO cluster (id, name, scheduler) VALUES (1, 'c', 'simulator');
    INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES (1, 1, 'p', 'H800', 'reserved', 13);`);
  await pool.query(
    `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
     SELECT 1, $1::timestamptz - make_interval(mins => m), 100, 100, 0, 0, 0 FROM generate_series(-5, 59) AS m`,
    [T],
  );
  const { rows } = await pool.query(
    `INSERT INTO slo (name, kind, target, window_days, enabled, config) VALUES
       ('GPU availability', 'gpu_availability', 0.999, 1, true, NULL),
       ('GPU availability, 30 d', 'gpu_availability', 0.999, 30, true, NULL),
       ('Chat API', 'inference_availability', 0.999, 30, true,
        '{"goodQuery": "http_requests_total{job=\\"chat\\",code!~\\"5..\\"}", "totalQuery": "http_requests_total{job=\\"chat\\"}"}'),
       ('Search API', 'inference_availability', 0.999, 30, true, NULL),
       ('Old', 'gpu_availability', 0.99, 7, false, NULL)
     RETURNING id, name`,
  );
  for (const row of rows) ids[row.name] = row.id;
});
afterAll(() => pool.end());

const byName = async (now: Date) => new Map((await getSlos(now)).slos.map((slo) => [slo.name, slo]));

describe('inference availability', () => {
  it('is not measured without a Prometheus or without queries, and says why, never 100%', async () => {
    expect(await evaluateSlos(pool, T, { prometheus: null })).toBe(2);
    const slos = await byName(T);
    expect(slos.get('Chat API')).toMatchObject({
      state: 'not_measured',
      notMeasuredReason: 'No Prometheus is configured: set PROMETHEUS_URL for the worker.',
      latest: null,
      budgetLeft: null,
      alerts: [],
    });
    expect(slos.get('Search API')).toMatchObject({
      state: 'not_measured',
      notMeasuredReason: 'It names no PromQL for its good and total requests: an admin adds them.',
      latest: null,
      queries: null,
    });
    expect(slos.get('Old')).toMatchObject({ state: 'disabled', latest: null, notMeasuredReason: null });
    // GPU availability over a day: 60 whole minutes of 100 GPUs, 60 / 1,440 = 4.2% of the window measured (1% is
    // needed), nothing spent of 0.1% x 1,440 = 1.44 min.
    expect(slos.get('GPU availability')).toMatchObject({
      state: 'measured',
      latest: { sli: 1, budgetRemaining: 1, good: 6000, total: 6000 },
      budgetLeft: { unit: 'minutes', left: 1.44, budget: 1.44 },
    });
    // The same hour of a 30-day window: 60 / 43,200 = 0.138% measured, under the 1% (7 h 12 min) a figure needs.
    const sliver =
      'So far 0.13% of the window measured: its SLI and error budget are shown once 1% of its 30-day window (7 h 12 min) is.';
    expect(slos.get('GPU availability, 30 d')).toMatchObject({
      state: 'not_measured',
      notMeasuredReason: sliver,
      latest: null,
      budgetLeft: null,
    });
    const overview = await sloStatus();
    expect(overview.find((slo) => slo.name === 'Chat API')!.latest).toBeNull();
    expect(overview.find((slo) => slo.name === 'GPU availability, 30 d')).toMatchObject({
      latest: null,
      notMeasured: sliver,
    });
    expect(overview.find((slo) => slo.name === 'GPU availability')!.latest).toMatchObject({
      sli: 1,
      budgetRemaining: 1,
    });
  });

  it('counts good over all requests of every window from Prometheus', async () => {
    // 1,000 requests a minute, 999.5 good: SLI 99.95% over 30 d (43,200,000 requests), half the budget of
    // 43,200 bad requests left; a burn rate of 0.5 in every window, so no alert.
    const api = new RequestCounterApi({ good: 999.5, total: 1000 });
    expect(await evaluateSlos(pool, at(1), { prometheus: api })).toBe(3);
    expect(api.calls.every((call) => call.start === at(1).getTime())).toBe(true);
    const chat = (await byName(at(1))).get('Chat API')!;
    expect(chat.state).toBe('measured');
    expect(chat.queries).toEqual({
      goodQuery: 'http_requests_total{job="chat",code!~"5.."}',
      totalQuery: 'http_requests_total{job="chat"}',
    });
    expect(chat.latest).toMatchObject({ at: at(1).toISOString(), good: 43_178_400, total: 43_200_000 });
    expect(chat.latest!.sli).toBeCloseTo(0.9995, 12);
    expect(chat.latest!.budgetRemaining).toBeCloseTo(0.5, 9);
    expect(chat.budgetLeft!.unit).toBe('requests');
    expect(chat.budgetLeft!.budget).toBeCloseTo(43_200, 6);
    expect(chat.budgetLeft!.left).toBeCloseTo(21_600, 3);
    expect(
      chat.burnRates.map((pair) => [pair.longWindowMinutes, pair.shortWindowMinutes, pair.threshold, pair.firing]),
    ).toEqual([
      [60, 5, 14.4, false],
      [360, 30, 6, false],
      [4320, 360, 1, false],
    ]);
    for (const pair of chat.burnRates) {
      expect(pair.longBurnRate).toBeCloseTo(0.5, 9);
      expect(pair.shortBurnRate).toBeCloseTo(0.5, 9);
    }
    expect(chat.alerts).toEqual([]);
  });

  it('asks Prometheus once a minute however often the worker ticks', async () => {
    const api = new RequestCounterApi({ good: 999.5, total: 1000 });
    await evaluateSlos(pool, new Date(at(1).getTime() + 30_000), { prometheus: api });
    expect(api.calls).toEqual([]);
  });

  it('hides its last figures once Prometheus cannot be read, and says so', async () => {
    const api = new RequestCounterApi({ good: 999.5, total: 1000 });
    api.failure = new Error('Prometheus at http://prometheus:9090 did not answer within 10 s');
    await evaluateSlos(pool, at(2), { prometheus: api });
    const chat = (await byName(at(2))).get('Chat API')!;
    expect(chat).toMatchObject({
      state: 'not_measured',
      notMeasuredReason:
        'Prometheus could not be read: Prometheus at http://prometheus:9090 did not answer within 10 s',
      latest: null,
    });
  });
});

describe('one SLO’s page', () => {
  it('has the SLI, the budget and each window’s burn rate over the range', async () => {
    const detail = (await getSlo(ids['Chat API'], { from: at(-60), to: at(3), preset: null }, at(3)))!;
    // 63 minutes in 1-minute buckets; the only snapshot (T+1) falls in its own.
    expect(detail.history.bucketSeconds).toBe(60);
    expect(detail.history.sli.filter((value) => value !== null)).toHaveLength(1);
    const snapshot = detail.history.t.indexOf(at(1).getTime());
    expect(detail.history.sli[snapshot]).toBeCloseTo(0.9995, 12);
    expect(detail.history.budget[snapshot]).toBeCloseTo(0.5, 9);
    // 63 minutes in 1-minute buckets.
    expect(detail.burn.range.bucketSeconds).toBe(60);
    const index = detail.burn.t.indexOf(at(1).getTime());
    expect(Object.keys(detail.burn.byWindow)).toEqual(['5', '30', '60', '360', '4320']);
    expect(detail.burn.byWindow['5'][index]).toBeCloseTo(0.5, 9);
    expect(detail.burn.byWindow['4320'][index]).toBeCloseTo(0.5, 9);
    expect(detail.burn.byWindow['5'][index - 1]).toBeNull();

    const gpu = (await getSlo(ids['GPU availability'], { from: at(-60), to: at(3), preset: null }, at(3)))!;
    // Three snapshots, at T, T+1 and T+2: all 100%, the burn rate of every window 0.
    expect(gpu.burn.byWindow['60'].filter((value) => value !== null)).toEqual([0, 0, 0]);
    expect(await getSlo(9999, { from: at(-60), to: at(3), preset: null }, at(3))).toBeNull();
  });
});
