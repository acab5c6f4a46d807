'use server';

// Notification channels (admins): where budget alerts and the weekly report go.
import { revalidatePath } from 'next/cache';
import { action, ActionError } from './action';
import { createChannelSchema, setChannelEnabledSchema } from './channel-schemas';

const refresh = () => revalidatePath('/admin/channels');

export const createChannel = action({
  name: 'channel.create',
  role: 'admin',
  input: createChannelSchema,
  target: (input) => ({ type: 'notification_channel', id: input.name }),
  async run({ input, tx }) {
    if (await tx.notificationChannel.findUnique({ where: { name: input.name } })) {
      throw ActionError.field('name', 'another channel has this name');
    }
    if (input.teamId !== undefined && !(await tx.team.findUnique({ where: { id: input.teamId } }))) {
      throw ActionError.field('teamId', `there is no team with id ${input.teamId}`);
    }
    const config =
      input.kind === 'webhook'
        ? { url: input.url, ...(input.secret ? { secret: input.secret } : {}) }
        : { to: input.to };
    const channel = await tx.notificationChannel.create({
      data: {
        name: input.name,
        kind: input.kind,
        config,
        teamId: input.teamId ?? null,
        budgetAlerts: input.budgetAlerts,
        weeklyReport: input.weeklyReport,
      },
    });
    return { id: channel.id };
  },
  after: refresh,
});

export const setChannelEnabled = action({
  name: 'channel.enable',
  role: 'admin',
  input: setChannelEnabledSchema,
  target: (input) => ({ type: 'notification_channel', id: input.id }),
  async run({ input, tx }) {
    const channel = await tx.notificationChannel.findUnique({ where: { id: input.id } });
    if (!channel) throw new ActionError('That channel does not exist (any more).', 'not_found');
    await tx.notificationChannel.update({ where: { id: input.id }, data: { enabled: input.enabled } });
    return { id: input.id, enabled: input.enabled };
  },
  after: refresh,
});
