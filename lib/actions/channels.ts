'use server';

// Notification channels (admins): where incidents, budget alerts and the weekly report go.
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { channelFor, DeliveryError } from '@/lib/channels';
import { urlRefusal } from '@/lib/channels/destination';
import { PAGERDUTY_EVENTS_URL } from '@/lib/channels/settings';
import { testMessage } from '@/lib/channels/test-message';
import { action, ActionError, type Tx } from './action';
import {
  channelIdSchema,
  createChannelSchema,
  setChannelEnabledSchema,
  updateChannelSchema,
  type CreateChannelInput,
  type UpdateChannelInput,
} from './channel-schemas';

const refresh = () => revalidatePath('/admin/channels');

/** On the server, beyond the form's rules: where the URL leads. A channel may not point inside the network. */
async function checkDestination(input: CreateChannelInput | UpdateChannelInput, context: z.RefinementCtx) {
  const url = 'url' in input ? input.url : undefined;
  const refusal = url ? await urlRefusal(url) : null;
  if (refusal) context.addIssue({ code: 'custom', path: ['url'], message: refusal });
}

const notFound = () => new ActionError('That channel does not exist (any more).', 'not_found');
/** A test waits for the receiver's answer, but not past the action's own time limit. */
const TEST_TIMEOUT_MS = 20_000;

type StoredConfig = { url?: string; secret?: string; routingKey?: string; to?: string[] };

async function checkNameAndTeam(tx: Tx, input: { name: string; teamId?: number }, id?: number) {
  const named = await tx.notificationChannel.findUnique({ where: { name: input.name } });
  if (named && named.id !== id) throw ActionError.field('name', 'another channel has this name');
  if (input.teamId !== undefined && !(await tx.team.findUnique({ where: { id: input.teamId } }))) {
    throw ActionError.field('teamId', `there is no team with id ${input.teamId}`);
  }
}

/** The settings to store: what the form sent, and on edit what is kept of the stored ones. */
function configOf(input: CreateChannelInput | UpdateChannelInput, stored: StoredConfig = {}): StoredConfig {
  switch (input.kind) {
    case 'slack':
      return { url: input.url ?? stored.url };
    case 'pagerduty':
      return { routingKey: input.routingKey ?? stored.routingKey, url: input.url ?? PAGERDUTY_EVENTS_URL };
    case 'webhook': {
      const removed = 'removeSecret' in input && input.removeSecret;
      const secret = input.secret ?? (removed ? undefined : stored.secret);
      return { url: input.url, ...(secret ? { secret } : {}) };
    }
    case 'email':
      return { to: input.to };
  }
}

/** Checked by the kind's own schema too, so that a stored setting that went bad is named at its field. */
function checkedConfig(kind: string, config: StoredConfig): StoredConfig {
  const parsed = channelFor(kind)?.config.safeParse(config);
  if (!parsed) throw ActionError.field('kind', `channels of kind ${kind} cannot send`);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw ActionError.field(String(issue.path[0] ?? 'kind'), issue.message);
  }
  return parsed.data as StoredConfig;
}

const routing = (input: CreateChannelInput | UpdateChannelInput) => ({
  teamId: input.teamId ?? null,
  // 'none' keeps incidents away; the stored severity is then only what the form shows if they are switched back on.
  incidents: input.minSeverity !== 'none',
  minSeverity: input.minSeverity === 'none' ? ('page' as const) : input.minSeverity,
  budgetAlerts: input.budgetAlerts,
  weeklyReport: input.weeklyReport,
});

/** A webhook's signing secret, PagerDuty's routing key, and a Slack webhook URL (its path is the secret). */
const SECRET_FIELDS = ['secret', 'routingKey', 'url'] as const;

export const createChannel = action({
  sensitive: SECRET_FIELDS,
  name: 'channel.create',
  role: 'admin',
  input: createChannelSchema.superRefine(checkDestination),
  target: (input) => ({ type: 'notification_channel', id: input.name }),
  async run({ input, tx }) {
    await checkNameAndTeam(tx, input);
    const channel = await tx.notificationChannel.create({
      data: {
        name: input.name,
        kind: input.kind,
        config: checkedConfig(input.kind, configOf(input)),
        ...routing(input),
      },
    });
    return { id: channel.id };
  },
  after: refresh,
});

export const updateChannel = action({
  sensitive: SECRET_FIELDS,
  name: 'channel.update',
  role: 'admin',
  input: updateChannelSchema.superRefine(checkDestination),
  target: (input) => ({ type: 'notification_channel', id: input.id }),
  async run({ input, tx }) {
    const channel = await tx.notificationChannel.findUnique({ where: { id: input.id } });
    if (!channel) throw notFound();
    if (channel.kind !== input.kind) {
      throw ActionError.field('kind', `a channel's kind cannot change (this one is ${channel.kind}): add a new one`);
    }
    await checkNameAndTeam(tx, input, input.id);
    const config = checkedConfig(input.kind, configOf(input, (channel.config ?? {}) as StoredConfig));
    await tx.notificationChannel.update({
      where: { id: input.id },
      data: { name: input.name, config, ...routing(input) },
    });
    return { id: input.id };
  },
  after: refresh,
});

export const deleteChannel = action({
  name: 'channel.delete',
  role: 'admin',
  input: channelIdSchema,
  target: (input) => ({ type: 'notification_channel', id: input.id }),
  async run({ input, tx }) {
    const channel = await tx.notificationChannel.findUnique({ where: { id: input.id } });
    if (!channel) throw notFound();
    // Its delivery history goes with it (the foreign key cascades); a queued delivery finds no row and is skipped.
    await tx.notificationChannel.delete({ where: { id: input.id } });
    return { id: input.id, name: channel.name };
  },
  after: refresh,
});

/**
 * Sends a test message now and answers with what the receiver said. A refusal is an action that failed (so the
 * audit log says so) and is not remembered under its key: sending it again is trying again.
 */
export const testChannel = action({
  name: 'channel.test',
  role: 'admin',
  input: channelIdSchema,
  waitsOnNetwork: true,
  target: (input) => ({ type: 'notification_channel', id: input.id }),
  async run({ input, tx, user }) {
    const channel = await tx.notificationChannel.findUnique({ where: { id: input.id } });
    if (!channel) throw notFound();
    const sender = channelFor(channel.kind);
    if (!sender) throw new ActionError(`Channels of kind ${channel.kind} cannot send.`);
    const config = sender.config.safeParse(channel.config);
    if (!config.success) {
      throw new ActionError(`The channel's settings are not valid: ${config.error.issues[0].message}. Edit them.`);
    }
    const message = testMessage({ channel: channel.name, sentBy: user.email });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryError(`no answer within ${TEST_TIMEOUT_MS / 1000} seconds`)),
        TEST_TIMEOUT_MS,
      );
    });
    try {
      return { answer: await Promise.race([sender.send(config.data, message), timeout]) };
    } catch (error) {
      const retry = !(error instanceof DeliveryError) || error.retry;
      // Worth trying again later (unreachable, 5xx, 429) or refused as it stands (4xx): the code tells them apart.
      throw new ActionError(`Not delivered: ${(error as Error).message}`, retry ? 'unavailable' : 'invalid');
    } finally {
      clearTimeout(timer);
    }
  },
});

export const setChannelEnabled = action({
  name: 'channel.enable',
  role: 'admin',
  input: setChannelEnabledSchema,
  target: (input) => ({ type: 'notification_channel', id: input.id }),
  async run({ input, tx }) {
    const channel = await tx.notificationChannel.findUnique({ where: { id: input.id } });
    if (!channel) throw notFound();
    await tx.notificationChannel.update({ where: { id: input.id }, data: { enabled: input.enabled } });
    return { id: input.id, enabled: input.enabled };
  },
  after: refresh,
});
