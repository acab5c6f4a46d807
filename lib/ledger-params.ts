// The ledger's choices in a URL (the costs page's `ledger`, the API's `by`): how to group it. No server imports.
import { z } from 'zod';

export const LEDGER_GROUPS = ['team', 'project', 'pool', 'cluster', 'kind', 'job'] as const;
export type LedgerGroup = (typeof LEDGER_GROUPS)[number];

/** The groups the costs page offers; the API adds kind and job. */
export const PAGE_LEDGER_GROUPS = ['team', 'project', 'pool', 'cluster'] as const satisfies LedgerGroup[];

export const ledgerGroupSchema = z.enum(LEDGER_GROUPS, {
  error: `must be one of ${LEDGER_GROUPS.join(', ')}`,
});
