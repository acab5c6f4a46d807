import { route } from '@/lib/api/route';
import { getFleetMap } from '@/lib/queries/fleet/map';

export const dynamic = 'force-dynamic';

// GET /api/fleet/map - every GPU at its latest minute, in columns; what the fleet map refreshes from.
export const GET = route({ role: 'viewer' }, () => getFleetMap());
