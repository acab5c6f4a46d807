// Words and tones for what the incident pages show. The tone picks colour and shape; the label says it in words,
// so severity and state are never told by colour alone.
import type { Tone } from '@/components/ui';
import type { IncidentSource, IncidentState, DeliveryState } from '@/lib/domain/enums';
import type { TimelineItem } from '@/lib/queries/incidents/types';

export { SEVERITY } from '@/components/overview/labels';

export const INCIDENT_STATE: Record<IncidentState, { label: string; tone: Tone }> = {
  open: { label: 'Open', tone: 'bad' },
  acknowledged: { label: 'Acknowledged', tone: 'info' },
  resolved: { label: 'Resolved', tone: 'ok' },
};

export const SOURCE: Record<IncidentSource, string> = {
  health_rule: 'Health rule',
  burn_rate: 'Burn rate',
  budget: 'Budget',
  alertmanager: 'Alertmanager',
  manual: 'Declared',
};

type EventKind = Extract<TimelineItem, { type: 'event' }>['kind'];

export const EVENT_KIND: Record<EventKind, { label: string; tone: Tone }> = {
  opened: { label: 'Opened', tone: 'bad' },
  signal: { label: 'Signal', tone: 'warn' },
  action: { label: 'Action', tone: 'info' },
  notification: { label: 'Notified', tone: 'neutral' },
  note: { label: 'Note', tone: 'neutral' },
  acknowledged: { label: 'Acknowledged', tone: 'info' },
  resolved: { label: 'Resolved', tone: 'ok' },
  reopened: { label: 'Reopened', tone: 'bad' },
  assigned: { label: 'Assigned', tone: 'neutral' },
};

export const DELIVERY_STATE: Record<DeliveryState, { label: string; tone: Tone }> = {
  queued: { label: 'Queued', tone: 'neutral' },
  sent: { label: 'Delivered', tone: 'ok' },
  failed: { label: 'Not delivered', tone: 'bad' },
};

export const FILTER_LABELS = { state: 'State', severity: 'Severity', source: 'Source', team: 'Team' } as const;
