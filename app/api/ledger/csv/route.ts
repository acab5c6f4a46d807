import { ApiError, route } from '@/lib/api/route';
import { parseCostsRange } from '@/lib/cost-params';
import { csvResponse } from '@/lib/exports/csv';
import { ledgerCsv } from '@/lib/exports/ledger-csv';
import { ledgerBy } from '@/lib/queries/ledger/ledger';
import { readSettings } from '@/lib/settings/org';
import { ledgerQuery } from '../params';

export const dynamic = 'force-dynamic';

// GET /api/ledger/csv?from=…&to=…&by=pool - the same ledger as CSV, one row per group.
export const GET = route({ role: 'viewer', query: ledgerQuery }, async ({ query }) => {
  const parsed = parseCostsRange({ range: query.range, from: query.from, to: query.to });
  if (!parsed.ok) throw new ApiError(422, 'invalid_input', parsed.message, { range: [parsed.message] });
  const [report, settings] = await Promise.all([
    ledgerBy(parsed.range, query.by, { teamId: query.team, kind: query.kind, cluster: query.cluster }),
    readSettings(),
  ]);
  const day = (at: Date) => at.toISOString().slice(0, 10);
  return csvResponse(
    ledgerCsv(report, query.by, settings.currency),
    `ledger-${query.by}-${day(report.range.from)}-${day(report.range.to)}.csv`,
  );
});
