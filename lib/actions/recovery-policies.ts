'use server';

// Automatic recovery policies (admins): switch one on or off, or change its settings. The limits are the ones
// the worker reads them with (lib/recovery/policies.ts). The form sends the policy as it showed it (`previous`):
// a policy changed by someone else since is refused rather than overwritten, and the audit event holds the old
// settings beside the new ones.
import { isDeepStrictEqual } from 'node:util';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  nodePolicyConfig,
  parsePolicyConfig,
  POLICY_KINDS,
  restartPolicyConfig,
  type PolicyKind,
} from '@/lib/recovery/policies';
import { action, ActionError } from './action';
import { reason } from './fields';

/** A setting checked by the worker's own schema, its refusals reworded for the form. */
function setting(schema: z.ZodType, what: string) {
  return z.unknown().transform((value, context) => {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      context.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const message =
        issue.code === 'too_small'
          ? issue.origin === 'array'
            ? `choose at least ${issue.minimum} ${what}`
            : `must be at least ${issue.minimum}`
          : issue.code === 'too_big'
            ? `must be at most ${issue.maximum}`
            : issue.code === 'invalid_value'
              ? `is not a ${what}`
              : what === 'number'
                ? 'must be a whole number'
                : `must be a list of ${what}s`;
      context.addIssue({ code: 'custom', message });
    }
    return z.NEVER;
  });
}

// A form sends one checked box as a string and many as a list.
const asList = (value: unknown) => (typeof value === 'string' ? [value] : value);

const restartSettings = z.object({
  maxRestartsPerHour: setting(restartPolicyConfig.shape.maxRestartsPerHour.unwrap(), 'number'),
  // No box checked sends no field at all: that is an empty choice, not a missing one.
  jobKinds: z.preprocess(
    (value) => value ?? [],
    setting(z.preprocess(asList, restartPolicyConfig.shape.jobKinds.unwrap()), 'job kind'),
  ),
});
const nodeSettings = z.object({
  drainTimeoutMinutes: setting(nodePolicyConfig.shape.drainTimeoutMinutes.unwrap(), 'number'),
  replaceAfterReboots: setting(nodePolicyConfig.shape.replaceAfterReboots.unwrap(), 'number'),
  replaceAfterFaults: setting(nodePolicyConfig.shape.replaceAfterFaults.unwrap(), 'number'),
  faultWindowHours: setting(nodePolicyConfig.shape.faultWindowHours.unwrap(), 'number'),
});

const enabledField = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
  error: 'must be true or false',
});

const policyState = z.object({ enabled: z.boolean(), config: z.record(z.string(), z.unknown()) });
const previous = z.unknown().transform((value, context) => {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
  }
  const state = policyState.safeParse(parsed);
  if (state.success) return state.data;
  context.addIssue({ code: 'custom', message: 'is missing or unreadable: reload the page and try again' });
  return z.NEVER;
});

const updateInput = z
  .object({
    kind: z.enum(POLICY_KINDS, { error: 'is not a recovery policy' }),
    change: z.enum(['enabled', 'settings'], { error: 'must be enabled or settings' }),
    previous,
    enabled: enabledField.optional(),
    maxRestartsPerHour: z.unknown().optional(),
    jobKinds: z.unknown().optional(),
    drainTimeoutMinutes: z.unknown().optional(),
    replaceAfterReboots: z.unknown().optional(),
    replaceAfterFaults: z.unknown().optional(),
    faultWindowHours: z.unknown().optional(),
    reason,
  })
  .transform((fields, context) => {
    const base = { kind: fields.kind, previous: fields.previous };
    if (fields.change === 'enabled') {
      if (fields.enabled === undefined) {
        context.addIssue({ code: 'custom', path: ['enabled'], message: 'must be true or false' });
        return z.NEVER;
      }
      return { ...base, enabled: fields.enabled, config: null };
    }
    const schema = fields.kind === 'remediate_fatal_xid_node' ? nodeSettings : restartSettings;
    const parsed = schema.safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { ...base, enabled: null, config: parsed.data as Record<string, unknown> };
  });

export const updateRecoveryPolicy = action({
  name: 'policy.update',
  role: 'admin',
  input: updateInput,
  target: (input) => ({ type: 'recovery_policy', id: input.kind }),
  async run({ input, tx }) {
    const kind: PolicyKind = input.kind;
    // One change at a time per policy, so the check against what the form showed holds until the write.
    const [locked] = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM recovery_policy WHERE kind = ${kind} FOR UPDATE`;
    if (!locked) throw new ActionError('This policy does not exist; the console was not seeded with it.', 'not_found');
    const row = await tx.recoveryPolicy.findUniqueOrThrow({ where: { id: locked.id } });
    const before = { enabled: row.enabled, config: parsePolicyConfig(kind, row.config) };
    if (!isDeepStrictEqual(before, input.previous)) {
      throw new ActionError(
        'Someone changed this policy after the page was loaded. Reload to see the change, then try again.',
        'conflict',
      );
    }
    const after = {
      enabled: input.enabled ?? before.enabled,
      // The worker's own schema has the last word on what is stored.
      config: input.config ? parsePolicyConfig(kind, input.config) : before.config,
    };
    await tx.recoveryPolicy.update({ where: { id: row.id }, data: after });
    return { kind, before, after };
  },
  after: () => revalidatePath('/admin/recovery'),
});
