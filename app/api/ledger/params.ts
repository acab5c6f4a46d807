// The ledger routes' query (a range, a preset or from/to as every page takes it, how to group, and filters) and
// the ledger it asks for.
import { z } from 'zod';
import { ApiError } from '@/lib/api/route';
import { parseCostsRange } from '@/lib/cost-params';
import { JOB_KINDS } from '@/lib/domain/enums';
import { idField } from '@/lib/ids';
import { ledgerGroupSchema } from '@/lib/ledger-params';
import { ledgerBy } from '@/lib/queries/ledger/ledger';
import { readSettings } from '@/lib/settings/org';

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

/** The ledger the query asks for, in the organisation's currency; a range it cannot read is a field error. */
export async function readLedger(query: z.infer<typeof ledgerQuery>) {
  const parsed = parseCostsRange({ range: query.range, from: query.from, to: query.to });
  if (!parsed.ok) throw new ApiError(422, 'invalid_input', parsed.message, { range: [parsed.message] });
  const [report, settings] = await Promise.all([
    ledgerBy(parsed.range, query.by, { teamId: query.team, kind: query.kind, cluster: query.cluster }),
    readSettings(),
  ]);
  return { report, currency: settings.currency };
}
