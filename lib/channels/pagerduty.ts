// PagerDuty Events API v2: incidents trigger, acknowledge and resolve one PagerDuty alert through their life (one
// dedup_key per incident); budget alerts and test messages trigger alerts of their own.
// https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
import { z } from 'zod';
import type { IncidentEventName, IncidentPayloadData } from '@/lib/notifications/payload';
import { isRetryable, postJson } from './http';
import { incidentOf, SEVERITY_WORDS, STATE_WORDS } from './incident';
import { clip, consoleUrl, linkOf } from './links';
import { DeliveryError, type Channel, type Message } from './types';
import { deliveryUrl, PAGERDUTY_EVENTS_URL, routingKey } from './settings';

export { PAGERDUTY_EVENTS_URL };

export const pagerdutyConfig = z.object({
  routingKey,
  url: deliveryUrl.default(PAGERDUTY_EVENTS_URL),
});
export type PagerDutyConfig = z.infer<typeof pagerdutyConfig>;

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export const EVENT_ACTIONS: Record<IncidentEventName, PagerDutyAction> = {
  opened: 'trigger',
  escalated: 'trigger',
  reopened: 'trigger',
  acknowledged: 'acknowledge',
  resolved: 'resolve',
};

const SEVERITIES = { page: 'critical', ticket: 'warning' } as const satisfies Record<string, PagerDutySeverity>;

const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;

export interface PagerDutyTrigger {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details: Record<string, unknown>;
  };
  links: { href: string; text: string }[];
  client: string;
  client_url: string;
}

/** Acknowledge and resolve name the alert and nothing else. */
export interface PagerDutyFollowUp {
  routing_key: string;
  event_action: 'acknowledge' | 'resolve';
  dedup_key: string;
}

export type PagerDutyEvent = PagerDutyTrigger | PagerDutyFollowUp;

/** The same for every event of one incident: its id makes it unique, its key makes it readable. */
export const incidentDedupKey = (incident: { id: number; key: string }) =>
  clip(`fleet-console:incident:${incident.id}:${incident.key}`, DEDUP_KEY_MAX);

function incidentEvent(key: string, data: IncidentPayloadData, message: Message, now: Date): PagerDutyEvent {
  const { event, incident } = data;
  const action = EVENT_ACTIONS[event];
  const dedupKey = incidentDedupKey(incident);
  if (action !== 'trigger') return { routing_key: key, event_action: action, dedup_key: dedupKey };
  const base = consoleUrl();
  return {
    routing_key: key,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: clip(incident.title, SUMMARY_MAX),
      source: incident.node?.hostname ?? incident.job?.name ?? 'fleet-console',
      severity: SEVERITIES[incident.severity],
      // When it was seen: the opening for the first trigger, now for an escalation or a reopening.
      timestamp: event === 'opened' ? incident.openedAt : now.toISOString(),
      component: incident.node && incident.job ? incident.job.name : undefined,
      group: incident.team ?? undefined,
      class: incident.source,
      custom_details: {
        event,
        incident: incident.id,
        key: incident.key,
        severity: SEVERITY_WORDS[incident.severity],
        state: STATE_WORDS[incident.state] ?? incident.state,
        summary: incident.summary,
        team: incident.team,
        job: incident.job?.name ?? null,
        node: incident.node?.hostname ?? null,
        opened_at: incident.openedAt,
        details: message.text,
      },
    },
    links: incident.url ? [{ href: incident.url, text: 'Open the incident in Fleet Console' }] : [],
    client: 'Fleet Console',
    client_url: base,
  };
}

/** The event a message becomes. Throws (not retried) for what PagerDuty is not for: the weekly report. */
export function pagerdutyEvent(key: string, message: Message, now: Date = new Date()): PagerDutyEvent {
  if (message.type === 'weekly_report') {
    throw new DeliveryError('PagerDuty takes incidents and alerts, not the weekly report', false);
  }
  if (message.type === 'incident') {
    const incident = incidentOf(message);
    if (!incident) throw new DeliveryError('the incident message does not name its incident and event', false);
    return incidentEvent(key, incident, message, now);
  }
  const link = linkOf(message.data);
  return {
    routing_key: key,
    event_action: 'trigger',
    // A new alert per message: the message id is the notification's own dedup key.
    dedup_key: clip(message.id, DEDUP_KEY_MAX),
    payload: {
      summary: clip(message.subject, SUMMARY_MAX),
      source: 'fleet-console',
      severity: message.type === 'test' ? 'info' : 'warning',
      timestamp: now.toISOString(),
      class: message.type,
      custom_details: { ...message.data, details: message.text },
    },
    links: link ? [{ href: link, text: 'Open in Fleet Console' }] : [],
    client: 'Fleet Console',
    client_url: consoleUrl(),
  };
}

export const pagerduty: Channel<PagerDutyConfig> = {
  kind: 'pagerduty',
  config: pagerdutyConfig,
  async send(settings, message) {
    const event = pagerdutyEvent(settings.routingKey, message);
    const answer = await postJson(settings.url, JSON.stringify(event), {
      what: 'PagerDuty',
      headers: { 'user-agent': 'FleetConsole-PagerDuty/1' },
    });
    if (answer.status >= 200 && answer.status < 300) return `PagerDuty accepted it (${answer.status})`;
    // The status alone, with what it means for PagerDuty: a receiver's body is never shown (see http.ts).
    const hint = answer.status === 400 ? ' (the event or its routing key is not valid)' : '';
    throw new DeliveryError(
      `PagerDuty answered ${answer.status} ${answer.statusText}${hint}`,
      isRetryable(answer.status),
    );
  },
};
