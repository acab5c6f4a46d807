// Who the incident is and where it stands: severity and state, who has it, when it opened, was acknowledged and
// resolved, and the time to acknowledge and to recover, both from its opening (DOMAIN.md "Incidents").
import { formatDateTime } from '@/components/charts/time-format';
import { Figures } from '@/components/ui';
import { formatAge, formatDuration } from '@/lib/domain/units';
import type { IncidentDetail } from '@/lib/queries/incidents/types';
import { SeverityBadge, StateBadge } from './IncidentBadges';
import { SOURCE } from './labels';
import styles from './incidents.module.css';

function When({ at, timeZone }: { at: string | null; timeZone: string }) {
  if (!at) return <span className="subtle">Not yet</span>;
  return <time dateTime={at}>{formatDateTime(at, timeZone)}</time>;
}

export function IncidentHeader({ data, now }: { data: IncidentDetail; now: number }) {
  const { incident, timeZone } = data;
  const opened = Date.parse(incident.openedAt);
  const waiting = (label: string) => (
    <span className="subtle">
      {label} {formatDuration(now - opened)}
    </span>
  );
  return (
    <header className="stack">
      <div className={styles.titleRow}>
        <SeverityBadge severity={incident.severity} large />
        <StateBadge state={incident.state} large />
        <h1 className="page-title">{incident.title}</h1>
      </div>
      <p className="muted">
        Incident {incident.id} · {SOURCE[incident.source]} · opened {formatAge(new Date(opened), new Date(now))}
        {incident.team && <> · team {incident.team}</>}
      </p>
      {incident.severityRule && (
        <p className={styles.rule} data-testid="severity-rule">
          <span className="subtle">Severity rule · </span>
          {incident.severityRule}
        </p>
      )}
      <Figures
        data-testid="incident-times"
        figures={[
          { label: 'Assignee', value: incident.assignee?.name ?? <span className="subtle">Unassigned</span> },
          { label: 'Opened', value: <When at={incident.openedAt} timeZone={timeZone} /> },
          { label: 'Acknowledged', value: <When at={incident.acknowledgedAt} timeZone={timeZone} /> },
          { label: 'Resolved', value: <When at={incident.resolvedAt} timeZone={timeZone} /> },
          {
            label: 'Time to acknowledge',
            value:
              incident.timeToAcknowledgeMs !== null
                ? formatDuration(incident.timeToAcknowledgeMs)
                : incident.state === 'resolved'
                  ? '—'
                  : waiting('waiting'),
          },
          {
            label: 'Time to recover',
            value: incident.timeToRecoverMs !== null ? formatDuration(incident.timeToRecoverMs) : waiting('open for'),
          },
        ]}
      />
      {incident.summary && <p className={styles.summary}>{incident.summary}</p>}
    </header>
  );
}
