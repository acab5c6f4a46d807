import { ApiError, route } from '@/lib/api/route';
import { clusterScopeOf, refuseIssues } from '@/lib/api/params';
import { listIncidents, onCallIncidents, parseIncidentListParams } from '@/lib/queries/incidents';
import { incidentRange } from '@/lib/queries/incidents/range';

export const dynamic = 'force-dynamic';

// GET /api/incidents?view=on-call - every unresolved incident, worst and oldest first (the on-call page's refresh).
// GET /api/incidents?state=open&severity=page&source=alertmanager&team=research&range=7d&page=2 - the full list
// (the last 7 days when no range is named). Either one is of one cluster with `cluster=<name>`.
export const GET = route({ role: 'viewer' }, async ({ search }) => {
  const scope = clusterScopeOf(search);
  if (search.get('view') === 'on-call') return onCallIncidents(new Date(), scope);
  const { range, message } = incidentRange(search, '7d');
  if (message) throw new ApiError(422, 'invalid_range', message);
  const parsed = parseIncidentListParams(search);
  refuseIssues(parsed.issues);
  return listIncidents(parsed.params, range, new Date(), scope);
});
