// Incident messages in words, shared by the channels that show them: the event and the severity said plainly,
// never by colour alone.
import type { IncidentEventName, IncidentPayloadData } from '@/lib/notifications/payload';
import type { Message } from './types';

export const EVENT_WORDS: Record<IncidentEventName, string> = {
  opened: 'Opened',
  escalated: 'Escalated',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  reopened: 'Reopened',
};

export const SEVERITY_WORDS = { page: 'Page', ticket: 'Ticket' } as const;
export const STATE_WORDS = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' } as const;

/** The incident a message is about, or null when it is another kind of message (or its data is not whole). */
export function incidentOf(message: Message): IncidentPayloadData | null {
  if (message.type !== 'incident') return null;
  const data = message.data as Partial<IncidentPayloadData>;
  const incident = data.incident;
  const whole =
    typeof data.event === 'string' &&
    data.event in EVENT_WORDS &&
    !!incident &&
    typeof incident.id === 'number' &&
    typeof incident.key === 'string' &&
    typeof incident.title === 'string' &&
    (incident.severity === 'page' || incident.severity === 'ticket');
  return whole ? (data as IncidentPayloadData) : null;
}

/** "Opened (page): Job llama-70b stalled" */
export function incidentHeadline({ event, incident }: IncidentPayloadData): string {
  return `${EVENT_WORDS[event]} (${incident.severity}): ${incident.title}`;
}

/** The incident's facts as label and value, those it has. */
export function incidentFacts({ incident }: IncidentPayloadData): [string, string][] {
  const facts: [string, string | null][] = [
    ['Severity', SEVERITY_WORDS[incident.severity]],
    ['State', STATE_WORDS[incident.state] ?? incident.state],
    ['Team', incident.team],
    ['Job', incident.job ? incident.job.name : null],
    ['Node', incident.node ? incident.node.hostname : null],
    ['Source', incident.source],
    ['Opened', incident.openedAt],
  ];
  return facts.filter((fact): fact is [string, string] => !!fact[1]);
}
