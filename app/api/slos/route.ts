import { clusterScopeOf } from '@/lib/api/params';
import { route } from '@/lib/api/route';
import { getSlos } from '@/lib/queries/slos';

export const dynamic = 'force-dynamic';

// GET /api/slos?cluster=… - every SLO (in a cluster's scope, its own and the organisation's): the SLI now, the
// error budget left, burn rates against the alert thresholds, alerts.
export const GET = route({ role: 'viewer' }, async ({ search }) => getSlos(new Date(), clusterScopeOf(search)));
