import { route } from '@/lib/api/route';
import { csvResponse } from '@/lib/exports/csv';
import { ledgerCsv } from '@/lib/exports/ledger-csv';
import { ledgerQuery, readLedger } from '../params';

export const dynamic = 'force-dynamic';

// GET /api/ledger/csv?from=…&to=…&by=pool - the same ledger as CSV, one row per group.
export const GET = route({ role: 'viewer', query: ledgerQuery }, async ({ query }) => {
  const { report, currency } = await readLedger(query);
  const day = (at: Date) => at.toISOString().slice(0, 10);
  return csvResponse(
    ledgerCsv(report, query.by, currency),
    `ledger-${query.by}-${day(report.range.from)}-${day(report.range.to)}.csv`,
  );
});
