import { ApiError, route } from '@/lib/api/route';
import { readClusterScope } from '@/lib/clusters/config';
import { listJobs, parseJobListParams } from '@/lib/queries/jobs';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

// GET /api/jobs?team=…&state=…&sort=cost&dir=desc&page=2&range=24h&cluster=… - the jobs list; what the list page refreshes from.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const search = new URL(request.url).searchParams;
  const range = parseTimeRange(search);
  if (!range.ok) throw new ApiError(422, 'invalid_range', range.message);
  const parsed = parseJobListParams(search);
  if (parsed.issues.length) {
    const fields = Object.fromEntries(parsed.issues.map((issue) => [issue.field, [issue.message]]));
    throw new ApiError(422, 'invalid_input', parsed.issues.map((issue) => issue.message).join(' '), fields);
  }
  const { scope, issue } = readClusterScope(search);
  if (issue) throw new ApiError(422, 'invalid_cluster', issue.message);
  return listJobs(parsed, range.range, { scope });
});
