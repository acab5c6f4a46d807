// Burn-rate alerts on a real database: the worker evaluates a 99.9% GPU-availability SLO over 30 days from
// pool_minute rows written by hand, and opens and resolves incidents as DOMAIN.md's table says. One pool of
// 1,000 GPUs for the last 3 days; minute k (relative to T, k <= 0 in the past) has bad(k) GPUs unhealthy.
// At 99.9% the allowed error ratio is 0.1%: a burn rate of 14.4 is an error ratio of 1.44%, 6 is 0.6%, 1 is 0.1%.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { evaluateSlos } from '@/lib/worker/slo';

const T = new Date('2026-11-25T12:00:00Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);
const GPUS = 1000;

let pool: pg.Pool;
let sloId: number;

/** Rewrites the rollup for minutes T-4319 .. T+5 (3 days up to T, and 5 minutes after). */
async function fleet(bad: (k: number) => number) {
  const ks = Array.from({ length: 4325 }, (_, i) => i - 4319);
  await pool.query('DELETE FROM pool_minute');
  await pool.query(
    `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
     SELECT 1, $1::timestamptz + make_interval(mins => k), $2, $2 - b, 0, 0, 0 FROM unnest($3::int[], $4::int[]) AS x(k, b)`,
    [T, GPUS, ks, ks.map(bad)],
  );
}

const incidents = () =>
  db.incident.findMany({ orderBy: { id: 'asc' }, include: { events: { orderBy: { id: 'asc' } } } });
const unresolved = async () => (await incidents()).filter((incident) => incident.state !== 'resolved');
const burnRatesAt = async (when: Date) =>
  (await pool.query(`SELECT burn_rates FROM slo_snapshot WHERE slo_id = $1 AND at = $2`, [sloId, when])).rows[0]
    .burn_rates as Record<string, number>;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  await pool.query(`INSERT INTO cluster (id, name, scheduler) VALUES (1, 'c', 'simulator')`);
  await pool.query(
    `INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES (1, 1, 'p', 'H800', 'reserved', 125)`,
  );
  const { rows } = await pool.query(
    `INSERT INTO slo (name, kind, target, window_days) VALUES ('GPU availability', 'gpu_availability', 0.999, 30) RETURNING id`,
  );
  sloId = rows[0].id;
});
afterAll(() => pool.end());

describe('the 1 h / 5 m page', () => {
  // 30 GPUs down in each of the last 5 minutes (150 GPU-min, 3% of the 5 m window) and 14 in the 51 minutes
  // before (714): 864 bad GPU-minutes in the hour, exactly 1.44% of 60,000. The 6 h window holds 0.24%,
  // under 0.6%; the 3 d window 0.02%, under 0.1%.
  const atThreshold = (k: number) => (k >= -4 && k <= 0 ? 30 : k >= -55 && k <= -5 ? 14 : 0);

  it('does not page while the 1 h error ratio is exactly 1.44%, however high the 5 m one', async () => {
    await fleet(atThreshold);
    expect(await evaluateSlos(pool, T)).toBe(1);
    const rates = await burnRatesAt(T);
    expect(rates['5']).toBeCloseTo(30, 9);
    expect(rates['60']).toBeCloseTo(14.4, 9);
    expect(await incidents()).toEqual([]);
  });

  it('pages once both exceed 1.44%: one more bad GPU-minute in the hour makes 865, 1.4417%', async () => {
    await fleet((k) => (k === -56 ? 1 : atThreshold(k)));
    await evaluateSlos(pool, T);
    const [incident] = await incidents();
    expect(incident).toMatchObject({
      key: `slo:${sloId}:page`,
      severity: 'page',
      source: 'burn_rate',
      state: 'open',
      title: 'GPU availability burning its error budget 14.4x (1 h) and 30.0x (5 m)',
      openedAt: T,
    });
    // 30 d SLI over the 3 days held: 1 - 865 / 4,320,000; budget left 1 - 0.00020023 / 0.001 = 79.98%,
    // 0.79977 x 43.2 min = 34.55 min. The 6 h window: 865 / 360,000 = 0.24% (2.4x); 30 m: 150 + 25 x 14 = 500,
    // 1.667% (16.7x); 3 d: 0.02% (0.2x).
    expect(incident.summary).toBe(
      [
        'GPU availability: SLI 99.979% over 30 d against a target of 99.90%; 80.0% of the error budget left (34.55 min of 43.20 min).',
        'Firing (page): burn rate 14.4x (1 h) and 30.0x (5 m), alerts when both exceed 14.4x.',
        'Quiet (page): burn rate 2.4x (6 h) and 16.7x (30 m), alerts when both exceed 6x.',
        'Quiet (ticket): burn rate 0.2x (3 d) and 2.4x (6 h), alerts when both exceed 1x.',
      ].join('\n'),
    );
    expect(incident.events.map((event) => [event.kind, event.message])).toEqual([
      ['opened', 'Burn rate 14.4x over 1 h and 30.0x over 5 m, both above 14.4x'],
    ]);
    expect(await db.auditEvent.count({ where: { action: 'incident.open', actorKind: 'system' } })).toBe(1);
  });

  it('adds nothing while the alert keeps firing', async () => {
    await evaluateSlos(pool, new Date(T.getTime() + 30_000));
    const all = await incidents();
    expect(all).toHaveLength(1);
    expect(all[0].events).toHaveLength(1);
  });

  it('resolves the page when the alert stops firing', async () => {
    // From T+1 on the fleet is whole: at T+5 the 5 m window holds nothing bad. The 30 m window (T-24 .. T+5)
    // still holds 150 + 20 x 14 = 430 bad GPU-minutes, 1.433% (14.3x), but its pair's 6 h window is at 0.24%.
    await evaluateSlos(pool, at(5));
    const [incident] = await incidents();
    expect(incident.state).toBe('resolved');
    expect(incident.resolvedAt).toEqual(at(5));
    expect(incident.events.map((event) => event.kind)).toEqual(['opened', 'resolved']);
    expect(incident.events[1].message).toBe(
      'The burn-rate alert stopped firing: 5 m at 0.0x, 30 m at 14.3x, under the thresholds',
    );
  });
});

describe('recovery of the short window', () => {
  // 20 of 1,000 GPUs down (2%) through the hour T-59 .. T, whole after.
  const hourAt2Percent = (k: number) => (k >= -59 && k <= 0 ? 20 : 0);

  it('ends the page as soon as the 5 m window recovers, while the 1 h window still burns above 14.4x', async () => {
    await fleet(hourAt2Percent);
    await evaluateSlos(pool, T);
    let open = await unresolved();
    expect(open).toHaveLength(1);
    expect(open[0].title).toBe('GPU availability burning its error budget 20.0x (1 h) and 20.0x (5 m)');

    // T+1: the 5 m window (T-3 .. T+1) holds 4 bad minutes, 80 / 5,000 = 1.6%: still paging.
    await evaluateSlos(pool, at(1));
    expect(await unresolved()).toHaveLength(1);

    // T+2: 3 bad minutes, 60 / 5,000 = 1.2%: the page ends. The 1 h window (T-57 .. T+2) holds 58 x 20 = 1,160,
    // 1.933%, a burn rate of 19.3: above 14.4, but one window alone never pages.
    await evaluateSlos(pool, at(2));
    open = await unresolved();
    expect(open).toEqual([]);
    const rates = await burnRatesAt(at(2));
    expect(rates['5']).toBeCloseTo(12, 9);
    expect(rates['60']).toBeCloseTo(1160 / 60, 9);
    const last = (await incidents()).at(-1)!;
    expect(last.resolvedAt).toEqual(at(2));
  });
});

describe('the 6 h / 30 m page', () => {
  // 10 of 1,000 GPUs down (1%) for the last n minutes: the 30 m and 1 h windows are at 1% (under 1.44%), the 6 h
  // window at 10 n / 360,000.
  const lastMinutesAt1Percent = (n: number) => (k: number) => (k > -n && k <= 0 ? 10 : 0);

  it('does not page at exactly 0.6% over 6 h (216 minutes at 1%)', async () => {
    await fleet(lastMinutesAt1Percent(216));
    await evaluateSlos(pool, T);
    expect((await burnRatesAt(T))['360']).toBeCloseTo(6, 9);
    expect(await unresolved()).toEqual([]);
  });

  it('pages above 0.6% over 6 h with the 30 m window above too (217 minutes: 0.6028%)', async () => {
    await fleet(lastMinutesAt1Percent(217));
    await evaluateSlos(pool, T);
    const open = await unresolved();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      key: `slo:${sloId}:page`,
      severity: 'page',
      title: 'GPU availability burning its error budget 6.0x (6 h) and 10.0x (30 m)',
    });
  });
});

describe('the 3 d / 6 h ticket', () => {
  it('opens a ticket at 0.2% for two days (3 d: 0.133%, 6 h: 0.2%), and the 6 h page, now quiet, resolves', async () => {
    await fleet((k) => (k > -2880 && k <= 0 ? 2 : 0));
    await evaluateSlos(pool, T);
    const open = await unresolved();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      key: `slo:${sloId}:ticket`,
      severity: 'ticket',
      source: 'burn_rate',
      title: 'GPU availability burning its error budget 1.3x (3 d) and 2.0x (6 h)',
    });
  });

  it('resolves the alert of an SLO that is disabled', async () => {
    await pool.query('UPDATE slo SET enabled = false');
    expect(await evaluateSlos(pool, T)).toBe(0);
    expect(await unresolved()).toEqual([]);
    const last = (await incidents()).at(-1)!;
    expect(last.events.at(-1)!.message).toBe('The SLO was disabled or deleted: its burn-rate alert no longer runs');
  });
});

describe('a fresh start', () => {
  // Only the minutes since the console started are measured: T-4 .. T. 30 of the 1,000 GPUs down in each is 3%
  // of what was measured (30x), but those 150 bad GPU-minutes are 0.25% of an hour's 60,000 (2.5x): 5 minutes
  // cannot have spent the 2% of the budget the 1 h page stands for.
  async function measuredSince(first: number, bad: number) {
    await pool.query('DELETE FROM pool_minute');
    await pool.query(
      `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
       SELECT 1, $1::timestamptz + make_interval(mins => k), $2::int, $2::int - $3::int, 0, 0, 0 FROM generate_series($4::int, 0) AS k`,
      [T, GPUS, bad, first],
    );
  }

  it('does not page on its first minutes, however bad they are', async () => {
    await pool.query('UPDATE slo SET enabled = true');
    const before = (await incidents()).length;
    await measuredSince(-4, 30);
    await evaluateSlos(pool, T);
    // Burn rates are those of the minutes measured: 3% / 0.1% = 30x in every window.
    const rates = await burnRatesAt(T);
    expect(rates['5']).toBeCloseTo(30, 9);
    expect(rates['60']).toBeCloseTo(30, 9);
    expect(await unresolved()).toEqual([]);
    expect(await incidents()).toHaveLength(before);
  });

  it('pages once the minutes measured alone have spent the hour’s share', async () => {
    // 28 minutes (T-27 .. T): 28 x 30 = 840 bad GPU-minutes, 1.4% of 60,000 (14.0x): quiet. 48 minutes: 1,440,
    // 2.4% (24x, the 30x measured over 80% of the hour): it pages. The 6 h window, 48 x 30 / 360,000 = 0.4%
    // (4x), stays under its 6x.
    await measuredSince(-27, 30);
    await evaluateSlos(pool, T);
    expect(await unresolved()).toEqual([]);
    await measuredSince(-47, 30);
    await evaluateSlos(pool, T);
    const open = await unresolved();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      key: `slo:${sloId}:page`,
      title: 'GPU availability burning its error budget 30.0x (1 h, 80% of it measured) and 30.0x (5 m)',
    });
  });
});
