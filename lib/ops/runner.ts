// The worker's side of operations: it claims pending actions (SKIP LOCKED, so two workers never take the same
// one), carries each out through the executor, and then watches the cluster's own records until the change is
// seen (a restarted job running again, a rebooted node back) or the wait runs out. Every outcome is written to
// the action, its audit trail and its incident.
import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { errorMeaning } from '@/lib/db/errors';
import { db, Prisma } from '@/lib/db';
import type { Executor, ExecutorResult } from '@/lib/executors/types';
import { addIncidentEvent } from '@/lib/incidents/signals';
import { formatDuration } from '@/lib/domain/units';
import { OPERATIONS, type OperationKind } from './kinds';
import { gpusHeldOnNode } from './targets';
import type { ActorKind } from '@/lib/domain/enums';
import { MINUTE_MS } from '@/lib/domain/time';

interface ActionRow {
  id: string;
  kind: OperationKind;
  target_type: 'job' | 'node' | 'pool';
  target_id: string;
  params: { label?: string; count?: number; before?: Record<string, unknown> } | null;
  reason: string;
  actor_kind: ActorKind;
  actor_id: number | null;
  incident_id: number | null;
  started_at: Date;
  message: string | null;
  answered_at: Date | null;
}

const CLAIM_BATCH = 8;
/** Actions carried out at once; an executor call can wait a minute (a simulator step, an API's drain). */
const MAX_IN_FLIGHT = 32;

export interface RunnerOptions {
  /** The cluster whose actions this runner carries out (its executor acts on that cluster); all when unset. */
  cluster?: string;
  now?: () => Date;
  log?: (message: string, fields: Record<string, unknown>) => void;
  /**
   * At most this many actions claimed at a time (default CLAIM_BATCH). One makes a simulated history repeatable:
   * actions carried out side by side reach the simulator in whatever order their calls land.
   */
  claimBatch?: number;
}

export class ActionRunner {
  private readonly now: () => Date;
  private readonly inFlight = new Set<Promise<void>>();
  private finishedCount = 0;

  constructor(
    private readonly executor: Executor,
    private readonly options: RunnerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Claims what is pending and starts carrying it out without waiting for the executor; returns the ids it took.
   * `idle()` waits for what is under way.
   */
  async runPending(): Promise<string[]> {
    const room = Math.min(this.options.claimBatch ?? CLAIM_BATCH, MAX_IN_FLIGHT - this.inFlight.size);
    if (room <= 0) return [];
    const claimed = await db.$queryRaw<ActionRow[]>`
      UPDATE action a SET state = 'running', started_at = ${this.now()}, executor = ${this.executor.name},
        params = coalesce(a.params, '{}'::jsonb) || jsonb_build_object('before', (
          CASE a.target_type
            WHEN 'job' THEN (SELECT jsonb_build_object('restartCount', j.restart_count, 'state', j.state)
                             FROM job j WHERE j.id = a.target_id::int)
            WHEN 'node' THEN (SELECT jsonb_build_object('stateSince', n.state_since, 'state', n.state)
                              FROM node n WHERE n.id = a.target_id::int)
            ELSE '{}'::jsonb END))
      WHERE a.id IN (SELECT p.id FROM action p WHERE p.state = 'pending' AND ${this.inCluster(Prisma.sql`p`)}
                     ORDER BY p.requested_at, p.idempotency_key LIMIT ${room} FOR UPDATE SKIP LOCKED)
      RETURNING a.id, a.kind, a.target_type, a.target_id, a.params, a.reason, a.actor_kind::text AS actor_kind,
                a.actor_id, a.incident_id, a.started_at`;
    // Independent targets: carried out side by side, as an operator with several terminals would.
    for (const row of claimed) {
      const running: Promise<void> = this.execute(row)
        .catch((error) => this.options.log?.('action not recorded', { id: row.id, error: (error as Error).message }))
        .finally(() => this.inFlight.delete(running));
      this.inFlight.add(running);
    }
    return claimed.map((row) => row.id);
  }

  /** An action (aliased `alias`) whose target is in this runner's cluster. */
  private inCluster(alias: Prisma.Sql): Prisma.Sql {
    if (this.options.cluster === undefined) return Prisma.sql`true`;
    return Prisma.sql`${this.options.cluster} = (SELECT tc.name FROM cluster tc WHERE tc.id = CASE ${alias}.target_type
      WHEN 'job' THEN (SELECT tj.cluster_id FROM job tj WHERE tj.id = ${alias}.target_id::int)
      WHEN 'node' THEN (SELECT tn.cluster_id FROM node tn WHERE tn.id = ${alias}.target_id::int)
      WHEN 'pool' THEN (SELECT tp.cluster_id FROM pool tp WHERE tp.id = ${alias}.target_id::int) END)`;
  }

  /** Whether any action finished since the last call (instant ones finish as the executor answers). */
  finishedSinceLastAsk(): boolean {
    const any = this.finishedCount > 0;
    this.finishedCount = 0;
    return any;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async execute(row: ActionRow) {
    let result: ExecutorResult;
    try {
      result = await this.call(row);
    } catch (error) {
      this.options.log?.('executor call failed', { id: row.id, error: String(error) });
      result = { ok: false, message: `the executor failed: ${errorMeaning(error)}` };
    }
    this.options.log?.('action carried out', { id: row.id, kind: row.kind, ok: result.ok, message: result.message });
    if (!result.ok) return this.finish(row, 'failed', result.message);
    // Even an instant action waits for the records: a page that follows it reads them when it has finished.
    await db.action.update({ where: { id: row.id }, data: { message: result.message, answeredAt: this.now() } });
  }

  private async call(row: ActionRow): Promise<ExecutorResult> {
    const e = this.executor;
    const call = { key: `action:${row.id}` };
    const id = Number(row.target_id);
    if (row.target_type === 'job') {
      const job = await db.job.findUnique({ where: { id }, select: { externalId: true, name: true } });
      if (!job) return { ok: false, message: `job ${id} no longer exists` };
      if (row.kind === 'job.restart') return e.restartJob(job, call);
      if (row.kind === 'job.cancel') return e.cancelJob(job, call);
      return e.scaleService(job, row.params?.count ?? 0, call);
    }
    if (row.target_type === 'node') {
      const node = await db.node.findUnique({ where: { id }, select: { hostname: true } });
      if (!node) return { ok: false, message: `node ${id} no longer exists` };
      const reason = row.reason;
      switch (row.kind) {
        case 'node.cordon':
          return e.cordonNode(node.hostname, reason, call);
        case 'node.uncordon':
          return e.uncordonNode(node.hostname, call);
        case 'node.drain':
          return e.drainNode(node.hostname, reason, call);
        case 'node.reboot':
          return e.rebootNode(node.hostname, reason, call);
        default:
          return e.replaceNode(node.hostname, reason, call);
      }
    }
    const pool = await db.pool.findUnique({ where: { id }, select: { name: true } });
    if (!pool) return { ok: false, message: `pool ${id} no longer exists` };
    return e.scalePool(pool.name, row.params?.count ?? 0, call);
  }

  /**
   * Looks for the change each running action waits for; returns how many finished. `readFrom`: the start of a read
   * of the cluster that has just been written, after which an instant action the executor had accepted before is
   * done whatever its target shows (a cordoned node that is down says down).
   */
  async settle(readFrom?: Date): Promise<number> {
    const running = await db.$queryRaw<ActionRow[]>`
      SELECT id, kind, target_type, target_id, params, reason, actor_kind::text AS actor_kind, actor_id, incident_id,
             started_at, message, answered_at
      FROM action a WHERE a.state = 'running' AND a.message IS NOT NULL AND ${this.inCluster(Prisma.sql`a`)}
      ORDER BY a.started_at LIMIT 200`;
    let finished = 0;
    for (const row of running) {
      const seen = OPERATIONS[row.kind].instant ? await caughtUp(row, readFrom) : await observe(row);
      const waited = this.now().getTime() - row.started_at.getTime();
      if (seen.done) {
        await this.finish(row, seen.ok ? 'succeeded' : 'failed', seen.message);
        finished += 1;
      } else if (waited > OPERATIONS[row.kind].settleMinutes * MINUTE_MS && row.answered_at && seen.instant) {
        // Accepted by the cluster, but the console could not read it back (its source is silent): said so.
        const minutes = OPERATIONS[row.kind].settleMinutes;
        await this.finish(row, 'succeeded', `${row.message} (not read back within ${minutes} minutes)`);
        finished += 1;
      } else if (waited > OPERATIONS[row.kind].settleMinutes * MINUTE_MS) {
        await this.finish(
          row,
          'failed',
          `${seen.message}: not seen within ${OPERATIONS[row.kind].settleMinutes} minutes`,
        );
        finished += 1;
      }
    }
    return finished;
  }

  private async finish(row: ActionRow, state: 'succeeded' | 'failed', message: string) {
    const now = this.now();
    const took = formatDuration(now.getTime() - row.started_at.getTime());
    await db.$transaction(async (tx) => {
      const updated = await tx.action.updateMany({
        where: { id: row.id, state: 'running' },
        data: { state, message, finishedAt: now },
      });
      if (!updated.count) return;
      this.finishedCount += 1;
      const actor = row.actor_id
        ? await tx.user.findUnique({ where: { id: row.actor_id }, select: { id: true, email: true } })
        : null;
      await recordAudit(
        {
          actor: actor ?? 'system',
          action: row.kind,
          targetType: row.target_type,
          targetId: row.target_id,
          reason: row.reason,
          input: { actionId: row.id, outcome: state },
          result: state === 'succeeded' ? 'ok' : 'failed',
          message: `${state} after ${took}: ${message}`,
          at: now,
        },
        tx,
      );
      if (row.incident_id) {
        await addIncidentEvent(tx, row.incident_id, {
          kind: 'action',
          message: `${OPERATIONS[row.kind].label} ${row.params?.label ?? row.target_id} ${state} after ${took}: ${message}`,
          actionId: row.id,
          at: now,
        });
      }
    });
  }
}

/**
 * An instant action is done once the console's records have caught up with the executor's answer: they show the
 * change already (the simulator's executor answers once its worker has applied it), or the cluster has been read
 * since the answer (a Kubernetes or Slurm cordon is one call; the next read brings the node's new state).
 */
async function caughtUp(row: ActionRow, readFrom: Date | undefined): Promise<Observation> {
  const done = { done: true, ok: true, message: row.message ?? 'done' };
  if (!row.answered_at) return waiting('accepted; waiting for the next read of the cluster');
  if (readFrom && row.answered_at <= readFrom) return done;
  const id = Number(row.target_id);
  if (row.target_type === 'node') {
    const node = await db.node.findUnique({ where: { id }, select: { state: true } });
    if (!node) return { done: true, ok: false, message: 'the node no longer exists' };
    const cordoned = node.state === 'cordoned' || node.state === 'draining';
    if (row.kind === 'node.cordon' ? cordoned : !cordoned) return done;
  } else if (row.target_type === 'job') {
    const job = await db.job.findUnique({ where: { id }, select: { endedAt: true } });
    if (!job) return { done: true, ok: false, message: 'the job no longer exists' };
    if (job.endedAt) return done;
  }
  return { ...waiting('accepted; waiting for the next read of the cluster'), instant: true };
}

interface Observation {
  done: boolean;
  ok: boolean;
  message: string;
  /** An instant action the executor accepted, waiting to be read back. */
  instant?: boolean;
}

const waiting = (message: string): Observation => ({ done: false, ok: false, message });

/** What the cluster's records say about a running action's change. */
async function observe(row: ActionRow): Promise<Observation> {
  const id = Number(row.target_id);
  const before = row.params?.before ?? {};
  if (row.target_type === 'job') {
    const job = await db.job.findUnique({
      where: { id },
      select: { state: true, health: true, restartCount: true, replicas: true, name: true },
    });
    if (!job) return { done: true, ok: false, message: 'the job no longer exists' };
    if (row.kind === 'job.restart') {
      const restarted = job.restartCount > Number(before.restartCount ?? job.restartCount);
      if (restarted && job.state === 'running')
        return { done: true, ok: true, message: `${job.name} is running again` };
      if (job.state === 'succeeded' || job.state === 'cancelled')
        return { done: true, ok: false, message: `${job.name} ${job.state} before it restarted` };
      return waiting(restarted ? `${job.name} is starting` : `${job.name} has not restarted yet`);
    }
    if (row.kind === 'service.scale') {
      const want = row.params?.count ?? 0;
      if (job.replicas === want) return { done: true, ok: true, message: `${job.name} runs ${want} replicas` };
      return waiting(`${job.name} runs ${job.replicas ?? 0} of ${want} replicas`);
    }
  }
  if (row.target_type === 'node') {
    const node = await db.node.findUnique({
      where: { id },
      select: { hostname: true, state: true, stateSince: true, stateReason: true },
    });
    if (!node) return { done: true, ok: false, message: 'the node no longer exists' };
    if (row.kind === 'node.drain') {
      const held = await gpusHeldOnNode(db, id);
      if (held === 0 && node.state !== 'draining')
        return { done: true, ok: true, message: `${node.hostname} has no jobs left` };
      return waiting(`${node.hostname} still holds ${held} GPU${held === 1 ? '' : 's'}`);
    }
    if (row.kind === 'node.reboot' || row.kind === 'node.replace') {
      const since = before.stateSince ? new Date(String(before.stateSince)).getTime() : 0;
      const moved = node.stateSince.getTime() > since;
      const back = (node.state === 'ready' || node.state === 'cordoned') && moved;
      if (back) return { done: true, ok: true, message: `${node.hostname} is back (${node.state})` };
      // Down again after it went through the reboot: the reboot did not fix it.
      if (node.state === 'down' && moved)
        return {
          done: true,
          ok: false,
          message: `${node.hostname} is down again: ${node.stateReason ?? 'no reason given'}`,
        };
      return waiting(`${node.hostname} is ${node.state}`);
    }
  }
  if (row.target_type === 'pool') {
    const want = row.params?.count ?? 0;
    const [counts] = await db.$queryRaw<{ desired: number; active: number; provisioning: number; name: string }[]>`
      SELECT p.name, p.desired_nodes AS desired,
             count(n.id) FILTER (WHERE n.state NOT IN ('retired', 'provisioning'))::int AS active,
             count(n.id) FILTER (WHERE n.state = 'provisioning')::int AS provisioning
      FROM pool p LEFT JOIN node n ON n.pool_id = p.id WHERE p.id = ${id} GROUP BY p.id`;
    if (!counts) return { done: true, ok: false, message: 'the pool no longer exists' };
    if (counts.active === want && counts.provisioning === 0)
      return { done: true, ok: true, message: `${counts.name} has ${want} nodes` };
    return waiting(`${counts.name} has ${counts.active} of ${want} nodes`);
  }
  return { done: true, ok: true, message: 'done' };
}
