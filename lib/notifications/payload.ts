// What a notification row carries: the whole message, so a delivery retried hours later needs nothing else.
// The weekly report's PDF is the one part made at send time, from the stored report, for channels that carry files.
import type { IncidentSeverity, IncidentState } from '@/lib/domain/enums';

export interface NotificationPayload {
  type: 'budget_alert' | 'weekly_report' | 'incident' | 'waste_notice' | 'test';
  subject: string;
  text: string;
  data: Record<string, unknown>;
  /** The stored weekly report whose PDF goes with the message, where the channel carries files. */
  reportId?: number;
}

/** What happened to an incident, as channels that track incidents (PagerDuty) map it to their own events. */
export type IncidentEventName = 'opened' | 'escalated' | 'acknowledged' | 'resolved' | 'reopened';

/** `data` of an 'incident' payload. */
export interface IncidentPayloadData extends Record<string, unknown> {
  event: IncidentEventName;
  incident: {
    id: number;
    /** Stable across the incident's life: PagerDuty's dedup_key is built from it. */
    key: string;
    title: string;
    severity: IncidentSeverity;
    state: IncidentState;
    source: string;
    summary: string | null;
    openedAt: string;
    team: string | null;
    job: { id: number; name: string } | null;
    node: { id: number; hostname: string } | null;
    url: string;
  };
}

export function isPayload(value: unknown): value is NotificationPayload {
  const payload = value as NotificationPayload | null;
  return !!payload && typeof payload.subject === 'string' && typeof payload.text === 'string';
}
