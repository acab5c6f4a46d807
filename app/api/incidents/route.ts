import { ApiError, route } from '@/lib/api/route';
import { readClusterScope } from '@/lib/clusters/config';
import { listIncidents, onCallIncidents, parseIncidentListParams } from '@/lib/queries/incidents';
import { incidentRange } from '@/lib/queries/incidents/range';

export const dynamic = 'force-dynamic';

// GET /api/incidents?view=on-call - every unresolved incident, worst and oldest first (the on-call page's refresh).
// GET /api/incidents?state=open&severity=page&source=alertmanager&team=research&range=7d&page=2 - the full list
// (the last 7 days when no range is named). Either one is of one cluster with `cluster=<name>`.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const search = new URL(request.url).searchParams;
  const { scope, issue } = readClusterScope(search);
  if (issue) throw new ApiError(422, 'invalid_cluster', issue.message);
  if (search.get('view') === 'on-call') return onCallIncidents(new Date(), scope);
  const { range, message } = incidentRange(search, '7d');
  if (message) throw new ApiError(422, 'invalid_range', message);
  const parsed = parseIncidentListParams(search);
  if (parsed.issues.length) {
    const fields = Object.fromEntries(parsed.issues.map((issue) => [issue.field, [issue.message]]));
    throw new ApiError(422, 'invalid_input', parsed.issues.map((issue) => issue.message).join(' '), fields);
  }
  return listIncidents(parsed.params, range, new Date(), scope);
});
