// The ledger routes' query: a range (a preset or from/to, as every page takes it), how to group, and filters.
import { z } from 'zod';
import { JOB_KINDS } from '@/lib/domain/enums';
import { idField } from '@/lib/ids';
import { ledgerGroupSchema } from '@/lib/ledger-params';

export const ledgerQuery = z.object({
  range: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  by: ledgerGroupSchema.default('team'),
  team: idField('must be a team id').optional(),
  kind: z.enum(JOB_KINDS, { error: `must be one of ${JOB_KINDS.join(', ')}` }).optional(),
  /** One cluster, by name. */
  cluster: z.string().trim().min(1, 'must name a cluster').optional(),
});
