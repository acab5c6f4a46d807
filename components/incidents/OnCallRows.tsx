// The on-call list drawn from its rows: severity and state as large badges, title, age, what automatic recovery
// did, who has it, the quick actions and, for operators, Acknowledge. No fetching and no keyboard here: the live
// component owns the selection and hands it in.
import { IntentLink } from '@/components/ui/IntentLink';
import type { Ref } from 'react';
import { formatDateTime } from '@/components/charts/time-format';
import { Button } from '@/components/ui';
import type { IncidentRow } from '@/lib/queries/incidents/types';
import { ageText } from './age';
import { SeverityBadge, StateBadge } from './IncidentBadges';
import { QuickActions, targetsOf } from './QuickActions';
import { RecoveryCell } from './RecoveryCell';
import { SOURCE } from './labels';
import styles from './incidents.module.css';

interface Props {
  rows: IncidentRow[];
  now: number;
  timeZone: string;
  selectedId: number | null;
  canAct: boolean;
  acknowledging: ReadonlySet<number>;
  onSelect(id: number): void;
  onAcknowledge(row: IncidentRow): void;
  linkRef(id: number): Ref<HTMLAnchorElement>;
}

export function OnCallRows({
  rows,
  now,
  timeZone,
  selectedId,
  canAct,
  acknowledging,
  onSelect,
  onAcknowledge,
  linkRef,
}: Props) {
  return (
    <>
      <div className={styles.columnHeads} aria-hidden>
        <span>Severity</span>
        <span>State</span>
        <span>Incident</span>
        <span style={{ textAlign: 'right' }}>Age</span>
        <span>Automatic recovery</span>
        <span>Assignee</span>
        <span />
      </div>
      <ol className={styles.rows} aria-label="Unresolved incidents, pages first, then oldest first">
        {rows.map((row) => (
          <li
            key={row.id}
            className={styles.row}
            aria-current={row.id === selectedId ? 'true' : undefined}
            data-state={row.state}
            data-testid="on-call-row"
            onClick={() => onSelect(row.id)}
          >
            <SeverityBadge severity={row.severity} large />
            <StateBadge state={row.state} large />
            <div className={styles.titleCell}>
              <IntentLink
                href={`/incidents/${row.id}`}
                className={styles.title}
                ref={linkRef(row.id)}
                onFocus={() => onSelect(row.id)}
                title={row.title}
              >
                {row.title}
              </IntentLink>
              <span className={styles.meta}>
                <span className="num">#{row.id}</span>
                <span>{SOURCE[row.source]}</span>
                {row.job && <span>job {row.job.name}</span>}
                {row.node && <span>{row.node.hostname}</span>}
                {row.team && <span>{row.team}</span>}
              </span>
            </div>
            <time
              className={styles.age}
              dateTime={row.openedAt}
              title={`Opened ${formatDateTime(row.openedAt, timeZone)}`}
            >
              <span className="visually-hidden">Open for </span>
              {ageText(now - Date.parse(row.openedAt))}
            </time>
            <RecoveryCell step={row.recovery} now={now} timeZone={timeZone} />
            <span className={styles.assignee}>
              {row.assignee ? row.assignee.name : <span className="subtle">Unassigned</span>}
            </span>
            <div className={styles.rowActions}>
              <QuickActions targets={targetsOf(row)} incidentId={row.id} compact />
              {canAct && row.state === 'open' && (
                <Button
                  size="sm"
                  variant="primary"
                  loading={acknowledging.has(row.id)}
                  onClick={(event) => {
                    event.stopPropagation();
                    onAcknowledge(row);
                  }}
                >
                  Acknowledge<span className="visually-hidden"> {row.title}</span>
                </Button>
              )}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
