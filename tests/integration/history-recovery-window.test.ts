// Only the last days of a backfill are lived with automatic recovery (`recoverFrom`, FLEET_BACKFILL_RECOVERY_DAYS):
// what came before is read straight through, so its faults are in the data but opened nothing. The same small
// fixed-seed cluster as history-recovery.test.ts, whose whole two days hold 14 fault minutes.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { Collector } from '@/lib/worker/collector';
import { replayHistory } from '@/lib/worker/history';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

const config: SimulatorConfig = { seed: 5, nodes: 32, backfillDays: 2, faultScale: 100 };
const NOW = new Date('2026-11-25T10:12:00Z');
const RECOVER_FROM = new Date(NOW.getTime() - 86_400_000);

describe('backfilled history lived from a given day', () => {
  let pool: pg.Pool;
  let collector: Collector;
  let episodes = 0;
  const count = async (sql: string, values: unknown[] = []) => (await pool.query<{ n: number }>(sql, values)).rows[0].n;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
    await collector.lead();
    ({ episodes } = await replayHistory(pool, collector, new Date(), { recoverFrom: RECOVER_FROM }));
  }, 600_000);
  afterAll(async () => {
    vi.useRealTimers();
    await collector.resign();
    await pool.end();
  });

  it('reads every minute up to now, and stops only at the faults of the lived day', async () => {
    expect((await collector.advance(NOW)).getTime()).toBe(NOW.getTime());
    expect(episodes).toBeGreaterThan(0);
    expect(episodes).toBeLessThan(14);
  });

  it('keeps the earlier faults in the data, with nothing opened for them', async () => {
    const earlier = `SELECT count(*)::int AS n FROM gpu_fault WHERE fatal AND at < $1`;
    expect(await count(earlier, [RECOVER_FROM])).toBeGreaterThan(0);
    // Nothing was opened while the earlier history was read; a node still down when the lived day begins is met
    // then, as a live worker starting at that moment would meet it.
    expect(await count(`SELECT count(*)::int AS n FROM recovery WHERE detected_at < $1`, [RECOVER_FROM])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM incident WHERE opened_at < $1`, [RECOVER_FROM])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM recovery`)).toBeGreaterThan(0);
  });
});
