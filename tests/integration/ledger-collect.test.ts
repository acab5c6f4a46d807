// The badput ledger on collected data: a day of the simulator's history, backfilled as the worker does (10-minute
// samples, then minute ones), then live 15-second reads. Every allocated GPU-minute lands in exactly one class:
// for every job whose life is over, the classes add up to its allocation intervals, to the microsecond.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { Collector } from '@/lib/worker/collector';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

const NOW = new Date('2026-11-25T12:00:00Z');
const config: SimulatorConfig = { seed: 9, nodes: 48, backfillDays: 1, faultScale: 200 };
const CLASSES = ['productive', 'redone', 'recovery', 'checkpoint', 'straggler', 'idle', 'unknown'] as const;
const sum = CLASSES.map((cls) => `sum(h.ledger_${cls})`).join(' + ');

describe('the badput ledger on collected data', () => {
  let pool: pg.Pool;

  beforeAll(async () => {
    // A fixed date: the simulator's history starts a day before "now", so the cluster is the same at any hour.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    await seedDemo(db, await newSimulator(config).topology(), {
      pricesFrom: new Date(NOW.getTime() - 3 * 86_400_000),
    });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    const collector = new Collector(pool, {
      openSource: (p) => openSimulator(p, config),
      backfillSampleHours: 3,
      catchUpBatchMinutes: 180,
    });
    await collector.lead();
    let cursor = await collector.advance(new Date(NOW.getTime() - 60 * 60_000));
    // A running training job restarted by hand: back to its checkpoint, what it did since is done again.
    const { rows } = await pool.query<{ external_id: string }>(
      `SELECT external_id FROM job WHERE state = 'running' AND kind IN ('training', 'fine_tuning')
       ORDER BY gpus_requested DESC LIMIT 1`,
    );
    await pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('restart', $1, 'test')`, [
      { externalId: rows[0].external_id },
    ]);
    // Then live, in 15-second reads.
    while (cursor < NOW) cursor = await collector.advance(new Date(cursor.getTime() + 15_000));
    await collector.resign();
  }, 600_000);

  afterAll(async () => {
    vi.useRealTimers();
    await pool.end();
  });

  it('puts every allocated GPU-minute of every finished job in exactly one class', async () => {
    const { rows } = await pool.query<{ id: number; name: string; allocated: number; ledger: number }>(
      `WITH held AS (
         SELECT job_id, sum(extract(epoch FROM "to" - "from")) / 60 AS allocated FROM allocation GROUP BY job_id
       ), classes AS (
         SELECT job_id, ${sum} AS ledger FROM job_hourly h GROUP BY job_id
       )
       SELECT j.id, j.name, held.allocated::float8 AS allocated, coalesce(classes.ledger, 0)::float8 AS ledger
       FROM job j JOIN held ON held.job_id = j.id LEFT JOIN classes ON classes.job_id = j.id
       WHERE j.state IN ('succeeded', 'failed', 'cancelled') AND j.ended_at < $1
         AND NOT EXISTS (SELECT 1 FROM allocation a WHERE a.job_id = j.id AND a."to" IS NULL)`,
      [new Date(NOW.getTime() - 30 * 60_000)],
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row.ledger, row.name).toBeCloseTo(row.allocated, 6);
  });

  it('leaves a running job at most its period under way and a stretch it has not yet classified', async () => {
    const { rows } = await pool.query<{ name: string; allocated: number; ledger: number }>(
      `WITH held AS (
         SELECT job_id, sum(extract(epoch FROM least(coalesce("to", $1), $1) - "from")) / 60 AS allocated
         FROM allocation GROUP BY job_id
       )
       SELECT j.name, held.allocated::float8 AS allocated,
              (SELECT coalesce(${sum}, 0) FROM job_hourly h WHERE h.job_id = j.id)::float8 AS ledger
       FROM job j JOIN held ON held.job_id = j.id WHERE j.state = 'running' AND j.gpus_requested > 0`,
      [NOW],
    );
    for (const row of rows) {
      expect(row.ledger, row.name).toBeLessThanOrEqual(row.allocated + 1e-6);
      // A minute under way, and at most the stall threshold's few minutes without a step, per GPU.
      expect(row.allocated - row.ledger, row.name).toBeLessThan(10 * (row.allocated / 60 / 24 + 512));
    }
  });

  it('shows the interruptions it went through: recovery and redone work, checkpoints, a high share productive', async () => {
    const { rows } = await pool.query<Record<(typeof CLASSES)[number], number>>(
      `SELECT ${CLASSES.map((cls) => `sum(h.ledger_${cls})::float8 AS ${cls}`).join(', ')}
       FROM job_hourly h JOIN job j ON j.id = h.job_id WHERE j.kind IN ('training', 'fine_tuning')`,
    );
    const classes = rows[0];
    const total = CLASSES.reduce((all, cls) => all + classes[cls], 0);
    expect(classes.recovery).toBeGreaterThan(0);
    expect(classes.redone).toBeGreaterThan(0);
    expect(classes.checkpoint).toBeGreaterThan(0);
    expect(classes.productive / total).toBeGreaterThan(0.6);
    expect(classes.unknown / total).toBeLessThan(0.01);
  });
});
