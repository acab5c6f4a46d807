// Only the last days of a backfill are lived with automatic recovery (`recoverFrom`, FLEET_BACKFILL_RECOVERY_DAYS):
// what came before is read straight through, so its faults are in the data but opened nothing. The same small
// fixed-seed cluster as history-recovery.test.ts, whose whole two days hold 16 fault minutes
// (lived-history.ts).
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '@/lib/worker/collector';
import { liveHistory, NOW } from './lived-history';

const RECOVER_FROM = new Date(NOW.getTime() - 86_400_000);

describe('backfilled history lived from a given day', () => {
  let pool: pg.Pool;
  let collector: Collector;
  let episodes = 0;
  let stop: () => Promise<void>;
  const count = async (sql: string, values: unknown[] = []) => (await pool.query<{ n: number }>(sql, values)).rows[0].n;

  beforeAll(async () => {
    ({ pool, collector, episodes, stop } = await liveHistory({ recoverFrom: RECOVER_FROM }));
  }, 600_000);
  afterAll(() => stop());

  it('reads every minute up to now, and stops only at the faults of the lived day', async () => {
    expect((await collector.advance(NOW)).getTime()).toBe(NOW.getTime());
    expect(episodes).toBeGreaterThan(0);
    expect(episodes).toBeLessThan(16);
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
