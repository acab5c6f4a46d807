import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { lemonNodes } from '@/lib/queries/nodes/lemons';
import { parseTimeRangeOr } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

const lemonQuery = z.object({
  range: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.coerce.number().int().min(1, 'must be 1 to 500').max(500, 'must be 1 to 500').default(50),
});

// GET /api/nodes/lemons?range=7d&limit=50 - the nodes that caused the most trouble over a range (DOMAIN.md,
// "Lemon nodes"): faults, jobs failed, straggler appearances, throttled minutes, recoveries and the work lost,
// each with its evidence. A week by default.
export const GET = route({ role: 'viewer', query: lemonQuery }, async ({ query }) => {
  const parsed = parseTimeRangeOr({ range: query.range, from: query.from, to: query.to }, '7d');
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  return lemonNodes(parsed.range, query.limit);
});
