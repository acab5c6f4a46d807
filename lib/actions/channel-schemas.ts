// What the channel form sends, shared by the form and the actions. The kinds' own settings are checked again
// by lib/channels when a message is sent.
import { z } from 'zod';
import { blankAsUndefined, reason } from './fields';

const checkbox = z.preprocess((value) => value === 'on' || value === true || value === 'true', z.boolean());

const common = {
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  teamId: z.preprocess(blankAsUndefined, z.coerce.number().int().positive().optional()),
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

export const createChannelSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      ...common,
      kind: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      secret: z.preprocess(
        blankAsUndefined,
        z.string().min(16, 'must be at least 16 characters, or left empty for unsigned posts').optional(),
      ),
    }),
    z.object({ ...common, kind: z.literal('email'), to: addresses }),
  ],
  { error: 'choose webhook or email' },
);

export const setChannelEnabledSchema = z.object({
  id: z.coerce.number().int().positive(),
  enabled: z.enum(['true', 'false']).transform((value) => value === 'true'),
  reason,
});
