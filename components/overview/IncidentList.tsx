// The newest unresolved incidents, each a link to its page; the full list lives on the incidents page.
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge, Card, EmptyState, IconCheck } from '@/components/ui';
import { formatAge, formatCount } from '@/lib/domain/units';
import type { Overview } from '@/lib/queries/overview/types';
import { SEVERITY } from './labels';
import styles from './overview.module.css';

export function IncidentList({ incidents, now }: { incidents: Overview['incidents']; now: number }) {
  const { open, bySeverity, newest } = incidents;
  return (
    <Card
      title="Open incidents"
      description={
        open === 0
          ? 'None open or acknowledged'
          : `${formatCount(open)} open: ${formatCount(bySeverity.page)} page, ${formatCount(bySeverity.ticket)} ticket`
      }
      actions={<IntentLink href="/incidents">All incidents</IntentLink>}
      flush
    >
      {newest.length === 0 ? (
        <EmptyState
          icon={<IconCheck size={18} />}
          title="No open incidents"
          description="Health rules, burn-rate and budget alerts open one when something needs a person."
        />
      ) : (
        <ul className={styles.rows} aria-label="Newest open incidents">
          {newest.map((incident) => (
            <li key={incident.id} className={styles.row}>
              <Badge tone={SEVERITY[incident.severity].tone}>{SEVERITY[incident.severity].label}</Badge>
              <IntentLink href={`/incidents/${incident.id}`} className={styles.rowTitle}>
                {incident.title}
              </IntentLink>
              {incident.state === 'acknowledged' && (
                <Badge tone="info" icon={false}>
                  Acknowledged
                </Badge>
              )}
              <time dateTime={incident.openedAt} className={`muted num ${styles.rowMeta}`}>
                {formatAge(new Date(incident.openedAt), new Date(now))}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
