// Job goodput on a real database: the worker counts job and productive GPUs each minute from the jobs' health,
// takes the work redone after a recovery off the productive minutes, and evaluates every window.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateSlos } from '@/lib/worker/slo';

const T = new Date('2026-11-25T12:00:00Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);

// One pool of 2 nodes x 8 GPUs, all held by jobs right now:
//   job 1 running, healthy:  8 GPUs (node 1)     productive
//   job 2 running, stalled:  4 GPUs (node 2)     not productive
//   job 3 running, degraded: 2 GPUs (node 2)     productive (slow, but working)
//   job 4 recovering:        2 GPUs (node 2)     not productive
// so the current minute (T) has 16 job GPUs, 10 productive.
// The 59 minutes before it were measured earlier: 16 job GPUs, all productive but for T-40..T-31, when job 1
// (8 GPUs) had failed and was recovering (8 productive). It failed at T-40 with its last checkpoint at T-50 and
// ran again at T-30: lost work 8 x (10 + 10) min = 160 GPU-min, of which 80 are redone from T-30 to T-20.
//   5 m  (T-4..T):   job 5 x 16 = 80,   productive 4 x 16 + 10 = 74,          redone 0   -> 74 / 80
//   30 m (T-29..T):  job 480,           productive 29 x 16 + 10 = 474,        redone 80  -> 394 / 480
//   1 h and longer:  job 960,           productive 59 x 16 - 10 x 8 + 10 = 874, redone 80 -> 794 / 960
// At 99%: SLI 794 / 960 = 0.827083; budget left 1 - 0.172917 / 0.01 = -16.2917.
describe('job goodput', () => {
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    await pool.query(`
      INSERT INTO cluster (id, name, scheduler) VALUES (1, 'c', 'simulator');
      INSERT INTO pool (id, cluster_id, name, gpu_model, pricing_class, desired_nodes) VALUES (1, 1, 'p', 'H800', 'reserved', 2);
      INSERT INTO node (id, cluster_id, pool_id, hostname) VALUES (1, 1, 1, 'n1'), (2, 1, 1, 'n2');
      INSERT INTO gpu (id, node_id, index, uuid, model, memory_mib)
        SELECT i, 1 + (i - 1) / 8, (i - 1) % 8, 'GPU-' || i, 'H800', 81920 FROM generate_series(1, 16) AS i;
      INSERT INTO team (id, name) VALUES (1, 't');
      INSERT INTO project (id, team_id, name) VALUES (1, 1, 'p');
      INSERT INTO job (id, cluster_id, external_id, name, kind, team_id, project_id, state, health, gpus_requested, submitted_at)
      VALUES (1, 1, 'j1', 'healthy', 'training', 1, 1, 'running', 'healthy', 8, now()),
             (2, 1, 'j2', 'hung', 'training', 1, 1, 'running', 'stalled', 4, now()),
             (3, 1, 'j3', 'slow', 'training', 1, 1, 'running', 'degraded', 2, now()),
             (4, 1, 'j4', 'restarting', 'training', 1, 1, 'recovering', 'recovering', 2, now()),
             (5, 1, 'j5', 'done', 'training', 1, 1, 'succeeded', 'succeeded', 8, now());
      INSERT INTO allocation (job_id, gpu_id, "from", "to")
        SELECT CASE WHEN i <= 8 THEN 1 WHEN i <= 12 THEN 2 WHEN i <= 14 THEN 3 ELSE 4 END, i, now() - interval '2 hours', NULL
        FROM generate_series(1, 16) AS i;
      -- A closed allocation of a finished job is not held now.
      INSERT INTO allocation (job_id, gpu_id, "from", "to") VALUES (5, 1, now() - interval '5 hours', now() - interval '3 hours');
      INSERT INTO slo (name, kind, target) VALUES ('Job goodput', 'job_goodput', 0.99);
    `);
    // Every GPU reported the current minute: the source covered it.
    await pool.query(
      `INSERT INTO gpu_latest (gpu_id, ts, util, fb_used_mib, power_w, temp_c) SELECT i, $1, 50, 1000, 300.5, 60
       FROM generate_series(1, 16) AS i`,
      [T],
    );
    await pool.query(
      `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w,
                                job_gpus, productive_gpus)
       SELECT 1, $1::timestamptz - make_interval(mins => m), 16, 16, 16, 1200, 8000,
              CASE WHEN m = 0 THEN NULL ELSE 16 END,
              CASE WHEN m = 0 THEN NULL WHEN m BETWEEN 31 AND 40 THEN 8 ELSE 16 END
       FROM generate_series(0, 59) AS m`,
      [T],
    );
    // Minutes the worker did not measure (a backfill) are left out, however many GPUs they held.
    await pool.query(
      `INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
       SELECT 1, $1::timestamptz - make_interval(mins => m), 16, 16, 16, 0, 0 FROM generate_series(60, 200) AS m`,
      [T],
    );
    await pool.query(
      `INSERT INTO recovery (fault_key, target_type, job_id, cause, summary, state, gpus, fault_at, detected_at,
                             recovered_at, last_checkpoint_at, lost_gpu_hours)
       VALUES ('job:1:failed', 'job', 1, 'job_failed', 'job 1 failed', 'recovered', 8, $1, $1, $2, $3, $4)`,
      [at(-40), at(-30), at(-50), 160 / 60],
    );
  });
  afterAll(() => pool.end());

  it('records the current minute’s job and productive GPUs from the jobs’ health', async () => {
    expect(await evaluateSlos(pool, new Date(T.getTime() + 20_000))).toBe(1);
    const { rows } = await pool.query('SELECT job_gpus, productive_gpus FROM pool_minute WHERE ts = $1', [T]);
    expect(rows).toEqual([{ job_gpus: 16, productive_gpus: 10 }]);
  });

  it('takes productive GPU-minutes less redone work over job GPU-minutes, in every window', async () => {
    const { rows } = await pool.query(
      'SELECT sli, budget_remaining, burn_rates, good, total, coverage FROM slo_snapshot',
    );
    expect(rows).toHaveLength(1);
    const [snapshot] = rows;
    expect(snapshot.good).toBeCloseTo(794, 9);
    expect(snapshot.total).toBe(960);
    expect(snapshot.sli).toBeCloseTo(794 / 960, 9);
    // Measured over the 60 minutes with job GPUs counted, of a 30-day window (43,200 minutes).
    expect(snapshot.coverage).toBeCloseTo(60 / 43_200, 12);
    expect(snapshot.budget_remaining).toBeCloseTo(1 - 166 / 960 / 0.01, 6);
    // Burn rate = error ratio / 0.01.
    expect(snapshot.burn_rates['5']).toBeCloseTo(6 / 80 / 0.01, 6);
    expect(snapshot.burn_rates['30']).toBeCloseTo(86 / 480 / 0.01, 6);
    expect(snapshot.burn_rates['60']).toBeCloseTo(166 / 960 / 0.01, 6);
    expect(snapshot.burn_rates['4320']).toBeCloseTo(166 / 960 / 0.01, 6);
    const { rows: slo } = await pool.query('SELECT evaluated_at, not_measured_reason FROM slo');
    expect(slo).toEqual([{ evaluated_at: T, not_measured_reason: null }]);
  });

  it('is not measured, and says why, when no minute with job GPUs was measured in its window', async () => {
    await pool.query('UPDATE pool_minute SET job_gpus = NULL, productive_gpus = NULL');
    await pool.query('DELETE FROM allocation');
    await pool.query('DELETE FROM slo_snapshot');
    expect(await evaluateSlos(pool, at(1))).toBe(0);
    expect(await pool.query('SELECT count(*)::int AS n FROM slo_snapshot').then((r) => r.rows[0].n)).toBe(0);
    const { rows } = await pool.query('SELECT not_measured_reason FROM slo');
    expect(rows[0].not_measured_reason).toBe('No GPU held by a job was measured in the last 30 days.');
  });
});
