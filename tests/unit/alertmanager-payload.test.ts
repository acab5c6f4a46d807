// Reading Alertmanager's webhook notification: the documented shape, and what the console takes from its labels.
import { describe, expect, it } from 'vitest';
import { hostnamesOf, jobNamesOf, severityOf, titleOf, webhookSchema } from '@/lib/incidents/alertmanager-payload';
import { firingAlert, webhook } from '../fakes/alertmanager-webhook';

const documented = webhook(
  '{}:{alertname="GpuFellOffTheBus"}',
  [
    firingAlert('3a5c3d0e62c9b1f1', {
      labels: { alertname: 'GpuFellOffTheBus', severity: 'critical', Hostname: 'gpu-a-001' },
      annotations: { summary: 'XID 79 on gpu-a-001' },
    }),
  ],
  { alertname: 'GpuFellOffTheBus', severity: 'critical' },
);

describe('the webhook schema', () => {
  it('accepts the documented notification, nanosecond times and the zero end time included', () => {
    expect(webhookSchema.safeParse(documented).success).toBe(true);
  });

  it('accepts a notification with no alerts and an older Alertmanager without truncatedAlerts', () => {
    const { truncatedAlerts: _omitted, ...older } = { ...documented, alerts: [] };
    expect(webhookSchema.safeParse(older)).toMatchObject({ success: true, data: { truncatedAlerts: 0 } });
  });

  it('refuses label values that are not strings, and a status it does not know', () => {
    const result = webhookSchema.safeParse({
      ...documented,
      status: 'pending',
      commonLabels: { severity: 3 },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'commonLabels.severity',
      'status',
    ]);
  });
});

describe('what the console reads from an alert', () => {
  it('pages for critical and page severities only', () => {
    expect(severityOf({ severity: 'critical' })).toBe('page');
    expect(severityOf({ severity: 'Page' })).toBe('page');
    expect(severityOf({ severity: 'warning' })).toBe('ticket');
    expect(severityOf({})).toBe('ticket');
  });

  it('titles it by its summary, else its name', () => {
    expect(titleOf({ labels: { alertname: 'NodeDown' }, annotations: { summary: ' Node gpu-a-001 down ' } })).toBe(
      'Node gpu-a-001 down',
    );
    expect(titleOf({ labels: { alertname: 'NodeDown' }, annotations: {} })).toBe('NodeDown');
  });

  it('reads hostnames from Hostname, node and instance without its port', () => {
    expect(hostnamesOf({ Hostname: 'gpu-a-001', instance: 'gpu-a-001:9400' })).toEqual(['gpu-a-001']);
    expect(hostnamesOf({ node: 'gpu-b-007' })).toEqual(['gpu-b-007']);
  });

  it('reads a job from namespace and pod first, then job labels', () => {
    expect(jobNamesOf({ namespace: 'research', pod: 'pretrain-0', job: 'dcgm' })).toEqual([
      'research/pretrain-0',
      'dcgm',
    ]);
  });
});
