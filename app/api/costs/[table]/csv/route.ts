import { ApiError, route } from '@/lib/api/route';
import { readClusterScope } from '@/lib/clusters/config';
import { parseCostParams, parseCostsRange } from '@/lib/cost-params';
import { csvResponse } from '@/lib/exports/csv';
import { COST_TABLES, costsCsv, type CostTable } from '@/lib/exports/costs-csv';
import { getCostsView } from '@/lib/queries/costs/view';

export const dynamic = 'force-dynamic';

// GET /api/costs/:table/csv - one table of the costs page (groups, jobs, pools, daily) for the same range, choices and
// cluster.
export const GET = route({ role: 'viewer' }, async ({ request, params }) => {
  const table = params.table as CostTable;
  if (!COST_TABLES.includes(table)) {
    throw new ApiError(
      404,
      'not_found',
      `There is no costs table "${String(params.table)}"; try ${COST_TABLES.join(', ')}.`,
    );
  }
  const search = new URL(request.url).searchParams;
  const parsed = parseCostsRange(search);
  if (!parsed.ok) throw new ApiError(422, 'invalid_input', parsed.message, { range: [parsed.message] });
  const choices = parseCostParams(search);
  const { scope, issue } = readClusterScope(search);
  if (issue) throw new ApiError(422, 'invalid_cluster', issue.message);
  const view = await getCostsView(parsed.range, { by: choices.by, teamId: choices.team, kind: choices.kind, scope });
  const day = (at: Date) => at.toISOString().slice(0, 10);
  const name = ['costs', scope.cluster, table, day(parsed.range.from), day(parsed.range.to)].filter(Boolean).join('-');
  return csvResponse(costsCsv(view, table), `${name}.csv`);
});
