import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { Collector } from '@/lib/worker/collector';
import { evaluateJobHealth } from '@/lib/worker/evaluate';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

const config: SimulatorConfig = { seed: 5, nodes: 32, backfillDays: 1 };
const MINUTE = 60_000;

describe('job health evaluation in the worker', () => {
  let pool: pg.Pool;
  let collector: Collector;
  let cursor: Date;
  let job: { id: number; external_id: string };

  const queueFault = (kind: string, target: string) =>
    pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('fault', $1, 'test')`, [{ kind, target }]);
  const advance = async (minutes: number) => {
    cursor = await collector.advance(new Date(cursor.getTime() + minutes * MINUTE));
    return evaluateJobHealth(pool, cursor);
  };
  const health = async () =>
    (await pool.query('SELECT health, health_reason FROM job WHERE id = $1', [job.id])).rows[0] as {
      health: string;
      health_reason: string | null;
    };

  beforeAll(async () => {
    // A fixed date makes it the same simulated cluster, with the same jobs running, at any hour.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T10:12:00Z') });
    await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
    await collector.lead();
    cursor = await collector.advance(new Date());
    await evaluateJobHealth(pool, cursor);
    const { rows } = await pool.query(
      `SELECT id, external_id FROM job WHERE state = 'running' AND kind IN ('training', 'fine_tuning') AND gpus_requested >= 2 ORDER BY gpus_requested DESC LIMIT 1`,
    );
    job = rows[0];
  });
  afterAll(async () => {
    vi.useRealTimers();
    await collector.resign();
    await pool.end();
  });

  it('calls a running job healthy while its GPUs work', async () => {
    expect((await health()).health).toBe('healthy');
  });

  it('marks a hung training job stalled once its step has not advanced for 2 minutes, and dates it from the last step', async () => {
    const before = (await pool.query('SELECT step, step_seconds FROM job WHERE id = $1', [job.id])).rows[0];
    // Its step time is measured from the history: seconds, so the 2-minute floor applies.
    expect(before.step_seconds).toBeGreaterThan(0);
    expect(before.step_seconds).toBeLessThan(40);
    // The fault comes mid-minute; the step last advanced at the minute before it.
    await queueFault('hang', job.external_id);
    await advance(1);
    expect((await health()).health).toBe('healthy');
    await advance(1);
    const verdict = await health();
    expect(verdict.health).toBe('stalled');
    expect(verdict.health_reason).toMatch(/^Step [\d,]+ has not advanced for 2 min/);
    const { rows } = await pool.query<{ step_advanced_at: Date; health_since: Date }>(
      'SELECT step_advanced_at, health_since FROM job WHERE id = $1',
      [job.id],
    );
    expect(rows[0].health_since).toEqual(rows[0].step_advanced_at);
    const quiet = cursor.getTime() - rows[0].step_advanced_at.getTime();
    expect(quiet).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(quiet).toBeLessThan(3 * MINUTE);
    const events = await pool.query(`SELECT message FROM job_event WHERE job_id = $1 AND kind = 'stalled'`, [job.id]);
    expect(events.rowCount).toBe(1);
  });

  it('marks a hung job that reports no progress stalled only after 10 minutes under 5% on every GPU', async () => {
    // An evaluation if one runs at this hour, else a service: neither reports a step.
    const { rows } = await pool.query<{ id: number; external_id: string }>(
      `SELECT id, external_id FROM job WHERE state = 'running' AND kind IN ('evaluation', 'inference') AND step IS NULL
       ORDER BY kind = 'evaluation' DESC, gpus_requested DESC LIMIT 1`,
    );
    const evaluation = rows[0];
    const evalHealth = async () => (await pool.query('SELECT health FROM job WHERE id = $1', [evaluation.id])).rows[0];
    await queueFault('hang', evaluation.external_id);
    await advance(6);
    expect((await evalHealth()).health).toBe('healthy');
    await advance(6);
    expect((await evalHealth()).health).toBe('stalled');
  });

  it('does not fail a restarted job again for the fatal XID on a GPU it held before the restart', async () => {
    const { rows } = await pool.query<{ id: number; external_id: string }>(
      `SELECT id, external_id FROM job WHERE state = 'running' AND kind <> 'inference' AND id <> $1
       ORDER BY gpus_requested DESC LIMIT 1`,
      [job.id],
    );
    const victim = rows[0];
    await queueFault('fatal_xid', victim.external_id);
    await advance(1);
    expect((await pool.query('SELECT state FROM job WHERE id = $1', [victim.id])).rows[0].state).toBe('failed');
    await pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('restart', $1, 'test')`, [
      { externalId: victim.external_id, name: victim.external_id },
    ]);
    // The restart takes a few minutes; its GPUs are others than the one that fell off the bus.
    for (let minute = 0; minute < 15; minute++) {
      await advance(1);
      const { state } = (await pool.query('SELECT state FROM job WHERE id = $1', [victim.id])).rows[0];
      if (state === 'running') break;
    }
    await advance(1);
    const row = (await pool.query('SELECT state, health FROM job WHERE id = $1', [victim.id])).rows[0];
    expect(row).toEqual({ state: 'running', health: 'healthy' });
  });

  it('starts the job’s run afresh when it is running again after a restart, so the hang does not carry over', async () => {
    await pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('restart', $1, 'test')`, [
      { externalId: job.external_id },
    ]);
    const before = cursor;
    // The hung job holds its GPUs on healthy nodes, so it restarts in place: running again on the first whole minute
    // at least 30 s after the restart is asked, which falls between two of these minute-long reads (DOMAIN.md "The
    // simulator"); then it loads its checkpoint and works again.
    await advance(5);
    const { rows } = await pool.query<{ state: string; running_since: Date; restart_count: number }>(
      'SELECT state, running_since, restart_count FROM job WHERE id = $1',
      [job.id],
    );
    expect(rows[0]).toMatchObject({ state: 'running', restart_count: 1 });
    expect(rows[0].running_since.getTime()).toBeGreaterThanOrEqual(before.getTime() + 30_000);
    expect((await health()).health).toBe('healthy');
  });
});
