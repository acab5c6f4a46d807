// The simulator as a collector source: each simulated cluster's model is restored from its simulator_state row (or
// created with history starting FLEET_BACKFILL_DAYS ago) and saved in the same transaction as the rows it produced.
import type { Pool, PoolClient } from 'pg';
import { createSimulator, Simulator, type ActionResult } from '@/lib/sources/simulator';
import { parseSimCommand, type SimCommandInput, type SimCommandResult } from '@/lib/sources/sim-commands/schemas';
import { CLUSTER_NAME } from '@/lib/sources/simulator/topology';
import type { Topology } from '@/lib/sources/types';
import type { SourceSession } from './collector';
import { log } from './log';
import { DAY_MS, MINUTE_MS } from '@/lib/domain/time';

export interface SimulatorConfig {
  seed: number;
  nodes: number;
  backfillDays: number;
  /** The simulated cluster's name in the console; the demo's by default. */
  cluster?: string;
  region?: string;
  /**
   * Whether it also takes commands addressed to no cluster (queued before clusters were named, or by a caller that
   * did not say): the first simulated cluster does. Default true.
   */
  takesUnaddressed?: boolean;
  /** Times the published interruption rate (default 1). */
  faultScale?: number;
  /** FLEET_SIM_START_AT: the time of day the model's clock reads when it is first created (tests and demos). */
  startAt?: Date;
}

/** The simulator's shape, under the name (and region) the console knows the simulated cluster by. */
export function simulatedTopology(topology: Topology, config: Pick<SimulatorConfig, 'cluster' | 'region'>): Topology {
  if (!config.cluster && !config.region) return topology;
  return {
    ...topology,
    cluster: {
      ...topology.cluster,
      name: config.cluster ?? topology.cluster.name,
      region: config.region ?? topology.cluster.region,
    },
  };
}

export function historyStart(backfillDays: number, now = Date.now()): Date {
  const start = now - backfillDays * DAY_MS;
  return new Date(start - (start % MINUTE_MS));
}

export function newSimulator(config: SimulatorConfig, now = Date.now()): Simulator {
  // Only the time of day matters to the model (working hours), so the phase is kept within a day.
  const phase = config.startAt ? Math.round((config.startAt.getTime() - now) / 60_000) % 1440 : 0;
  return createSimulator({
    seed: config.seed,
    nodes: config.nodes,
    startTime: historyStart(config.backfillDays, now),
    faultScale: config.faultScale,
    clockPhaseMinutes: phase,
  });
}

/** What a fault's result keeps beyond ok and message: where it struck, for the fault injection page. */
type FaultResult = ReturnType<Simulator['injectFault']>;

const stored = (result: ActionResult): SimCommandResult => ({
  ok: result.ok,
  message: result.message,
  ...(result.readyAt ? { readyAt: result.readyAt.toISOString() } : {}),
});

/** Carries out one command on the model at its time. */
export function applyCommand(simulator: Simulator, { kind, params }: SimCommandInput): SimCommandResult | FaultResult {
  switch (kind) {
    case 'restart':
      return stored(simulator.restartJob(params.externalId));
    case 'cancel':
      return stored(simulator.cancelJob(params.externalId, undefined, params.reason));
    case 'scale':
      return stored(simulator.scaleService(params.externalId, params.replicas));
    case 'cordon':
      return stored(simulator.cordonNode(params.hostname, undefined, params.reason));
    case 'uncordon':
      return stored(simulator.uncordonNode(params.hostname));
    case 'drain':
      return stored(simulator.drainNode(params.hostname, undefined, params.reason));
    case 'reboot':
      return stored(simulator.rebootNode(params.hostname, undefined, params.reason));
    case 'replace':
      return stored(simulator.replaceNode(params.hostname, undefined, params.reason));
    case 'pool_scale':
      return stored(simulator.scalePool(params.pool, params.nodes));
    case 'fault':
      return simulator.injectFault(params);
  }
}

/** A command the model throws on is answered as failed rather than retried on every step. */
function tryApply(simulator: Simulator, command: SimCommandInput): SimCommandResult | FaultResult {
  try {
    return applyCommand(simulator, command);
  } catch (error) {
    log.error('simulator: command failed', { kind: command.kind, error: String(error) });
    return { ok: false, message: `The simulator could not apply the ${command.kind} command: ${String(error)}` };
  }
}

export async function openSimulator(pool: Pool, config: SimulatorConfig): Promise<SourceSession> {
  const cluster = config.cluster ?? CLUSTER_NAME;
  const takesUnaddressed = config.takesUnaddressed ?? true;
  const { rows } = await pool.query<{ state: unknown; sim_time: Date }>(
    'SELECT state, sim_time FROM simulator_state WHERE cluster = $1',
    [cluster],
  );
  const simulator = rows.length
    ? Simulator.fromJSON(rows[0].state, { faultScale: config.faultScale })
    : newSimulator(config);
  const cursor = rows.length ? rows[0].sim_time : historyStart(config.backfillDays);
  const topology = simulatedTopology(await simulator.topology(), config);
  // Commands applied to the model but not yet committed; they are marked applied with the state that holds them.
  let applied: { id: string; result: unknown }[] = [];
  // Pool sizes as last written to the pool table; null until the first commit writes them.
  let savedPools: string | null = null;
  /** The console's pools follow the model's: desired_nodes is the size a pool was last scaled to. */
  async function savePoolSizes(client: PoolClient) {
    const pools = simulator.pools();
    const key = JSON.stringify(pools.map((p) => p.desiredNodes));
    if (key === savedPools) return;
    await client.query(
      `UPDATE pool p SET desired_nodes = d.desired FROM cluster c, unnest($2::text[], $3::int[]) AS d(name, desired)
       WHERE c.name = $1 AND p.cluster_id = c.id AND p.name = d.name AND p.desired_nodes <> d.desired`,
      [topology.cluster.name, pools.map((p) => p.name), pools.map((p) => p.desiredNodes)],
    );
    savedPools = key;
  }
  return {
    source: simulator,
    clusterName: topology.cluster.name,
    cursor,
    async beforeRead(db: Pool) {
      const { rows } = await db.query<{ id: string; kind: string; params: unknown }>(
        `SELECT id, kind, params FROM sim_command
         WHERE applied_at IS NULL AND (cluster = $1 OR (cluster IS NULL AND $2)) ORDER BY id LIMIT 100`,
        [cluster, takesUnaddressed],
      );
      for (const row of rows) {
        if (applied.some((done) => done.id === row.id)) continue;
        const parsed = parseSimCommand(row.kind, row.params);
        const result = parsed.ok ? tryApply(simulator, parsed.command) : { ok: false, message: parsed.message };
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
      await savePoolSizes(client);
      await client.query(
        `INSERT INTO simulator_state (cluster, seed, sim_time, state, saved_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (cluster) DO UPDATE SET sim_time = EXCLUDED.sim_time, state = EXCLUDED.state, saved_at = now()`,
        [cluster, config.seed, until, simulator.toJSONText()],
      );
    },
  };
}
