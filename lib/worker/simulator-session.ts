// The simulator as a collector source: its model is restored from simulator_state (or created with history
// starting FLEET_BACKFILL_DAYS ago) and saved in the same transaction as the rows it produced.
import type { Pool, PoolClient } from 'pg';
import { createSimulator, Simulator } from '@/lib/sources/simulator';
import { faultInjectionSchema } from '@/lib/sources/fault-kinds';
import type { SourceSession } from './collector';
import { log } from './log';

export interface SimulatorConfig {
  seed: number;
  nodes: number;
  backfillDays: number;
}

export function historyStart(backfillDays: number, now = Date.now()): Date {
  const start = now - backfillDays * 86_400_000;
  return new Date(start - (start % 60_000));
}

export function newSimulator(config: SimulatorConfig, now = Date.now()): Simulator {
  return createSimulator({ seed: config.seed, nodes: config.nodes, startTime: historyStart(config.backfillDays, now) });
}

export async function openSimulator(pool: Pool, config: SimulatorConfig): Promise<SourceSession> {
  const { rows } = await pool.query<{ state: unknown; sim_time: Date }>(
    'SELECT state, sim_time FROM simulator_state WHERE id = 1',
  );
  const simulator = rows.length ? Simulator.fromJSON(rows[0].state) : newSimulator(config);
  const cursor = rows.length ? rows[0].sim_time : historyStart(config.backfillDays);
  const topology = await simulator.topology();
  // Commands applied to the model but not yet committed; they are marked applied with the state that holds them.
  let applied: { id: string; result: unknown }[] = [];
  return {
    source: simulator,
    clusterName: topology.cluster.name,
    cursor,
    async beforeRead(db: Pool) {
      const { rows } = await db.query<{ id: string; kind: string; params: unknown }>(
        'SELECT id, kind, params FROM sim_command WHERE applied_at IS NULL ORDER BY id LIMIT 100',
      );
      for (const row of rows) {
        if (applied.some((done) => done.id === row.id)) continue;
        const parsed = row.kind === 'fault' ? faultInjectionSchema.safeParse(row.params) : null;
        const result = parsed?.success
          ? simulator.injectFault(parsed.data)
          : { ok: false, message: `Unknown or malformed command ${row.kind}` };
        log.info('simulator: command applied', { id: row.id, kind: row.kind, ok: result.ok, message: result.message });
        applied.push({ id: row.id, result });
      }
    },
    async saveState(client: PoolClient, until: Date) {
      if (applied.length) {
        await client.query(
          `UPDATE sim_command c SET applied_at = now(), result = r.result
           FROM unnest($1::bigint[], $2::jsonb[]) AS r(id, result) WHERE c.id = r.id`,
          [applied.map((done) => done.id), applied.map((done) => JSON.stringify(done.result))],
        );
        applied = [];
      }
      await client.query(
        `INSERT INTO simulator_state (id, seed, sim_time, state, saved_at) VALUES (1, $1, $2, $3, now())
         ON CONFLICT (id) DO UPDATE SET sim_time = EXCLUDED.sim_time, state = EXCLUDED.state, saved_at = now()`,
        [config.seed, until, JSON.stringify(simulator.toJSON())],
      );
    },
  };
}
