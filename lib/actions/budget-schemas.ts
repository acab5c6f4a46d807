// What the budget form sends, shared by the form (field messages) and the actions (the real check).
import { z } from 'zod';
import { idField, parseId } from '@/lib/ids';
import { clusterField, positiveAmount, reason } from './fields';

export const MAX_THRESHOLD_PERCENT = 1000;

/** "team:3" or "project:12": what the budget watches. */
const scope = z
  .string({ error: 'choose a team or a project' })
  .regex(/^(team|project):\d+$/, 'choose a team or a project')
  .transform((value, context) => {
    const [kind, text] = value.split(':');
    const id = parseId(text);
    if (id === null) {
      context.addIssue({ code: 'custom', message: `there is no ${kind} with id ${text.slice(0, 40)}` });
      return z.NEVER;
    }
    return { kind: kind as 'team' | 'project', id };
  });

/** Percentages of the monthly amount, from "50, 80, 100" or a list; each a whole number from 1 to 1,000. */
const thresholds = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))], { error: 'list at least one, like 50, 80, 100' })
  .transform((value, context) => {
    const parts = (Array.isArray(value) ? value.map(String) : value.split(/[\s,;]+/))
      .map((part) => part.trim().replace(/%$/, ''))
      .filter(Boolean);
    if (!parts.length) {
      context.addIssue({ code: 'custom', message: 'list at least one, like 50, 80, 100' });
      return z.NEVER;
    }
    const numbers: number[] = [];
    for (const part of parts) {
      const number = Number(part);
      if (!/^\d+$/.test(part) || !Number.isInteger(number)) {
        context.addIssue({ code: 'custom', message: `"${part}" is not a whole percentage` });
      } else if (number < 1 || number > MAX_THRESHOLD_PERCENT) {
        context.addIssue({ code: 'custom', message: `${part}% is outside 1% to 1,000%` });
      } else numbers.push(number);
    }
    if (new Set(numbers).size !== numbers.length)
      context.addIssue({ code: 'custom', message: 'lists a threshold twice' });
    if (numbers.length > 10) context.addIssue({ code: 'custom', message: 'may list at most 10 thresholds' });
    return [...numbers].sort((a, b) => a - b);
  });

export const budgetSchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  scope,
  cluster: clusterField,
  monthlyAmount: positiveAmount({ digits: 2, max: 1_000_000_000, example: '25000' }),
  thresholds,
  reason,
});

export const updateBudgetSchema = budgetSchema.extend({
  id: idField('is not a budget'),
});
