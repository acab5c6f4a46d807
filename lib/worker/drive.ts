// The collecting worker's sequence on a clock the caller moves: carry out pending actions, collect (which applies
// the simulator's queued commands), evaluate job health and SLOs, run automatic recovery, and watch running
// actions. The worker runs it on the wall clock; the fault drill (bench/drill.ts) and the tests run it faster than
// real time, through the same code and the same database.
import type { Pool } from 'pg';
import { syncDegradedIncidents } from '@/lib/incidents/health';
import { ActionRunner } from '@/lib/ops/runner';
import { recoverTick, type RecoveryTick } from '@/lib/recovery/engine';
import type { Collector } from './collector';
import { evaluateJobHealth } from './evaluate';
import { evaluateSlos } from './slo';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Drive {
  /** With several runners, each stands for a worker: they claim actions and run recovery side by side. */
  private readonly runners: ActionRunner[];

  constructor(
    private readonly pool: Pool,
    private readonly collector: Collector,
    runners: ActionRunner | ActionRunner[],
  ) {
    this.runners = Array.isArray(runners) ? runners : [runners];
  }

  /** One worker step to `now`. Returns what recovery did. */
  async step(now: Date): Promise<RecoveryTick> {
    const claimed = (await Promise.all(this.runners.map((runner) => runner.runPending()))).flat();
    await this.queued(claimed);
    const until = await this.collector.advance(now);
    await Promise.all(this.runners.map((runner) => runner.idle()));
    // What the collect showed finishes actions first, so recovery moves on to its next step in this one.
    for (const runner of this.runners) await runner.settle();
    await evaluateJobHealth(this.pool, until);
    await evaluateSlos(this.pool, until);
    await syncDegradedIncidents(now);
    const ticks = await Promise.all(this.runners.map(() => recoverTick(now)));
    return {
      opened: ticks.reduce((sum, tick) => sum + tick.opened, 0),
      advanced: ticks.reduce((sum, tick) => sum + tick.advanced, 0),
      notificationIds: ticks.flatMap((tick) => tick.notificationIds),
    };
  }

  /** Waits until the executor has queued a command for each claimed action, so this step's collect applies it. */
  private async queued(actionIds: string[]) {
    if (!actionIds.length) return;
    const keys = actionIds.map((id) => `action:${id}`);
    for (let tries = 0; tries < 500; tries++) {
      const { rows } = await this.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sim_command WHERE idempotency_key = ANY($1)',
        [keys],
      );
      if (rows[0].n >= keys.length) return;
      // An action the executor answered without queueing (refused) queues nothing.
      if (this.runners.every((runner) => runner.inFlightCount === 0)) return;
      await sleep(5);
    }
  }
}
