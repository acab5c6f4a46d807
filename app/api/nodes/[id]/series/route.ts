import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { getNodeSeries } from '@/lib/queries/nodes';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

const idSchema = z.coerce.number().int().positive();

// GET /api/nodes/:id/series?range=7d - the node's charts alone: each GPU's utilization, memory, power and
// temperature over the range, in the page's buckets.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const url = new URL(request.url);
  const id = idSchema.safeParse(url.pathname.split('/').at(-2));
  if (!id.success) throw new ApiError(404, 'not_found', 'No node has that id.');
  const parsed = parseTimeRange(url.searchParams);
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  const chart = await getNodeSeries(id.data, parsed.range);
  if (!chart) throw new ApiError(404, 'not_found', `Node ${id.data} does not exist.`);
  return chart;
});
