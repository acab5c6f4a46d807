import { z } from 'zod';
import { clusterScopeOf } from '@/lib/api/params';
import { ApiError, route } from '@/lib/api/route';
import { csvResponse } from '@/lib/exports/csv';
import { reportCsv } from '@/lib/reports/csv';
import { reportForWeek } from '@/lib/reports/store';

export const dynamic = 'force-dynamic';

// GET /api/reports/:week/csv - the weekly report of the week starting on that Monday (YYYY-MM-DD), as CSV; of one
// cluster with `?cluster=<name>`.
export const GET = route({ role: 'viewer', params: z.object({ week: z.string() }) }, async ({ params, search }) => {
  const scope = clusterScopeOf(search);
  const { report, message } = await reportForWeek(params.week, new Date(), scope);
  if (!report) throw new ApiError(404, 'not_found', message);
  return csvResponse(
    reportCsv(report),
    `fleet-report-${report.week.start}${scope.cluster ? `-${scope.cluster}` : ''}.csv`,
  );
});
