// The worker's sequence for one cluster, in three phases on a clock the caller moves:
// - act:     claim the cluster's pending actions and carry them out; settle running ones from the records; move
//            recoveries on;
// - collect: (the cluster's collecting leader) read the source, evaluate job health (and, for the fleet, SLOs and
//            degraded-job incidents), run automatic recovery;
// - outbox:  hand notifications written by any process to the delivery queue.
// The worker process runs each phase of each cluster on its own timer (lib/worker/main.ts), so a silent cluster
// never holds the others up. The fault drill (bench/drill.ts) and the tests call `step`, which runs the same phases
// in the same order on a simulated clock, faster than real time.
import type { Pool } from 'pg';
import { syncDegradedIncidents } from '@/lib/incidents/health';
import { ActionRunner } from '@/lib/ops/runner';
import { advanceRecoveries, recoverTick, type RecoveryTick } from '@/lib/recovery/engine';
import { SourceError } from '@/lib/sources/types';
import type { Collector } from './collector';
import { evaluateJobHealth } from './evaluate';
import { ensurePartitions } from './maintenance';
import { evaluateSlos } from './slo';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Recovery acts only on live data: not while the collector is catching up on history. */
export const LIVE_LAG_MS = 5 * 60_000;

/** Where notifications go once their transaction has committed. Without one, they wait in the outbox. */
export interface Outbox {
  /** Queues these notifications for delivery. */
  queue(ids: bigint[]): Promise<unknown>;
  /** Queues any notification not yet queued (written by the web app, or left by a stopped worker). */
  sweep(): Promise<unknown>;
}

export interface DriveOptions {
  /** The cluster this sequence is for; unset: every cluster the database holds (a console with one). */
  cluster?: string;
  /** The kind of source that reads it, recorded with a failed read. */
  sourceKind?: string;
  /**
   * Whether this sequence also evaluates what spans clusters (SLOs, degraded-job incidents), and as of when.
   * Exactly one cluster's sequence does. Default: yes, as of this cluster's data.
   */
  fleet?: false | { until(clusterUntil: Date | null): Promise<Date | null> };
  outbox?: Outbox;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export class Drive {
  /** With several runners, each stands for a worker: they claim actions and run recovery side by side. */
  private readonly runners: ActionRunner[];

  constructor(
    private readonly pool: Pool,
    private readonly collector: Collector,
    runners: ActionRunner | ActionRunner[],
    private readonly options: DriveOptions = {},
  ) {
    this.runners = Array.isArray(runners) ? runners : [runners];
  }

  /**
   * Claims pending actions and starts carrying them out (without waiting for the executor), settles running ones
   * whose change the records show, and moves recoveries on to their next step when one of their actions finished.
   * Returns the ids of the actions claimed.
   */
  async act(now: Date): Promise<string[]> {
    const claimed = (await Promise.all(this.runners.map((runner) => runner.runPending()))).flat();
    await this.settle(now);
    return claimed;
  }

  /**
   * The collecting leader's phase: reads the source up to `now`, evaluates what it read, and, on live data, runs
   * automatic recovery. Returns null when another worker collects. A failed read is recorded for the pages; a lost
   * database connection gives up the lead, so that another worker can take over.
   */
  async collect(now: Date, options: { awaitActions?: boolean } = {}): Promise<RecoveryTick | null> {
    if (!(await this.collector.lead())) return null;
    const { cluster } = this.options;
    let until: Date | null = null;
    let failure: unknown = null;
    try {
      await ensurePartitions(this.pool, now.getTime());
      until = await this.collector.advance(now);
    } catch (error) {
      failure = error;
      await this.collector.recordFailure(this.options.sourceKind ?? 'source', error);
      if (!(error instanceof SourceError) && isConnectionLost(error)) {
        await this.collector.resign('connection lost');
        throw error;
      }
    }
    if (until) {
      // On a simulated clock, the executor's calls of this step have returned by the time the records are read.
      if (options.awaitActions) await Promise.all(this.runners.map((runner) => runner.idle()));
      // What the collect showed finishes actions first, so recovery moves on to its next step in this one.
      await this.settle(now, now);
      await evaluateJobHealth(this.pool, until, cluster);
    }
    // What spans clusters is evaluated even while this cluster's source is silent.
    if (this.options.fleet !== false) {
      const fleetUntil = this.options.fleet ? await this.options.fleet.until(until) : until;
      if (fleetUntil) {
        await evaluateSlos(this.pool, fleetUntil);
        if (now.getTime() - fleetUntil.getTime() < LIVE_LAG_MS) await this.deliver(await syncDegradedIncidents(now));
      }
    }
    if (failure) throw failure;
    // Recovery acts only on live data.
    if (!until || now.getTime() - until.getTime() >= LIVE_LAG_MS)
      return { opened: 0, advanced: 0, notificationIds: [] };
    const ticks = await Promise.all(this.runners.map(() => recoverTick(now, cluster)));
    const tick: RecoveryTick = {
      opened: ticks.reduce((sum, t) => sum + t.opened, 0),
      advanced: ticks.reduce((sum, t) => sum + t.advanced, 0),
      notificationIds: ticks.flatMap((t) => t.notificationIds),
    };
    await this.deliver(tick.notificationIds);
    if (tick.opened || tick.advanced) {
      this.options.log?.('recovery', { cluster, opened: tick.opened, moved: tick.advanced });
    }
    return tick;
  }

  /** Hands notifications not yet queued to the delivery queue. */
  async outbox(): Promise<void> {
    await this.options.outbox?.sweep();
  }

  /**
   * One whole worker step to `now`, as the worker runs it: act, then collect (which applies the commands the
   * actions queued), act again on what recovery asked for, then the outbox. Used on a simulated clock by the drill and the tests.
   */
  async step(now: Date): Promise<RecoveryTick> {
    const claimed = (await Promise.all(this.runners.map((runner) => runner.runPending()))).flat();
    await this.queued(claimed);
    const tick = await this.collect(now, { awaitActions: true });
    // The worker claims actions every second: what this step's recovery asked for starts in this step, not the next.
    await this.queued((await Promise.all(this.runners.map((runner) => runner.runPending()))).flat());
    await this.outbox();
    return tick ?? { opened: 0, advanced: 0, notificationIds: [] };
  }

  /** Gives up collecting, so that another worker takes over at once (at shutdown). */
  async resign(): Promise<void> {
    await this.collector.resign('stopping');
  }

  /** Waits for what the runners are carrying out (at shutdown). */
  async idle(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.idle()));
  }

  /** `readFrom`: the start of the read of the cluster just written, when settling after a collect. */
  private async settle(now: Date, readFrom?: Date) {
    let finished = 0;
    for (const runner of this.runners) finished += await runner.settle(readFrom);
    // A failed action finishes as the executor answers, between settles.
    const answered = this.runners.map((runner) => runner.finishedSinceLastAsk()).some(Boolean);
    if (!finished && !answered) return;
    const moved = await advanceRecoveries(now);
    await this.deliver(moved.notificationIds);
  }

  private async deliver(ids: bigint[]) {
    if (ids.length) await this.options.outbox?.queue(ids);
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

function isConnectionLost(error: unknown): boolean {
  return (
    (error as { code?: string }).code === 'ECONNREFUSED' || /terminat|connection/i.test((error as Error).message ?? '')
  );
}
