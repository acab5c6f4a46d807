// PagerDuty Events API v2 events as the console builds them from its messages.
import { describe, expect, it } from 'vitest';
import type { IncidentEventName, IncidentPayloadData } from '@/lib/notifications/payload';

process.env.NEXTAUTH_URL = 'https://fleet.example.com';
const { incidentDedupKey, pagerdutyEvent, pagerdutyConfig, PAGERDUTY_EVENTS_URL } =
  await import('@/lib/channels/pagerduty');
const { DeliveryError } = await import('@/lib/channels/types');

const KEY = 'R0UTINGKEY0123456789abcdefABCDEF';
const NOW = new Date('2026-11-25T10:00:00.000Z');

function incident(
  event: IncidentEventName,
  overrides: Partial<IncidentPayloadData['incident']> = {},
): IncidentPayloadData {
  return {
    event,
    incident: {
      id: 42,
      key: 'job-stalled:17',
      title: 'Job llama-70b stalled: every GPU under 5% for 10 minutes',
      severity: 'page',
      state: event === 'resolved' ? 'resolved' : event === 'acknowledged' ? 'acknowledged' : 'open',
      source: 'health_rule',
      summary: 'All 64 GPUs idle since 09:41',
      openedAt: '2026-11-25T09:51:00.000Z',
      team: 'research',
      job: { id: 17, name: 'llama-70b' },
      node: { id: 3, hostname: 'gpu-node-003' },
      url: 'https://fleet.example.com/incidents/42',
      ...overrides,
    },
  };
}

const message = (data: Record<string, unknown>, type = 'incident', subject = 'subject') => ({
  id: 'incident:42:opened:channel:1',
  type,
  subject,
  text: 'What happened, in words.',
  data,
});

describe('PagerDuty events for incidents', () => {
  it('triggers on opened, escalated and reopened; acknowledges and resolves on the others', () => {
    const actions = (['opened', 'escalated', 'reopened', 'acknowledged', 'resolved'] as const).map(
      (event) => pagerdutyEvent(KEY, message(incident(event)), NOW).event_action,
    );
    expect(actions).toEqual(['trigger', 'trigger', 'trigger', 'acknowledge', 'resolve']);
  });

  it('keeps one dedup key for the incident whole life, and another for another incident', () => {
    const keys = (['opened', 'escalated', 'acknowledged', 'resolved', 'reopened'] as const).map(
      (event) => pagerdutyEvent(KEY, message(incident(event)), NOW).dedup_key,
    );
    expect(new Set(keys)).toEqual(new Set(['fleet-console:incident:42:job-stalled:17']));
    expect(pagerdutyEvent(KEY, message(incident('opened', { id: 43 })), NOW).dedup_key).not.toBe(keys[0]);
  });

  it('cuts a dedup key to 255 characters, keeping it the same for every event', () => {
    const key = 'k'.repeat(400);
    const opened = incidentDedupKey({ id: 42, key });
    expect(opened).toHaveLength(255);
    expect(pagerdutyEvent(KEY, message(incident('resolved', { key })), NOW).dedup_key).toBe(opened);
  });

  it('builds a trigger with the documented fields: summary, source, severity, timestamp, links, client', () => {
    expect(pagerdutyEvent(KEY, message(incident('opened')), NOW)).toEqual({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'fleet-console:incident:42:job-stalled:17',
      payload: {
        summary: 'Job llama-70b stalled: every GPU under 5% for 10 minutes',
        source: 'gpu-node-003',
        severity: 'critical',
        timestamp: '2026-11-25T09:51:00.000Z',
        component: 'llama-70b',
        group: 'research',
        class: 'health_rule',
        custom_details: {
          event: 'opened',
          incident: 42,
          key: 'job-stalled:17',
          severity: 'Page',
          state: 'Open',
          summary: 'All 64 GPUs idle since 09:41',
          team: 'research',
          job: 'llama-70b',
          node: 'gpu-node-003',
          opened_at: '2026-11-25T09:51:00.000Z',
          details: 'What happened, in words.',
        },
      },
      links: [{ href: 'https://fleet.example.com/incidents/42', text: 'Open the incident in Fleet Console' }],
      client: 'Fleet Console',
      client_url: 'https://fleet.example.com',
    });
  });

  it('maps a ticket to warning, and names the job, then the console, as the source when there is no node', () => {
    const ticket = pagerdutyEvent(KEY, message(incident('escalated', { severity: 'ticket', node: null })), NOW);
    expect(ticket).toMatchObject({
      payload: { severity: 'warning', source: 'llama-70b', component: undefined, timestamp: NOW.toISOString() },
    });
    const bare = pagerdutyEvent(KEY, message(incident('opened', { node: null, job: null, team: null })), NOW);
    expect(bare).toMatchObject({ payload: { source: 'fleet-console', group: undefined } });
  });

  it('sends only routing_key, dedup_key and event_action to acknowledge or resolve', () => {
    expect(pagerdutyEvent(KEY, message(incident('acknowledged')), NOW)).toEqual({
      routing_key: KEY,
      dedup_key: 'fleet-console:incident:42:job-stalled:17',
      event_action: 'acknowledge',
    });
    expect(Object.keys(pagerdutyEvent(KEY, message(incident('resolved')), NOW)).sort()).toEqual([
      'dedup_key',
      'event_action',
      'routing_key',
    ]);
  });

  it('cuts a long title to a 1024-character summary ending in an ellipsis', () => {
    const title = 'x'.repeat(2000);
    const event = pagerdutyEvent(KEY, message(incident('opened', { title })), NOW);
    if (event.event_action !== 'trigger') throw new Error('expected a trigger');
    expect(Array.from(event.payload.summary)).toHaveLength(1024);
    expect(event.payload.summary.endsWith('…')).toBe(true);
    const emoji = pagerdutyEvent(KEY, message(incident('opened', { title: '🔥'.repeat(1100) })), NOW);
    if (emoji.event_action !== 'trigger') throw new Error('expected a trigger');
    expect(emoji.payload.summary).toBe(`${'🔥'.repeat(1023)}…`);
  });

  it('refuses, for good, an incident message that does not name its incident', () => {
    const build = () => pagerdutyEvent(KEY, message({ event: 'opened' }), NOW);
    expect(build).toThrow(DeliveryError);
    expect(build).toThrow(expect.objectContaining({ retry: false }));
  });
});

describe('PagerDuty events for other messages', () => {
  it('triggers a budget alert as a warning, deduplicated by the message id, linking to the budgets page', () => {
    const alert = pagerdutyEvent(
      KEY,
      {
        id: 'budget_alert:7:channel:2',
        type: 'budget_alert',
        subject: 'Budget Research: spend has reached 80% of $1,200.00',
        text: 'Spent so far: $960.00',
        data: { threshold: 80, url: 'https://fleet.example.com/budgets' },
      },
      NOW,
    );
    expect(alert).toEqual({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'budget_alert:7:channel:2',
      payload: {
        summary: 'Budget Research: spend has reached 80% of $1,200.00',
        source: 'fleet-console',
        severity: 'warning',
        timestamp: NOW.toISOString(),
        class: 'budget_alert',
        custom_details: { threshold: 80, url: 'https://fleet.example.com/budgets', details: 'Spent so far: $960.00' },
      },
      links: [{ href: 'https://fleet.example.com/budgets', text: 'Open in Fleet Console' }],
      client: 'Fleet Console',
      client_url: 'https://fleet.example.com',
    });
  });

  it('sends a test message as info', () => {
    expect(pagerdutyEvent(KEY, message({}, 'test', 'Test message'), NOW)).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'incident:42:opened:channel:1',
      payload: { severity: 'info', summary: 'Test message' },
      links: [],
    });
  });

  it('does not send the weekly report, and says so without retrying', () => {
    const build = () => pagerdutyEvent(KEY, message({ url: 'https://x' }, 'weekly_report'), NOW);
    expect(build).toThrow('PagerDuty takes incidents and alerts, not the weekly report');
    expect(build).toThrow(expect.objectContaining({ retry: false }));
  });
});

describe('PagerDuty settings', () => {
  it('needs a 32-character routing key and defaults to the Events API v2 URL', () => {
    expect(pagerdutyConfig.parse({ routingKey: KEY })).toEqual({ routingKey: KEY, url: PAGERDUTY_EVENTS_URL });
    expect(pagerdutyConfig.safeParse({ routingKey: KEY.slice(1) }).success).toBe(false);
    expect(pagerdutyConfig.safeParse({ routingKey: KEY, url: 'http://events.example.com' }).success).toBe(false);
    expect(pagerdutyConfig.safeParse({ routingKey: KEY, url: 'http://127.0.0.1:8080/v2/enqueue' }).success).toBe(true);
  });
});
