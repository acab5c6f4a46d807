// The simulator as a collector source: its model is restored from simulator_state (or created with history
// starting FLEET_BACKFILL_DAYS ago) and saved in the same transaction as the rows it produced.
import type { Pool, PoolClient } from 'pg';
import { createSimulator, Simulator } from '@/lib/sources/simulator';
import type { SourceSession } from './collector';

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

/** The simulator of a running console, shared by the collector and the executor in one worker process. */
let current: Simulator | null = null;
export const currentSimulator = () => current;

export async function openSimulator(pool: Pool, config: SimulatorConfig): Promise<SourceSession> {
  const { rows } = await pool.query<{ state: unknown; sim_time: Date }>('SELECT state, sim_time FROM simulator_state WHERE id = 1');
  const simulator = rows.length ? Simulator.fromJSON(rows[0].state) : newSimulator(config);
  const cursor = rows.length ? rows[0].sim_time : historyStart(config.backfillDays);
  current = simulator;
  const topology = await simulator.topology();
  return {
    source: simulator,
    clusterName: topology.cluster.name,
    cursor,
    async saveState(client: PoolClient, until: Date) {
      await client.query(
        `INSERT INTO simulator_state (id, seed, sim_time, state, saved_at) VALUES (1, $1, $2, $3, now())
         ON CONFLICT (id) DO UPDATE SET sim_time = EXCLUDED.sim_time, state = EXCLUDED.state, saved_at = now()`,
        [config.seed, until, JSON.stringify(simulator.toJSON())],
      );
    },
  };
}
