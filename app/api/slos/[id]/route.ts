import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { rangeOf } from '@/lib/api/params';
import { idParam } from '@/lib/ids';
import { getSlo } from '@/lib/queries/slos';

export const dynamic = 'force-dynamic';

// GET /api/slos/:id?range=24h - one SLO: its SLI and budget over its window, burn rates over the range.
export const GET = route({ role: 'viewer', params: z.object({ id: idParam('SLO') }) }, async ({ params, search }) => {
  const slo = await getSlo(params.id, rangeOf(search));
  if (!slo) throw new ApiError(404, 'not_found', `There is no SLO with id ${params.id}.`);
  return slo;
});
