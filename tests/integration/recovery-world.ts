// A simulated cluster for automatic recovery tests: the demo seed, the collecting worker's sequence
// (lib/worker/drive.ts) on a clock the test moves in 15-second steps, and faults injected as `npm run fault` does.
// The cluster starts a day before a fixed "now", so it is the same cluster, with the same jobs running, at any
// hour the tests run; only dates are fixed, timers run as usual.
import pg from 'pg';
import { vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/db/seed';
import { SimulatorExecutor } from '@/lib/executors/simulator';
import { ActionRunner } from '@/lib/ops/runner';
import { Collector } from '@/lib/worker/collector';
import { Drive } from '@/lib/worker/drive';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';

export const STEP = 15_000;

export interface RecoveryWorld {
  pool: pg.Pool;
  collector: Collector;
  drive: Drive;
  /** The simulated clock: where the last step took the cluster. */
  clock: Date;
  one<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T>;
  /** Queues a fault for the model; the next step applies it. */
  inject(kind: string, target: string, code?: number): Promise<unknown>;
  /** Steps the worker for up to `minutes` of simulated time, stopping early once `until` holds. */
  run(minutes: number, until?: () => Promise<boolean>): Promise<void>;
  close(): Promise<void>;
}

export async function startRecoveryWorld(config: SimulatorConfig, now = '2026-11-25T10:12:00Z') {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(now) });
  await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
  await collector.lead();
  const world = {} as RecoveryWorld;
  world.clock = await collector.advance(new Date());
  const runner = new ActionRunner(new SimulatorExecutor(pool, { pollMs: 5, timeoutMs: 20_000 }), {
    now: () => world.clock,
  });
  Object.assign(world, {
    pool,
    collector,
    drive: new Drive(pool, collector, runner),
    one: async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
      (await pool.query<T>(sql, params)).rows[0],
    inject: (kind: string, target: string, code?: number) =>
      pool.query(`INSERT INTO sim_command (kind, params, requested_by) VALUES ('fault', $1, 'test')`, [
        { kind, target, ...(code === undefined ? {} : { code }) },
      ]),
    async run(minutes: number, until?: () => Promise<boolean>) {
      const end = world.clock.getTime() + minutes * 60_000;
      while (world.clock.getTime() < end) {
        world.clock = new Date(world.clock.getTime() + STEP);
        await world.drive.step(world.clock);
        if (until && (await until())) return;
      }
    },
    async close() {
      vi.useRealTimers();
      await collector.resign();
      await pool.end();
    },
  });
  return world;
}
