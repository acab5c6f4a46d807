// The worker's side of the delivery queue: each job sends one notification; a thrown error makes pg-boss retry.
import type PgBoss from 'pg-boss';
import { deliverNotification, type AttachmentsFor } from '@/lib/notifications/deliver';
import { DELIVER_QUEUE } from '@/lib/notifications/queue';
import { log } from './log';

export async function workDeliveries(
  boss: PgBoss,
  attachmentsFor?: AttachmentsFor,
  options: { pollingIntervalSeconds?: number } = {},
) {
  await boss.createQueue(DELIVER_QUEUE);
  await boss.work<{ notificationId: string }>(
    DELIVER_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      const id = BigInt(job.data.notificationId);
      try {
        const outcome = await deliverNotification(id, attachmentsFor);
        if (outcome === 'failed') log.warn('notification failed for good', { id: id.toString() });
      } catch (error) {
        log.warn('notification not delivered, will retry', { id: id.toString(), error: (error as Error).message });
        throw error;
      }
    },
  );
}
