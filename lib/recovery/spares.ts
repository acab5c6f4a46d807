// Warm spares (DOMAIN.md "Automatic recovery"): a pool can hold a number of healthy nodes out of service, cordoned
// by recovery, so that a node being replaced has a spare take its place at once (an uncordon: seconds) rather than
// the pool waiting the minutes a replacement takes. The spare is replenished afterwards: the keeper holds the next
// ready, idle node of the pool (the latest back first, so a replaced node usually becomes the next spare), never one
// that a job about to run again is due back on.
import 'server-only';
import { db, type Prisma } from '@/lib/db';
import { ActionError } from '@/lib/errors';
import { requestOperation } from '@/lib/ops/request';
import { JOB_RECOVERY_TARGET_MS } from '@/lib/domain/recovery';
import { MINUTE_MS } from '@/lib/domain/time';

type Tx = Prisma.TransactionClient;

/** A spare whose cordon has not shown in the records after this long was put back into service by someone. */
const HOLD_SETTLE_MS = 5 * MINUTE_MS;

/**
 * A job that will run again is due back on the nodes it left (a failed job's GPUs, held for its restart) within the
 * 5-minute job target: the scheduler keeps them for it meanwhile (Kueue keeps a failed workload's quota, Slurm and
 * the kubelet restart it where it was; the simulator holds them until the whole minute 5 minutes after the failure).
 * Holding one as a spare then would delay the restart or push it elsewhere just when it has to be running again.
 * Past the target the restart is late, the scheduler has given its place up, and the node is fair game.
 */
const LEFT_FOR_RESTART_MS = JOB_RECOVERY_TARGET_MS;

export interface Spare {
  id: number;
  hostname: string;
}

/**
 * Takes a spare of the node's pool for it: cordoned and running nothing (no longer a spare from now); null when the
 * pool has none ready.
 */
export async function claimSpare(tx: Tx, nodeId: number): Promise<Spare | null> {
  const [spare] = await tx.$queryRaw<Spare[]>`
    SELECT s.id, s.hostname FROM node s JOIN node n ON n.pool_id = s.pool_id
    WHERE n.id = ${nodeId} AND s.id <> n.id AND s.spare_since IS NOT NULL AND s.state = 'cordoned'
      AND NOT EXISTS (SELECT 1 FROM gpu g JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL WHERE g.node_id = s.id)
    ORDER BY s.spare_since, s.id LIMIT 1 FOR UPDATE OF s SKIP LOCKED`;
  if (!spare) return null;
  await tx.node.update({ where: { id: spare.id }, data: { spareSince: null } });
  return spare;
}

/** Gives a claimed spare back to its pool's spares (its swap was refused). */
export async function returnSpare(tx: Tx, spare: Spare, since: Date): Promise<void> {
  await tx.node.update({ where: { id: spare.id }, data: { spareSince: since } });
}

/**
 * Keeps each pool's spares at its setting: holds ready, idle nodes when it has too few, puts the newest back into
 * service when it has too many, and forgets a spare that went down or that a person put back into service.
 * `cluster`: only that cluster's pools. Returns how many nodes it asked to hold or release.
 */
export async function keepSpares(now: Date, cluster?: string): Promise<number> {
  await db.$executeRaw`
    UPDATE node SET spare_since = NULL
    WHERE spare_since IS NOT NULL
      AND (state NOT IN ('cordoned', 'draining', 'ready') OR (state = 'ready' AND spare_since < ${new Date(now.getTime() - HOLD_SETTLE_MS)}))`;
  const pools = await db.$queryRaw<{ id: number; name: string }[]>`
    SELECT p.id, p.name FROM pool p
    WHERE (p.warm_spares > 0 OR EXISTS (SELECT 1 FROM node n WHERE n.pool_id = p.id AND n.spare_since IS NOT NULL))
      AND (${cluster ?? null}::text IS NULL OR p.cluster_id = (SELECT id FROM cluster WHERE name = ${cluster ?? null}))`;
  let asked = 0;
  for (const pool of pools) asked += await keepPool(pool, now);
  return asked;
}

async function keepPool(pool: { id: number; name: string }, now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    // One worker keeps a pool at a time; another skips it this tick rather than wait.
    const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext('warm_spares'), ${pool.id}) AS locked`;
    if (!locked) return 0;
    const [{ want, have }] = await tx.$queryRaw<{ want: number; have: number }[]>`
      SELECT p.warm_spares AS want, (SELECT count(*)::int FROM node n WHERE n.pool_id = p.id AND n.spare_since IS NOT NULL) AS have
      FROM pool p WHERE p.id = ${pool.id}`;
    if (have < want) return hold(tx, pool, want - have, now);
    if (have > want) return release(tx, pool, have - want);
    return 0;
  });
}

async function hold(tx: Tx, pool: { id: number; name: string }, count: number, now: Date): Promise<number> {
  // Ready, with nothing under way on it; the least busy first, then the latest back. An idle node is cordoned and is
  // a spare at once; a busy one is drained, as a pool scale-down drains: its jobs get their grace period, then go on
  // from their checkpoints elsewhere. None a job that will run again holds, or left less than LEFT_FOR_RESTART_MS
  // ago: one queued or restarting, failed with its restart to come (unless recovery gave it up: switched off, not
  // covered, the breaker, a failed step), or under a restart or a recovery now; never one that succeeded or was
  // cancelled. When none is left the pool holds fewer this tick; the keeper tries again at the next.
  const since = new Date(now.getTime() - LEFT_FOR_RESTART_MS);
  const nodes = await tx.$queryRaw<{ id: number; state_since: Date; held: number }[]>`
    WITH due_back AS (
      SELECT j.id FROM job j
      WHERE j.state IN ('pending', 'recovering')
         OR (j.state = 'failed' AND coalesce(j.ended_at, j.health_since) > ${since}
             AND NOT EXISTS (SELECT 1 FROM recovery r
                             WHERE r.fault_key = 'job:' || j.id || ':job_failed:' || j.restart_count
                               AND r.state IN ('disabled', 'escalated', 'failed')))
      UNION
      SELECT j.id FROM job j
      JOIN (SELECT r.job_id AS id FROM recovery r WHERE r.state = 'acting' AND r.job_id IS NOT NULL
            UNION SELECT x.target_id::int FROM action x
                  WHERE x.kind = 'job.restart' AND x.target_type = 'job' AND x.state IN ('pending', 'running')) u
        ON u.id = j.id
      WHERE j.state NOT IN ('succeeded', 'cancelled')
    ), kept AS (
      SELECT DISTINCT g.node_id FROM due_back j JOIN allocation a ON a.job_id = j.id JOIN gpu g ON g.id = a.gpu_id
      WHERE a."to" IS NULL OR a."to" > ${since}
    )
    SELECT n.id, n.state_since,
           (SELECT count(*)::int FROM gpu g JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL
            WHERE g.node_id = n.id) AS held
    FROM node n
    WHERE n.pool_id = ${pool.id} AND n.state = 'ready' AND n.spare_since IS NULL
      AND NOT EXISTS (SELECT 1 FROM action x WHERE x.target_type = 'node' AND x.target_id = n.id::text
                        AND x.state IN ('pending', 'running'))
      AND NOT EXISTS (SELECT 1 FROM kept WHERE kept.node_id = n.id)
    ORDER BY held, n.state_since DESC, n.id
    LIMIT ${count} FOR UPDATE OF n SKIP LOCKED`;
  let asked = 0;
  for (const node of nodes) {
    const kind = node.held > 0 ? 'node.drain' : 'node.cordon';
    if (await ask(tx, kind, node.id, `spare:${node.id}:hold:${node.state_since.getTime()}`, pool)) {
      await tx.node.update({ where: { id: node.id }, data: { spareSince: now } });
      asked += 1;
    }
  }
  return asked;
}

async function release(tx: Tx, pool: { id: number; name: string }, count: number): Promise<number> {
  const spares = await tx.$queryRaw<{ id: number; spare_since: Date }[]>`
    SELECT n.id, n.spare_since FROM node n WHERE n.pool_id = ${pool.id} AND n.spare_since IS NOT NULL
    ORDER BY n.spare_since DESC, n.id LIMIT ${count} FOR UPDATE OF n SKIP LOCKED`;
  for (const spare of spares) {
    await tx.node.update({ where: { id: spare.id }, data: { spareSince: null } });
    await ask(tx, 'node.uncordon', spare.id, `spare:${spare.id}:release:${spare.spare_since.getTime()}`, pool);
  }
  return spares.length;
}

/** Asks for a cordon or an uncordon as the system; false when it is refused (the node's state moved on). */
async function ask(
  tx: Tx,
  kind: 'node.cordon' | 'node.drain' | 'node.uncordon',
  nodeId: number,
  idempotencyKey: string,
  pool: { name: string },
): Promise<boolean> {
  try {
    await requestOperation(tx, {
      kind,
      targetId: nodeId,
      reason:
        kind === 'node.uncordon'
          ? `No longer needed as a warm spare of ${pool.name}; back in service.`
          : `Held as a warm spare of ${pool.name}, ready to take a replaced node's place at once.`,
      idempotencyKey,
      requester: { kind: 'system' },
    });
    return true;
  } catch (error) {
    if (error instanceof ActionError) return false;
    throw error;
  }
}
