// Alertmanager's webhook message (version 4), as documented in its configuration reference under
// <webhook_config>. Plain zod: no server imports, so unit tests read it as the receiver does.
import { z } from 'zod';
import type { IncidentSeverity } from '@/lib/domain/enums';

/** Alertmanager writes RFC 3339 times with up to nanoseconds; "0001-01-01T00:00:00Z" means "not set". */
const timestamp = z
  .string({ error: 'must be an RFC 3339 time' })
  .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), 'must be an RFC 3339 time');

const labelSet = z.record(z.string(), z.string({ error: 'must be a string' }), {
  error: 'must be an object of strings',
});

export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved'], { error: 'must be "firing" or "resolved"' }),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: timestamp,
  endsAt: timestamp,
  generatorURL: z.string().default(''),
  fingerprint: z
    .string({ error: 'is required' })
    .regex(/^[A-Za-z0-9]{1,64}$/, 'must be the alert fingerprint Alertmanager sends (hex digits)'),
});

export const webhookSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager 0.x webhook format)' }),
  groupKey: z.string({ error: 'is required' }).min(1, 'is required').max(4096, 'is too long'),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved'], { error: 'must be "firing" or "resolved"' }),
  receiver: z.string({ error: 'is required' }),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string({ error: 'is required' }),
  alerts: z.array(alertSchema, { error: 'must be a list of alerts' }).max(5000, 'holds more than 5,000 alerts'),
});

export type AlertmanagerAlert = z.infer<typeof alertSchema>;
export type AlertmanagerWebhook = z.infer<typeof webhookSchema>;

/** A page for critical or page alerts, a ticket for anything else (warning, info, no label at all). */
export function severityOf(labels: Record<string, string>): IncidentSeverity {
  const severity = labels.severity?.trim().toLowerCase();
  return severity === 'critical' || severity === 'page' ? 'page' : 'ticket';
}

export function titleOf(alert: Pick<AlertmanagerAlert, 'labels' | 'annotations'>): string {
  const title = alert.annotations.summary?.trim() || alert.labels.alertname?.trim() || 'Alert from Alertmanager';
  return title.slice(0, 300);
}

/** Host names an alert's labels may carry: dcgm-exporter's Hostname, node-exporter's instance (host:port), node. */
export function hostnamesOf(labels: Record<string, string>): string[] {
  const names = [labels.Hostname, labels.hostname, labels.node, labels.instance?.replace(/:\d+$/, '')];
  return [...new Set(names.filter((name): name is string => !!name && name.trim() !== ''))];
}

/** Job ids or names an alert's labels may carry; namespace/pod is how the Prometheus source names a pod's job. */
export function jobNamesOf(labels: Record<string, string>): string[] {
  const names = [labels.fleet_job, labels.job_id, labels.job_name, labels.job];
  if (labels.namespace && labels.pod) names.unshift(`${labels.namespace}/${labels.pod}`);
  return [...new Set(names.filter((name): name is string => !!name && name.trim() !== ''))];
}
