import { ApiError, route } from '@/lib/api/route';
import { getFleetSeries } from '@/lib/queries/fleet/series';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

// GET /api/fleet/series?range=7d - the fleet chart alone (allocation, utilization, healthy share per bucket), or
// ?from=…&to=… (ISO); what a chart of the fleet refreshes from without the rest of the overview.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const parsed = parseTimeRange(new URL(request.url).searchParams);
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  return getFleetSeries(parsed.range);
});
