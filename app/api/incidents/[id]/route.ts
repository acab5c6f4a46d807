import { ApiError, route } from '@/lib/api/route';
import { getIncident, parseIncidentId } from '@/lib/queries/incidents';

export const dynamic = 'force-dynamic';

// GET /api/incidents/:id - one incident: its times, timeline, job and node with their utilization, cost so far.
export async function GET(request: Request, { params }: RouteContext<'/api/incidents/[id]'>) {
  const { id } = await params;
  return route({ role: 'viewer' }, async () => {
    const incidentId = parseIncidentId(id);
    if (incidentId === null) throw new ApiError(404, 'not_found', `There is no incident with id "${id}".`);
    const incident = await getIncident(incidentId);
    if (!incident) throw new ApiError(404, 'not_found', `There is no incident with id ${incidentId}.`);
    return incident;
  })(request);
}
