import { z } from 'zod';
import { clusterScopeOf } from '@/lib/api/params';
import { ApiError, route } from '@/lib/api/route';
import { renderReportPdf } from '@/lib/reports/pdf';
import { reportForWeek } from '@/lib/reports/store';

export const dynamic = 'force-dynamic';

// GET /api/reports/:week/pdf - the weekly report of the week starting on that Monday (YYYY-MM-DD), as a PDF; of one
// cluster with `?cluster=<name>`.
export const GET = route({ role: 'viewer', params: z.object({ week: z.string() }) }, async ({ params, search }) => {
  const scope = clusterScopeOf(search);
  const { report, message } = await reportForWeek(params.week, new Date(), scope);
  if (!report) throw new ApiError(404, 'not_found', message);
  const pdf = await renderReportPdf(report);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="fleet-report-${report.week.start}${scope.cluster ? `-${scope.cluster}` : ''}.pdf"`,
      'cache-control': 'no-store',
    },
  });
});
