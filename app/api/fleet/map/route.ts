import { ApiError, route } from '@/lib/api/route';
import { readClusterScope } from '@/lib/clusters/config';
import { getFleetMap } from '@/lib/queries/fleet/map';

export const dynamic = 'force-dynamic';

// GET /api/fleet/map?cluster=… - every GPU at its latest reading, in columns, of one cluster or every one; what the
// fleet map refreshes from.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const { scope, issue } = readClusterScope(new URL(request.url).searchParams);
  if (issue) throw new ApiError(422, 'invalid_cluster', issue.message);
  return getFleetMap(new Date(), scope);
});
