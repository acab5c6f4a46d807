import { ApiError, route } from '@/lib/api/route';
import { parseCostsRange } from '@/lib/cost-params';
import { ledgerBy, type LedgerReport } from '@/lib/queries/ledger/ledger';
import { readSettings } from '@/lib/settings/org';
import { ledgerQuery } from './params';

export const dynamic = 'force-dynamic';

// GET /api/ledger?range=7d&by=team - where the allocated GPU-hours went over a range (DOMAIN.md, "Where the
// GPU-hours go"), per team, project, pool, cluster, kind or job, each class in GPU-hours and money, with ETTR.
export const GET = route({ role: 'viewer', query: ledgerQuery }, async ({ query }) => {
  const parsed = parseCostsRange({ range: query.range, from: query.from, to: query.to });
  if (!parsed.ok) throw new ApiError(422, 'invalid_input', parsed.message, { range: [parsed.message] });
  const [report, settings] = await Promise.all([
    ledgerBy(parsed.range, query.by, { teamId: query.team, kind: query.kind, cluster: query.cluster }),
    readSettings(),
  ]);
  return {
    currency: settings.currency,
    by: query.by,
    from: report.range.from.toISOString(),
    to: report.range.to.toISOString(),
    total: report.total,
    rows: report.rows,
    unallocated: report.unallocated,
  } satisfies Omit<LedgerReport, 'range'> & Record<string, unknown>;
});
