// Idempotency keys of server actions (table action_request): a double submit acts once and both answers are the
// first one's. A key belongs to its sender: the same key from someone else is simply another request.
import 'server-only';
import { db, type Prisma, type Tx } from '@/lib/db';

export type Replay = { replayed: true; conflict: boolean; data: unknown };

/** JSON with keys sorted, so that input read back from JSONB compares equal to the input sent. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * Claims the caller's key in `tx`: null when it is new. A twin sent at the same time blocks on the insert until
 * the first commits (a bounded wait), then reads its answer; the key reused with other input or for another action
 * is a conflict. 'pending' when the first is still at work outside a transaction (see waitForAnswer).
 */
export async function claim(
  tx: Tx,
  request: { key: string; action: string; actorId: number; input: unknown },
): Promise<Replay | 'pending' | null> {
  const { key, action, actorId, input } = request;
  const inserted = await tx.$executeRaw`
    INSERT INTO action_request (key, action, actor_id, input) VALUES (${key}, ${action}, ${actorId}, ${canonicalJson(input)}::jsonb)
    ON CONFLICT (actor_id, key) DO NOTHING`;
  if (inserted === 1) return null;
  const first = await tx.actionRequest.findUniqueOrThrow({ where: { actorId_key: { actorId, key } } });
  const same = first.action === action && canonicalJson(first.input) === canonicalJson(input);
  if (same && first.result === null) return 'pending';
  return { replayed: true, conflict: !same, data: (first.result as { data?: unknown } | null)?.data ?? null };
}

/** Keeps the answer under the key, for a twin or a retry to read. */
export async function keepAnswer(tx: Tx, actorId: number, key: string, data: unknown) {
  await tx.actionRequest.update({
    where: { actorId_key: { actorId, key } },
    data: { result: { data: (data ?? null) as Prisma.InputJsonValue } },
  });
}

/** Frees the key of work that failed outside a transaction, so that sending it again is trying again. */
export async function releaseKey(actorId: number, key: string) {
  await db.$executeRaw`DELETE FROM action_request WHERE actor_id = ${actorId} AND key = ${key} AND result IS NULL`;
}

/** Polls (no transaction held) until the first request's answer is kept; null if it is gone or time is up. */
export async function waitForAnswer(actorId: number, key: string, deadline: number): Promise<Replay | null> {
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const row = await db.actionRequest.findUnique({ where: { actorId_key: { actorId, key } } });
    if (!row) return null;
    if (row.result !== null) return { replayed: true, conflict: false, data: (row.result as { data?: unknown }).data };
  }
  return null;
}
