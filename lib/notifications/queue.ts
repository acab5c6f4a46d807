// Notifications go out through a pg-boss queue: a row per message and channel (state, attempts, last error),
// a job per row, retried with exponential backoff. The row's dedup key makes each message go once per channel.
import 'server-only';
import type PgBoss from 'pg-boss';
import { db, Prisma } from '@/lib/db';
import type { NotificationPayload } from './payload';
import { MINUTE_MS } from '@/lib/domain/time';

export const DELIVER_QUEUE = 'deliver';
/** One first try and five retries, 30 s apart and doubling: the last about 30 minutes after the first. */
export const DELIVERY_OPTIONS = { retryLimit: 5, retryDelay: 30, retryBackoff: true } as const;
export const MAX_ATTEMPTS = 1 + DELIVERY_OPTIONS.retryLimit;

type Tx = Prisma.TransactionClient;

/**
 * Writes one queued notification per channel, skipping any (message, channel) written before. Returns the
 * ids of the new rows, to hand to `queueDeliveries` once the transaction has committed.
 */
export async function createNotifications(
  tx: Tx,
  input: { channelIds: number[]; dedupKey: string; payload: NotificationPayload; incidentId?: number | null },
): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (const channelId of input.channelIds) {
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO notification (channel_id, incident_id, subject, payload, dedup_key)
      VALUES (${channelId}, ${input.incidentId ?? null}, ${input.payload.subject},
              ${JSON.stringify(input.payload)}::jsonb, ${`${input.dedupKey}:channel:${channelId}`})
      ON CONFLICT (dedup_key) DO NOTHING RETURNING id`;
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/**
 * A job per notification not yet handed to the queue. Claiming the row (queued_at) first means a row written by the
 * web app and picked up by the worker's sweep, or queued by two workers at once, still gets one job.
 */
export async function queueDeliveries(
  boss: PgBoss,
  ids: readonly bigint[],
  retry: PgBoss.RetryOptions = DELIVERY_OPTIONS,
): Promise<bigint[]> {
  if (!ids.length) return [];
  const claimed = await db.$queryRaw<{ id: bigint }[]>`
    UPDATE notification SET queued_at = now() WHERE id = ANY(${ids.map(String)}::bigint[]) AND queued_at IS NULL
    RETURNING id`;
  await send(
    boss,
    claimed.map((row) => row.id),
    retry,
  );
  return claimed.map((row) => row.id);
}

async function send(boss: PgBoss, ids: readonly bigint[], retry: PgBoss.RetryOptions) {
  for (const id of ids) {
    await boss.send(DELIVER_QUEUE, { notificationId: id.toString() }, { ...retry, singletonKey: `notification:${id}` });
  }
}

/** Notifications written since the last sweep (by the web app, or by a worker that stopped before queueing). */
export async function queueUnqueued(boss: PgBoss): Promise<number> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM notification WHERE queued_at IS NULL AND state = 'queued' ORDER BY created_at LIMIT 200`;
  const queued = await queueDeliveries(
    boss,
    rows.map((row) => row.id),
  );
  return queued.length;
}

/** Rows handed over but never tried (a worker stopped between the claim and the send): queue them again. */
export async function requeueStranded(boss: PgBoss, olderThanMs = 5 * MINUTE_MS): Promise<number> {
  const rows = await db.notification.findMany({
    where: { state: 'queued', attempts: 0, queuedAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true },
    take: 500,
  });
  await send(
    boss,
    rows.map((row) => row.id),
    DELIVERY_OPTIONS,
  );
  return rows.length;
}
