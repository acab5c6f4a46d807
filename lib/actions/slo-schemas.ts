// What the SLO form sends, shared by the form (field messages) and the actions (the real check): a name, the
// kind of SLI, the target as a percentage, the window in days, and for inference availability its two queries.
import { z } from 'zod';
import { SLO_KINDS } from '@/lib/domain/enums';

import { idField } from '@/lib/ids';
import { SLO_WINDOW_DAYS_MAX, SLO_WINDOW_DAYS_MIN } from '@/lib/domain/slo';
import { requestQueryProblem } from '@/lib/domain/slo-promql';
import { clusterField, reason } from './fields';

const checkbox = z.preprocess((value) => value === 'on' || value === true || value === 'true', z.boolean());

/**
 * A percentage strictly between 0 and 100 with at most 3 decimals ("99.9", "99.95%"), as a ratio (0.999). Its
 * refusals let the other checks go on (`continue`), so that the form names every bad field at once.
 */
const targetPercent = z
  .union([z.string(), z.number()], { error: 'is required, like 99.9' })
  .transform((value, context) => {
    const text = typeof value === 'number' ? String(value) : value.trim().replace(/%$/, '').trim();
    const percent = Number(text);
    if (text === '' || !/^\d*\.?\d+$/.test(text) || !Number.isFinite(percent)) {
      context.addIssue({ code: 'custom', message: 'must be a percentage, like 99.9', continue: true });
      return z.NEVER;
    }
    if (percent <= 0 || percent >= 100) {
      context.addIssue({ code: 'custom', message: 'must be more than 0% and less than 100%', continue: true });
      return z.NEVER;
    }
    if (Math.abs(Math.round(percent * 1000) - percent * 1000) > 1e-6) {
      context.addIssue({ code: 'custom', message: 'may have at most 3 decimal places', continue: true });
      return z.NEVER;
    }
    // 99.9 / 100 is 0.9990000000000001 in binary: stored as the ratio it means.
    return Number((percent / 100).toPrecision(12));
  });

const windowDays = z.coerce
  .number({ error: `must be a whole number of days from ${SLO_WINDOW_DAYS_MIN} to ${SLO_WINDOW_DAYS_MAX}` })
  .int(`must be a whole number of days from ${SLO_WINDOW_DAYS_MIN} to ${SLO_WINDOW_DAYS_MAX}`)
  .min(SLO_WINDOW_DAYS_MIN, `must be at least ${SLO_WINDOW_DAYS_MIN} day`)
  .max(SLO_WINDOW_DAYS_MAX, `must be at most ${SLO_WINDOW_DAYS_MAX} days`);

const query = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : value),
  z.string().max(4000, 'must be at most 4,000 characters').optional(),
);

const fields = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  kind: z.enum(SLO_KINDS, { error: 'choose what the SLO measures' }),
  cluster: clusterField,
  target: targetPercent,
  windowDays,
  enabled: checkbox,
  goodQuery: query,
  totalQuery: query,
  reason,
});

type Fields = z.infer<typeof fields>;

/** Inference availability needs both request queries. */
function checkQueries(input: Fields, context: z.RefinementCtx) {
  if (input.kind !== 'inference_availability') return;
  for (const name of ['goodQuery', 'totalQuery'] as const) {
    const problem = requestQueryProblem(input[name] ?? '');
    if (problem) context.addIssue({ code: 'custom', path: [name], message: problem });
  }
}

/** The config the SLO keeps: its queries for inference availability, none for the other kinds. */
function withConfig<T extends Fields>(input: T) {
  const config =
    input.kind === 'inference_availability'
      ? { goodQuery: input.goodQuery ?? '', totalQuery: input.totalQuery ?? '' }
      : null;
  return { ...input, config };
}

export const sloSchema = fields.superRefine(checkQueries).transform(withConfig);

export const updateSloSchema = fields
  .extend({ id: idField('is not an SLO') })
  .superRefine(checkQueries)
  .transform(withConfig);
