import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { idParam } from '@/lib/ids';
import { getIncident } from '@/lib/queries/incidents';

export const dynamic = 'force-dynamic';

// GET /api/incidents/:id - one incident: its times, timeline, job and node with their utilization, cost so far.
export const GET = route({ role: 'viewer', params: z.object({ id: idParam('incident') }) }, async ({ params }) => {
  const incident = await getIncident(params.id);
  if (!incident) throw new ApiError(404, 'not_found', `There is no incident with id ${params.id}.`);
  return incident;
});
