'use server';

// Telling a job's owner that it wastes GPUs (operators): the figures are measured again on the server, the notice
// goes to the channels that take the team's cost alerts, and the audit log keeps who sent it, when and why.
import { revalidatePath } from 'next/cache';
import { formatGpus, formatMoney, formatPercent } from '@/lib/domain/units';
import { WASTE_CAUSE_WORDS } from '@/lib/domain/waste';
import { createNotifications } from '@/lib/notifications/queue';
import { channelsFor } from '@/lib/notifications/routing';
import { jobWasteNow } from '@/lib/queries/waste';
import { env } from '@/lib/env';
import { readSettings } from '@/lib/settings/org';
import { action, ActionError } from './action';
import { notifyOwnerSchema } from './waste-schemas';

export const notifyOwner = action({
  name: 'job.notify_owner',
  role: 'operator',
  input: notifyOwnerSchema,
  target: (input) => ({ type: 'job', id: input.jobId }),
  async run({ input, user, tx }) {
    const job = await tx.job.findUnique({ where: { id: input.jobId }, select: { id: true, name: true, teamId: true } });
    if (!job) throw new ActionError(`There is no job ${input.jobId}.`, 'not_found');
    const waste = await jobWasteNow(job.id);
    if (!waste) throw new ActionError(`${job.name} holds no GPUs now: nothing is wasted.`, 'conflict');
    if (!waste.actionable)
      throw new ActionError(`Nothing to tell ${job.name}'s owner: it runs at ${waste.detail}.`, 'conflict');
    const channelIds = await channelsFor(tx, { type: 'waste_notice', teamId: job.teamId });
    if (!channelIds.length)
      throw new ActionError(
        `No channel takes team ${waste.team}'s cost alerts: an admin turns on budget alerts for one on Channels.`,
        'conflict',
      );
    const { currency } = await readSettings();
    const perHour = waste.wastePerHour === null ? 'an unknown amount' : formatMoney(waste.wastePerHour, { currency });
    const url = `${env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`}/jobs/${job.id}`;
    const subject = `${job.name} wastes ${perHour} an hour of GPUs`;
    const ids = await createNotifications(tx, {
      channelIds,
      dedupKey: `waste:${job.id}:${Date.now()}`,
      payload: {
        type: 'waste_notice',
        subject,
        text: [
          `${waste.owner ? `${waste.owner}, ` : ''}${job.name} (team ${waste.team}, ${formatGpus(waste.gpus)}) wastes GPUs: ${WASTE_CAUSE_WORDS[waste.cause]}, ${waste.detail}.`,
          `Utilization over the last hour: ${formatPercent(waste.utilization, { digits: 0 })}; wasted: ${perHour} an hour.`,
          ...(input.note ? ['', `${user.name}: ${input.note}`] : []),
          '',
          url,
        ].join('\n'),
        data: { jobId: job.id, job: job.name, team: waste.team, owner: waste.owner, cause: waste.cause, url },
      },
    });
    return { notified: ids.length, subject };
  },
  after: () => revalidatePath('/waste'),
});
