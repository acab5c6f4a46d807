import { z } from 'zod';
import { clusterScopeOf } from '@/lib/api/params';
import { ApiError, route } from '@/lib/api/route';
import { parseCostParams, parseCostsRange } from '@/lib/cost-params';
import { csvResponse } from '@/lib/exports/csv';
import { COST_TABLES, costsCsv } from '@/lib/exports/costs-csv';
import { getCostsView } from '@/lib/queries/costs/view';

export const dynamic = 'force-dynamic';

const params = z.object({
  table: z.enum(COST_TABLES, {
    error: (issue) => `There is no costs table "${String(issue.input).slice(0, 40)}"; try ${COST_TABLES.join(', ')}.`,
  }),
});

// GET /api/costs/:table/csv - one table of the costs page (groups, jobs, pools, daily) for the same range, choices
// and cluster.
export const GET = route({ role: 'viewer', params }, async ({ params: { table }, search }) => {
  const parsed = parseCostsRange(search);
  if (!parsed.ok) throw new ApiError(422, 'invalid_input', parsed.message, { range: [parsed.message] });
  const choices = parseCostParams(search);
  const scope = clusterScopeOf(search);
  const view = await getCostsView(parsed.range, { by: choices.by, teamId: choices.team, kind: choices.kind, scope });
  const day = (at: Date) => at.toISOString().slice(0, 10);
  const name = ['costs', scope.cluster, table, day(parsed.range.from), day(parsed.range.to)].filter(Boolean).join('-');
  return csvResponse(costsCsv(view, table), `${name}.csv`);
});
