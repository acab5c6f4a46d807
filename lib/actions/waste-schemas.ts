// The notice an operator sends a job's owner about the GPUs it wastes: which job, and a word of their own.
import { z } from 'zod';
import { idField } from '@/lib/ids';

export const notifyOwnerSchema = z.object({
  jobId: idField('choose a job'),
  note: z
    .string()
    .trim()
    .max(500, { error: 'keep the note under 500 characters' })
    .optional()
    .transform((value) => value || undefined),
});
