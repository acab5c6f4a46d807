import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { Collector } from '@/lib/worker/collector';
import { evaluateJobHealth } from '@/lib/worker/evaluate';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

const config: SimulatorConfig = { seed: 5, nodes: 8, backfillDays: 1 };
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
    await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
    await collector.lead();
    cursor = await collector.advance(new Date());
    await evaluateJobHealth(pool, cursor);
    const { rows } = await pool.query(
      `SELECT id, external_id FROM job WHERE state = 'running' AND gpus_requested >= 2 ORDER BY gpus_requested DESC LIMIT 1`,
    );
    job = rows[0];
  });
  afterAll(async () => {
    await collector.resign();
    await pool.end();
  });

  it('calls a running job healthy while its GPUs work', async () => {
    expect((await health()).health).toBe('healthy');
  });

  it('marks a hung job stalled only once every GPU has been under 5% for 10 minutes, and says why', async () => {
    await queueFault('hang', job.external_id);
    await advance(6);
    expect((await health()).health).toBe('healthy');
    await advance(7);
    const verdict = await health();
    expect(verdict.health).toBe('stalled');
    expect(verdict.health_reason).toMatch(/under 5%/);
    const events = await pool.query(`SELECT message FROM job_event WHERE job_id = $1 AND kind = 'stalled'`, [job.id]);
    expect(events.rowCount).toBe(1);
  });
});
