import { ApiError, route } from '@/lib/api/route';
import { getOverview } from '@/lib/queries/overview';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

// GET /api/overview?range=24h - the fleet overview (or ?from=…&to=… ISO); what the overview page refreshes from.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const parsed = parseTimeRange(new URL(request.url).searchParams);
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  return getOverview(parsed.range);
});
