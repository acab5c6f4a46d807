import { route } from '@/lib/api/route';
import { getSlos } from '@/lib/queries/slos';

export const dynamic = 'force-dynamic';

// GET /api/slos - every SLO: the SLI now, the error budget left, burn rates against the alert thresholds, alerts.
export const GET = route({ role: 'viewer' }, async () => getSlos());
