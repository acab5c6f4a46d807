// The job rows the collector keeps: it writes a job only when its record changed since it last wrote it, so every
// minute the jobs list must still show each job as its source last gave it, a job whose state changes included.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import type { JobRecord, Snapshot } from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

const MINUTE = 60_000;
const NOW = new Date('2026-11-25T12:00:00Z');
const config: SimulatorConfig = { seed: 5, nodes: 6, backfillDays: 1 };

describe('job rows as the collector keeps them', () => {
  let pool: pg.Pool;
  /** Each job as the source last gave it. */
  const said = new Map<string, JobRecord>();

  const collector = () =>
    new Collector(pool, {
      openSource: async (p) => {
        const session = await openSimulator(p, config);
        const { source } = session;
        const collect = async (...args: Parameters<typeof source.collect>): Promise<Snapshot> => {
          const snapshot = await source.collect(...args);
          for (const job of snapshot.jobs) said.set(job.externalId, job);
          return snapshot;
        };
        return { ...session, source: { name: source.name, topology: () => source.topology(), collect } };
      },
      backfillSampleHours: 1,
    });

  /** The rows of the jobs the source gave, against what it said of them. */
  async function compare() {
    const { rows } = await pool.query<{
      external_id: string;
      state: string;
      step: string | null;
      tokens_per_second: number | null;
      restart_count: number;
      ended_at: Date | null;
      queue_position: number | null;
    }>(
      `SELECT external_id, state, step, tokens_per_second, restart_count, ended_at, queue_position FROM job
       WHERE external_id = ANY($1)`,
      [[...said.keys()]],
    );
    const stored = new Map(rows.map((row) => [row.external_id, row]));
    for (const job of said.values()) {
      expect(stored.get(job.externalId), job.externalId).toEqual({
        external_id: job.externalId,
        state: job.state,
        step: job.step === null ? null : String(Math.round(job.step)),
        tokens_per_second: job.tokensPerSecond,
        restart_count: job.restartCount,
        ended_at: job.endedAt,
        queue_position: job.state === 'pending' ? (job.wait?.position ?? null) : null,
      });
    }
  }

  beforeAll(async () => {
    // A fixed date: the simulator's history starts a day before "now", so the cluster is the same at any hour.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    await seedDemo(db, await newSimulator(config).topology(), {
      pricesFrom: new Date(NOW.getTime() - 3 * 86_400_000),
    });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  }, 300_000);

  afterAll(async () => {
    vi.useRealTimers();
    await pool.end();
  });

  it('shows every job as its source last gave it, minute after minute, a cancelled one included', async () => {
    const c = collector();
    expect(await c.lead()).toBe(true);
    onTestFinished(() => c.resign());
    let cursor = await c.advance(NOW);
    await compare();
    const { rows } = await pool.query<{ external_id: string; health_since: Date }>(
      `SELECT external_id, health_since FROM job WHERE state = 'running' ORDER BY gpus_requested DESC LIMIT 1`,
    );
    const cancelled = rows[0].external_id;
    const unchanged = [...said.values()].filter((job) => job.state === 'succeeded').map((job) => job.externalId);
    const before = await pool.query<{ external_id: string; updated_at: Date }>(
      'SELECT external_id, updated_at FROM job WHERE external_id = ANY($1) ORDER BY external_id',
      [unchanged],
    );
    await pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('cancel', $1, 'test')`, [
      { externalId: cancelled, reason: 'Not needed any more.' },
    ]);
    for (let minute = 1; minute <= 4; minute++) {
      vi.setSystemTime(new Date(NOW.getTime() + minute * MINUTE + 5_000));
      cursor = await c.advance(new Date(NOW.getTime() + minute * MINUTE));
      await compare();
    }
    expect(cursor).toEqual(new Date(NOW.getTime() + 4 * MINUTE));
    // The cancelled job shows so, since the minute it was written so.
    const job = await pool.query(
      'SELECT state, health, health_reason, health_since, updated_at FROM job WHERE external_id = $1',
      [cancelled],
    );
    expect(job.rows[0]).toMatchObject({ state: 'cancelled', health: 'cancelled' });
    // Its health changed with its state: dated when it was written so, not when it started running.
    expect(job.rows[0].health_since).not.toEqual(rows[0].health_since);
    // Jobs over before these minutes were not written again.
    expect(unchanged.length).toBeGreaterThan(0);
    const after = await pool.query('SELECT external_id, updated_at FROM job WHERE external_id = ANY($1) ORDER BY 1', [
      unchanged,
    ]);
    expect(after.rows).toEqual(before.rows);
  });

  it('writes every job again after a new leader takes over, and carries on', async () => {
    const c = collector();
    expect(await c.lead()).toBe(true);
    onTestFinished(() => c.resign());
    for (let minute = 5; minute <= 6; minute++) {
      vi.setSystemTime(new Date(NOW.getTime() + minute * MINUTE + 5_000));
      await c.advance(new Date(NOW.getTime() + minute * MINUTE));
      await compare();
    }
  });
});
