import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { rangeOf } from '@/lib/api/params';
import { idParam } from '@/lib/ids';
import { getNode } from '@/lib/queries/nodes';

export const dynamic = 'force-dynamic';

// GET /api/nodes/:id?range=24h - one node's GPUs, readings over the range, faults, jobs and states.
export const GET = route({ role: 'viewer', params: z.object({ id: idParam('node') }) }, async ({ params, search }) => {
  const node = await getNode(params.id, rangeOf(search));
  if (!node) throw new ApiError(404, 'not_found', `There is no node with id ${params.id}.`);
  return node;
});
