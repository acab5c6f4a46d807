import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { getNode } from '@/lib/queries/nodes';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

const idSchema = z.coerce.number().int().positive();

// GET /api/nodes/:id?range=24h - one node's GPUs, readings over the range, faults, jobs and states.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const url = new URL(request.url);
  const id = idSchema.safeParse(url.pathname.split('/').at(-1));
  if (!id.success) throw new ApiError(404, 'not_found', 'No node has that id.');
  const parsed = parseTimeRange(url.searchParams);
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  const node = await getNode(id.data, parsed.range);
  if (!node) throw new ApiError(404, 'not_found', `Node ${id.data} does not exist.`);
  return node;
});
