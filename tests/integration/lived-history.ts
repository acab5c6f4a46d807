// A small fixed-seed simulated cluster whose two days of backfill are lived by replayHistory
// (lib/worker/history.ts): 32 nodes (256 GPUs), a hundred times the published interruption rate, a few dozen faults.
import pg from 'pg';
import { vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { Collector } from '@/lib/worker/collector';
import { replayHistory, type HistoryOptions } from '@/lib/worker/history';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

const config: SimulatorConfig = { seed: 5, nodes: 32, backfillDays: 2, faultScale: 100 };
/** A fixed now makes it the same history at any hour; only dates are faked, timers run as usual. */
export const NOW = new Date('2026-11-25T10:12:00Z');

export async function liveHistory(options: HistoryOptions = {}) {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
  await collector.lead();
  const { episodes } = await replayHistory(pool, collector, new Date(), options);
  return {
    pool,
    collector,
    episodes,
    async stop() {
      vi.useRealTimers();
      await collector.resign();
      await pool.end();
    },
  };
}
