import { ApiError, route } from '@/lib/api/route';
import { getRecoveryView } from '@/lib/queries/recovery';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

// GET /api/recovery/summary?range=24h - how automatic recovery did over the range; what /recovery refreshes from.
export const GET = route({ role: 'viewer' }, async ({ request }) => {
  const parsed = parseTimeRange(new URL(request.url).searchParams);
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  return getRecoveryView(parsed.range);
});
