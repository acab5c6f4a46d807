// The Alertmanager webhook receiver: a machine caller with a bearer token rather than a session. route() does the
// checks every route shares (token, size, JSON, schema, audit); a notification that cannot be stored in time is
// answered 503, which Alertmanager retries.
import 'server-only';
import { route } from '@/lib/api/route';
import { webhookSchema } from './alertmanager-payload';
import { receiveAlerts } from './alertmanager';

/** `token` is the one Alertmanager must send; undefined turns the receiver off (503). */
export function alertmanagerReceiver(token: () => string | undefined) {
  return route(
    {
      token: { name: 'FLEET_ALERTMANAGER_TOKEN', value: token, actor: 'alertmanager' },
      body: webhookSchema,
      audit: 'alertmanager.receive',
      // Alertmanager sends again after a 5xx, so a notification waits less than a person's request would.
      transaction: { deadlineMs: 10_000 },
    },
    async ({ body, tx, audit }) => {
      const received = await receiveAlerts(tx, body);
      audit.target = { type: 'alertmanager', id: body.receiver };
      audit.input = { groupKey: body.groupKey, status: body.status, alerts: body.alerts.length };
      audit.message = `${received.firing} firing, ${received.resolved} resolved, ${received.unchanged} unchanged`;
      const { incidents, firing, resolved, unchanged } = received;
      return { data: { incidents, firing, resolved, unchanged } };
    },
  );
}
