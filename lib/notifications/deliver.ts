// Sends one notification through its channel and records the outcome on its row. A failure worth retrying is
// thrown again, so pg-boss tries later; the last attempt, or one no retry can fix, marks the row failed.
import 'server-only';
import { channelFor, DeliveryError, type Attachment, type Message } from '@/lib/channels';
import { db } from '@/lib/db';
import { isPayload, type NotificationPayload } from './payload';
import { MAX_ATTEMPTS } from './queue';

export type AttachmentsFor = (payload: NotificationPayload, channelKind: string) => Promise<Attachment[]>;

export type DeliveryOutcome = 'sent' | 'failed' | 'retry' | 'skipped';

export async function deliverNotification(id: bigint, attachmentsFor?: AttachmentsFor): Promise<DeliveryOutcome> {
  const row = await db.notification.findUnique({ where: { id }, include: { channel: true } });
  if (!row || row.state !== 'queued') return 'skipped';
  const attempts = row.attempts + 1;
  const fail = async (error: string, final: boolean): Promise<DeliveryOutcome> => {
    await db.notification.update({
      where: { id },
      data: { attempts, lastError: error.slice(0, 1000), state: final ? 'failed' : 'queued' },
    });
    return final ? 'failed' : 'retry';
  };

  const channel = channelFor(row.channel.kind);
  if (!channel) return fail(`channels of kind ${row.channel.kind} cannot send yet`, true);
  if (!row.channel.enabled) return fail('the channel was disabled', true);
  const config = channel.config.safeParse(row.channel.config);
  if (!config.success) return fail(`the channel's settings are not valid: ${config.error.issues[0].message}`, true);
  if (!isPayload(row.payload)) return fail('the notification has no message', true);
  const payload = row.payload;

  try {
    const message: Message = {
      id: row.dedupKey ?? `notification-${row.id}`,
      type: payload.type,
      subject: payload.subject,
      text: payload.text,
      data: payload.data,
      attachments: attachmentsFor ? await attachmentsFor(payload, row.channel.kind) : undefined,
    };
    await channel.send(config.data, message);
  } catch (error) {
    const retry = !(error instanceof DeliveryError) || error.retry;
    const outcome = await fail((error as Error).message, !retry || attempts >= MAX_ATTEMPTS);
    if (outcome === 'retry') throw error;
    return outcome;
  }
  await db.notification.update({
    where: { id },
    data: { attempts, state: 'sent', sentAt: new Date(), lastError: null },
  });
  if (row.incidentId) {
    await db.incidentEvent.create({
      data: {
        incidentId: row.incidentId,
        kind: 'notification',
        message: `Sent to ${row.channel.name} (${row.channel.kind})`,
      },
    });
  }
  return 'sent';
}
