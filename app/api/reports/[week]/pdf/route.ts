import { ApiError, route } from '@/lib/api/route';
import { readClusterScope } from '@/lib/clusters/config';
import { renderReportPdf } from '@/lib/reports/pdf';
import { reportForWeek } from '@/lib/reports/store';

export const dynamic = 'force-dynamic';

// GET /api/reports/:week/pdf - the weekly report of the week starting on that Monday (YYYY-MM-DD), as a PDF; of one
// cluster with `?cluster=<name>`.
export const GET = route({ role: 'viewer' }, async ({ request, params }) => {
  const week = String(params.week);
  const { scope, issue } = readClusterScope(new URL(request.url).searchParams);
  if (issue) throw new ApiError(422, 'invalid_cluster', issue.message);
  const report = await reportForWeek(week, new Date(), scope);
  if (!report)
    throw new ApiError(404, 'not_found', `"${week}" is not a Monday (YYYY-MM-DD): weeks run Monday to Sunday.`);
  const pdf = await renderReportPdf(report);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="fleet-report-${report.week.start}${scope.cluster ? `-${scope.cluster}` : ''}.pdf"`,
      'cache-control': 'no-store',
    },
  });
});
