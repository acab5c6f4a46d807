import { route } from '@/lib/api/route';
import type { LedgerReport } from '@/lib/queries/ledger/ledger';
import { ledgerQuery, readLedger } from './params';

export const dynamic = 'force-dynamic';

// GET /api/ledger?range=7d&by=team - where the allocated GPU-hours went over a range (DOMAIN.md, "Where the
// GPU-hours go"), per team, project, pool, cluster, kind or job, each class in GPU-hours and money, with ETTR.
export const GET = route({ role: 'viewer', query: ledgerQuery }, async ({ query }) => {
  const { report, currency } = await readLedger(query);
  return {
    currency,
    by: query.by,
    from: report.range.from.toISOString(),
    to: report.range.to.toISOString(),
    total: report.total,
    rows: report.rows,
    unallocated: report.unallocated,
  } satisfies Omit<LedgerReport, 'range'> & Record<string, unknown>;
});
