// What the confirmation dialog sends for an operation: shared by the form (field messages) and the server action.
import { z } from 'zod';
import { idField } from '@/lib/ids';
import { MAX_POOL_NODES_INPUT, MAX_REPLICAS_INPUT } from './limits';

const id = idField('must be a positive id');

export const operationInput = z.object({
  targetId: id,
  reason: z
    .string({ error: 'say why, for the audit log' })
    .trim()
    .min(3, 'say why, for the audit log (at least 3 characters)')
    .max(500, 'must be at most 500 characters'),
  count: z.preprocess(
    (value) => (value === '' || value === null ? undefined : value),
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'cannot be negative')
      .max(Math.max(MAX_POOL_NODES_INPUT, MAX_REPLICAS_INPUT), 'is larger than the console allows')
      .optional(),
  ),
  confirmName: z.string().trim().max(300).optional(),
  incidentId: z.preprocess((value) => (value === '' ? undefined : value), id.optional()),
});
