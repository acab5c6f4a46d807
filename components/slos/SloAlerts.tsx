// The burn-rate incidents open on an SLO, each linked to its incident.
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge } from '@/components/ui';
import type { SloSummary } from '@/lib/queries/slos/types';

export function SloAlerts({ slo }: { slo: SloSummary }) {
  if (!slo.alerts.length) return <span className="muted">None firing</span>;
  return (
    <ul
      className="stack"
      style={{ gap: 4, margin: 0, padding: 0, listStyle: 'none' }}
      aria-label={`Alerts of ${slo.name}`}
    >
      {slo.alerts.map((alert) => (
        <li key={alert.incidentId}>
          <IntentLink href={`/incidents/${alert.incidentId}`} title={alert.title}>
            <Badge tone={alert.severity === 'page' ? 'bad' : 'warn'}>
              {alert.severity === 'page' ? 'Paging' : 'Ticket'}: incident #{alert.incidentId}
            </Badge>
          </IntentLink>
        </li>
      ))}
    </ul>
  );
}
