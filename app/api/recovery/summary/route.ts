import { route } from '@/lib/api/route';
import { rangeOf } from '@/lib/api/params';
import { getRecoveryView } from '@/lib/queries/recovery';

export const dynamic = 'force-dynamic';

// GET /api/recovery/summary?range=24h - how automatic recovery did over the range; what /recovery refreshes from.
export const GET = route({ role: 'viewer' }, ({ search }) => getRecoveryView(rangeOf(search)));
