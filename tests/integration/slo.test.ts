import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateSlos } from '@/lib/worker/slo';

// One pool of 100 GPUs over the last 60 minutes; 10 of them down for the 10 minutes from now-19m to now-10m.
//   healthy GPU-minutes over 60 min: 60*100 - 10*10 = 5,900 of 6,000 -> SLI 0.983333
//   error budget of 99.9%: 0.001; remaining = 1 - 0.016667/0.001 = -15.6667 (overspent)
//   burn rates: 5 m: 0 errors -> 0; 30 m: 100/3,000 = 0.033333 -> 33.333; 60 m and longer: 0.016667 -> 16.667
describe('SLO evaluation', () => {
  let pool: pg.Pool;
  const now = new Date('2026-11-25T12:00:00Z');

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    await pool.query(`INSERT INTO cluster (name, scheduler) VALUES ('c', 'simulator')`);
    await pool.query(
      `INSERT INTO pool (cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES (1, 'p', 'H800', 'reserved', 13)`,
    );
    await pool.query(`INSERT INTO slo (name, kind, target) VALUES ('GPU availability', 'gpu_availability', 0.999)`);
    await pool.query(
      `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
       SELECT 1, $1::timestamptz - make_interval(mins => m), 100,
              CASE WHEN m BETWEEN 10 AND 19 THEN 90 ELSE 100 END, 80, 80 * 90, 50000
       FROM generate_series(0, 59) AS m`,
      [now],
    );
  });
  afterAll(() => pool.end());

  it('computes availability, budget left and burn rates per window from the fleet rollup', async () => {
    expect(await evaluateSlos(pool, now)).toBe(1);
    const { rows } = await pool.query('SELECT sli, budget_remaining, burn_rates FROM slo_snapshot');
    expect(rows).toHaveLength(1);
    expect(rows[0].sli).toBeCloseTo(5900 / 6000, 9);
    expect(rows[0].budget_remaining).toBeCloseTo(1 - 100 / 6000 / 0.001, 6);
    expect(rows[0].burn_rates['5']).toBe(0);
    expect(rows[0].burn_rates['30']).toBeCloseTo(100 / 3000 / 0.001, 6);
    expect(rows[0].burn_rates['60']).toBeCloseTo(100 / 6000 / 0.001, 6);
    expect(rows[0].burn_rates['360']).toBeCloseTo(100 / 6000 / 0.001, 6);
  });

  it('writes one snapshot per minute however often it runs', async () => {
    await evaluateSlos(pool, new Date(now.getTime() + 20_000));
    expect((await pool.query('SELECT count(*)::int AS n FROM slo_snapshot')).rows[0].n).toBe(1);
  });
});
