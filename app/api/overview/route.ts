import { route } from '@/lib/api/route';
import { clusterScopeOf, rangeOf } from '@/lib/api/params';
import { getOverview } from '@/lib/queries/overview';

export const dynamic = 'force-dynamic';

// GET /api/overview?range=24h&cluster=… - the fleet overview (or ?from=…&to=… ISO), of one cluster or every one;
// what the overview page refreshes from.
export const GET = route({ role: 'viewer' }, ({ search }) =>
  getOverview(rangeOf(search), { scope: clusterScopeOf(search) }),
);
