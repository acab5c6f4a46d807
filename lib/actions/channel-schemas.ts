// What the channel forms send, shared by the forms and the actions. The kinds' own settings are checked again
// by lib/channels when a message is sent. On edit, a secret left empty (the webhook's secret, Slack's URL,
// PagerDuty's routing key) keeps the stored one: the page never has it to send back.
import { z } from 'zod';
import { INCIDENT_SEVERITIES } from '@/lib/domain/enums';

import { idField } from '@/lib/ids';
import { deliveryUrl, routingKey } from '@/lib/channels/settings';
import { blankAsUndefined, reason } from './fields';

const checkbox = z.preprocess((value) => value === 'on' || value === true || value === 'true', z.boolean());
const id = idField('must be a channel id');

const common = {
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  teamId: z.preprocess(blankAsUndefined, idField('must be a team').optional()),
  minSeverity: z.preprocess(
    blankAsUndefined,
    z
      .enum([...INCIDENT_SEVERITIES, 'none'], { error: 'choose pages only, pages and tickets, or none' })
      .default('ticket'),
  ),
  budgetAlerts: checkbox,
  weeklyReport: checkbox,
  reason,
};

const isEmail = (text: string) => z.email().safeParse(text).success;

const addresses = z
  .union([z.string(), z.array(z.string())], { error: 'list at least one address' })
  .transform((value, context) => {
    const list = (Array.isArray(value) ? value : value.split(/[\s,;]+/)).map((item) => item.trim()).filter(Boolean);
    if (!list.length) context.addIssue({ code: 'custom', message: 'list at least one address' });
    if (list.length > 50) context.addIssue({ code: 'custom', message: 'may list at most 50 addresses' });
    for (const address of list) {
      if (!isEmail(address)) context.addIssue({ code: 'custom', message: `"${address}" is not an email address` });
    }
    return list;
  });

const webhookSecret = z.preprocess(
  blankAsUndefined,
  z.string().min(16, 'must be at least 16 characters, or left empty for unsigned posts').optional(),
);

/** Empty keeps what is stored (edit only). */
const keepIfBlank = <Schema extends z.ZodType>(schema: Schema) => z.preprocess(blankAsUndefined, schema.optional());

const kindError = { error: 'choose Slack, PagerDuty, webhook or email' };

/** PagerDuty pages people: the weekly report does not belong there. */
const noWeeklyReport = checkbox.refine(
  (value) => !value,
  'PagerDuty takes incidents and alerts, not the weekly report',
);

export const createChannelSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ ...common, kind: z.literal('slack'), url: deliveryUrl }),
    z.object({
      ...common,
      kind: z.literal('pagerduty'),
      routingKey,
      url: z.preprocess(blankAsUndefined, deliveryUrl.optional()),
      weeklyReport: noWeeklyReport,
    }),
    z.object({
      ...common,
      kind: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      secret: webhookSecret,
    }),
    z.object({ ...common, kind: z.literal('email'), to: addresses }),
  ],
  kindError,
);
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

/** The same fields; the kind is the channel's and cannot change (its settings would not carry over). */
export const updateChannelSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ ...common, id, kind: z.literal('slack'), url: keepIfBlank(deliveryUrl) }),
    z.object({
      ...common,
      id,
      kind: z.literal('pagerduty'),
      routingKey: keepIfBlank(routingKey),
      url: z.preprocess(blankAsUndefined, deliveryUrl.optional()),
      weeklyReport: noWeeklyReport,
    }),
    z.object({
      ...common,
      id,
      kind: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      secret: webhookSecret,
      removeSecret: checkbox,
    }),
    z.object({ ...common, id, kind: z.literal('email'), to: addresses }),
  ],
  kindError,
);
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;

export const channelIdSchema = z.object({ id, reason });

export const setChannelEnabledSchema = z.object({
  id,
  enabled: z.enum(['true', 'false']).transform((value) => value === 'true'),
  reason,
});
