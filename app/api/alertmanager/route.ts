import { env } from '@/lib/env';
import { alertmanagerReceiver } from '@/lib/incidents/alertmanager-receiver';

export const dynamic = 'force-dynamic';

// POST /api/alertmanager - Alertmanager's webhook (version 4), with Authorization: Bearer <FLEET_ALERTMANAGER_TOKEN>:
// firing alerts open or join incidents, resolved ones resolve them.
export const POST = alertmanagerReceiver(() => env().FLEET_ALERTMANAGER_TOKEN);
