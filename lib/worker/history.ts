// Backfilled history as the worker would have lived it. Read straight through, a simulated month holds the faults
// but none of what they cause: no incident, no automatic restart, no audited action. So history is read in large
// steps up to each minute where a job fails or a node goes down, and from there the worker's own sequence
// (lib/worker/drive.ts: carry out actions, collect, evaluate, recover) runs on the simulated clock, a minute a
// step, until the recoveries it opened have settled; then the large steps go on. Incidents, actions, audit events
// and recoveries carry the simulated times; the simulator applies each action at the minute it was asked for.
import type { Pool } from 'pg';
import { db } from '@/lib/db';
import { SimulatorExecutor } from '@/lib/executors/simulator';
import { ActionRunner } from '@/lib/ops/runner';
import { MINUTE_MS } from '@/lib/domain/time';
import type { Snapshot } from '@/lib/sources/types';
import type { Collector } from './collector';
import { Drive } from './drive';

/** The simulated tick while recovery is under way: the live worker's is 15 s; a minute keeps a month quick. */
const STEP_MS = MINUTE_MS;
/** At least this long after a fault, recovery is given its steps (a node's remediation settles minutes on). */
const AFTER_FAULT_MS = 2 * MINUTE_MS;
/** A recovery that has not settled this long after its fault is left to the live worker's escalation rules. */
const MAX_EPISODE_MS = 90 * MINUTE_MS;

/** A minute the recovery engine acts on: a job failed, or a node went down with a fatal fault. */
export function showsFault(snapshot: Snapshot): boolean {
  return snapshot.events.some((event) => event.kind === 'failed') || snapshot.faults.some((fault) => fault.fatal);
}

export interface HistoryOptions {
  /** The cluster (its name in the console) when the console has several; unset with one. */
  cluster?: string;
  /** The simulator's name for the cluster its executor addresses (several simulated clusters). */
  simulatedCluster?: string;
  /**
   * Where recovery starts to be replayed: history before it is read straight through, as it is much quicker to
   * read (a first start's month would otherwise keep the worker from live data for half an hour). Unset: all of it.
   */
  recoverFrom?: Date;
  onEpisode?(at: Date): void;
}

export interface HistoryResult {
  /** Where the data ends now. */
  until: Date;
  /** Faults met, each followed by the worker's sequence on the simulated clock. */
  episodes: number;
}

/**
 * Reads the collector's source up to `until` (it must lead), running automatic recovery at each fault as it
 * would have run live. Returns where the data ends.
 */
export async function replayHistory(
  pool: Pool,
  collector: Collector,
  until: Date,
  options: HistoryOptions = {},
): Promise<HistoryResult> {
  let clock = new Date(0);
  const executor = new SimulatorExecutor(pool, { cluster: options.simulatedCluster, pollMs: 5 });
  // One action a step: the same history, fault for fault and action for action, on every run of a seed.
  const runner = new ActionRunner(executor, { cluster: options.cluster, now: () => clock, claimBatch: 1 });
  // What spans clusters (SLOs, degraded-job incidents) is the live worker's to evaluate, once history is in.
  const drive = new Drive(pool, collector, runner, { cluster: options.cluster, fleet: false });
  let episodes = 0;
  if (options.recoverFrom)
    clock = await collector.advance(new Date(Math.min(until.getTime(), options.recoverFrom.getTime())));
  for (;;) {
    clock = await collector.advance(until, { stopAfter: showsFault });
    if (clock >= until) return { until: clock, episodes };
    episodes += 1;
    options.onEpisode?.(clock);
    const faultAt = clock.getTime();
    while (clock < until) {
      clock = new Date(Math.min(until.getTime(), clock.getTime() + STEP_MS));
      await drive.step(clock);
      const elapsed = clock.getTime() - faultAt;
      if (elapsed >= MAX_EPISODE_MS || (elapsed >= AFTER_FAULT_MS && !(await underWay()))) break;
    }
  }
}

/** Whether automatic recovery still has something to do: a recovery acting, or an action not yet finished. */
async function underWay(): Promise<boolean> {
  const [recoveries, actions] = await Promise.all([
    db.recovery.count({ where: { state: 'acting' } }),
    db.action.count({ where: { state: { in: ['pending', 'running'] } } }),
  ]);
  return recoveries + actions > 0;
}
