import { ApiError, route } from '@/lib/api/route';
import { readClusterScope } from '@/lib/clusters/config';
import { getOverview } from '@/lib/queries/overview';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

// GET /api/overview?range=24h&cluster=… - the fleet overview (or ?from=…&to=… ISO), of one cluster or every one;
// what the overview page refreshes from.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const search = new URL(request.url).searchParams;
  const parsed = parseTimeRange(search);
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  const { scope, issue } = readClusterScope(search);
  if (issue) throw new ApiError(422, 'invalid_cluster', issue.message);
  return getOverview(parsed.range, { scope });
});
