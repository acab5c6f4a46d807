import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { rangeOf } from '@/lib/api/params';
import { idParam } from '@/lib/ids';
import { getNodeSeries } from '@/lib/queries/nodes';

export const dynamic = 'force-dynamic';

// GET /api/nodes/:id/series?range=7d - the node's charts alone: each GPU's utilization, memory, power and
// temperature over the range, in the page's buckets.
export const GET = route({ role: 'viewer', params: z.object({ id: idParam('node') }) }, async ({ params, search }) => {
  const chart = await getNodeSeries(params.id, rangeOf(search));
  if (!chart) throw new ApiError(404, 'not_found', `There is no node with id ${params.id}.`);
  return chart;
});
