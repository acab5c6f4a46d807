// Alertmanager's webhook notification as Alertmanager 0.25 sends it (docs: configuration, <webhook_config>), for
// the tests that read one or post one to the console's receiver.
import type { AlertmanagerAlert, AlertmanagerWebhook } from '../../lib/incidents/alertmanager-payload';

/** An alert firing since a fixed moment (nanoseconds, as Alertmanager writes them): XID 79 on gpu-a-001. */
export function firingAlert(fingerprint: string, changes: Partial<AlertmanagerAlert> = {}): AlertmanagerAlert {
  return {
    status: 'firing',
    labels: { alertname: 'GpuXidErrors', severity: 'warning', Hostname: 'gpu-a-001' },
    annotations: { summary: `XID 79 on gpu-a-001 (${fingerprint})`, description: 'GPU fell off the bus' },
    startsAt: '2026-11-24T10:00:00.123456789Z',
    // Alertmanager's end time for an alert still firing.
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=DCGM_FI_DEV_XID_ERRORS',
    fingerprint,
    ...changes,
  };
}

/** The notification of one group's alerts: firing while any of them fires, grouped by the common alertname. */
export function webhook(
  groupKey: string,
  alerts: AlertmanagerAlert[],
  commonLabels: Record<string, string> = { alertname: 'GpuXidErrors' },
): AlertmanagerWebhook {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status: alerts.some((item) => item.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'fleet-console',
    groupLabels: { alertname: commonLabels.alertname },
    commonLabels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
  };
}
