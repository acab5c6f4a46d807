import { ApiError, route } from '@/lib/api/route';
import { csvResponse } from '@/lib/exports/csv';
import { reportCsv } from '@/lib/reports/csv';
import { reportForWeek } from '@/lib/reports/store';

export const dynamic = 'force-dynamic';

// GET /api/reports/:week/csv - the weekly report of the week starting on that Monday (YYYY-MM-DD), as CSV.
export const GET = route({ role: 'viewer' }, async ({ params }) => {
  const week = String(params.week);
  const report = await reportForWeek(week);
  if (!report)
    throw new ApiError(404, 'not_found', `"${week}" is not a Monday (YYYY-MM-DD): weeks run Monday to Sunday.`);
  return csvResponse(reportCsv(report), `fleet-report-${report.week.start}.csv`);
});
