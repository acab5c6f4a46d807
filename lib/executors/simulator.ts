// The simulator executor, the default. The model lives in the collecting worker, so an action is a sim_command
// row: this queues it and waits until the worker has applied it (on its next step, every few seconds), then
// answers with the model's own answer. The model's delays (a restart's minutes, a reboot's) are the world's;
// the caller observes them as it would on a real cluster.
import type { Pool } from 'pg';
import { simCommandResultSchema, type SimCommandKind, type SimCommandParams } from '@/lib/sources/sim-commands/schemas';
import { failed, type Executor, type ExecutorCall, type ExecutorResult } from './types';
import { MINUTE_MS } from '@/lib/domain/time';

export interface SimulatorExecutorOptions {
  /** How long to wait for the worker to apply a command. */
  timeoutMs?: number;
  /** How often to look whether it has. */
  pollMs?: number;
  /** Who the commands are recorded as requested by. */
  requestedBy?: string;
  /** The simulated cluster the commands are for, when there are several. */
  cluster?: string;
}

type Job = { externalId: string; name: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SimulatorExecutor implements Executor {
  readonly name = 'simulator';
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly requestedBy: string;
  private readonly cluster: string | null;

  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    options: SimulatorExecutorOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? MINUTE_MS;
    this.pollMs = options.pollMs ?? 500;
    this.requestedBy = options.requestedBy ?? 'executor';
    this.cluster = options.cluster ?? null;
  }

  restartJob(job: Job, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('restart', { externalId: job.externalId, name: job.name }, call);
  }

  cancelJob(job: Job, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('cancel', { externalId: job.externalId, name: job.name }, call);
  }

  cordonNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('cordon', { hostname, reason }, call);
  }

  uncordonNode(hostname: string, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('uncordon', { hostname }, call);
  }

  /** Cordons at once; the jobs on the node are evicted after a grace period of a minute or two. */
  drainNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('drain', { hostname, reason }, call);
  }

  rebootNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('reboot', { hostname, reason }, call);
  }

  replaceNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('replace', { hostname, reason }, call);
  }

  scalePool(pool: string, nodes: number, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('pool_scale', { pool, nodes }, call);
  }

  scaleService(service: Job, replicas: number, call?: ExecutorCall): Promise<ExecutorResult> {
    return this.run('scale', { externalId: service.externalId, name: service.name, replicas }, call);
  }

  private async run<K extends SimCommandKind>(
    kind: K,
    params: SimCommandParams<K>,
    call: ExecutorCall | undefined,
  ): Promise<ExecutorResult> {
    const queued = await this.queue(kind, params, call?.key);
    if (queued.kind !== kind)
      return failed(`The key ${call?.key} was already used for a ${queued.kind} command, not ${kind}`);
    const id = queued.id;
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const { rows } = await this.pool.query<{ applied: boolean; result: unknown }>(
        'SELECT applied_at IS NOT NULL AS applied, result FROM sim_command WHERE id = $1',
        [id],
      );
      if (rows[0]?.applied) return answer(rows[0].result);
      const left = deadline - Date.now();
      // The command stays queued: the worker applies it when it comes back, and a retry with the key finds it.
      if (left <= 0)
        return failed(
          `the simulator did not apply the command within ${this.timeoutMs / 1000} s: is the worker running?`,
        );
      await sleep(Math.min(this.pollMs, left));
    }
  }

  /** Inserts the command, or with a key already used finds the command queued under it. */
  private async queue(
    kind: SimCommandKind,
    params: unknown,
    key: string | undefined,
  ): Promise<{ id: string; kind: string }> {
    const { rows } = await this.pool.query<{ id: string; kind: string }>(
      `INSERT INTO sim_command (kind, params, requested_by, idempotency_key, cluster) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (requested_by, idempotency_key) DO NOTHING RETURNING id, kind`,
      [kind, JSON.stringify(params), this.requestedBy, key ?? null, this.cluster],
    );
    if (rows.length) return rows[0];
    const existing = await this.pool.query<{ id: string; kind: string }>(
      'SELECT id, kind FROM sim_command WHERE requested_by = $1 AND idempotency_key = $2',
      [this.requestedBy, key],
    );
    return existing.rows[0];
  }
}

function answer(result: unknown): ExecutorResult {
  const parsed = simCommandResultSchema.safeParse(result);
  if (!parsed.success) return failed('The simulator applied the command but recorded no result');
  return { ok: parsed.data.ok, message: parsed.data.message };
}
