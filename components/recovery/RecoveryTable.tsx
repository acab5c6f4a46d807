'use client';

// The range's newest recoveries, one row each, its timeline unfolding beneath the row on demand.
import { IntentLink } from '@/components/ui/IntentLink';
import { Fragment, useState } from 'react';
import { formatDateTime } from '@/components/charts/time-format';
import { Badge } from '@/components/ui';
import { Money } from '@/components/costs/Money';
import { formatDuration, formatGpuHours } from '@/lib/domain/units';
import type { RecoveryTimeline as Timeline } from '@/lib/queries/recovery/types';
import { CAUSE_LABEL, RECOVERY_STATE, targetHref } from './labels';
import { RecoveryTimeline } from './RecoveryTimeline';
import { againstTarget } from './target-note';
import tableStyles from '@/components/ui/Table.module.css';
import styles from './recovery.module.css';

interface Props {
  recoveries: Timeline[];
  timeZone: string;
  currency: string;
  now: number;
}

const COLUMNS = 9;

function Chevron() {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
      <path d="M6 3l5 5-5 5" />
    </svg>
  );
}

export function RecoveryTable({ recoveries, timeZone, currency, now }: Props) {
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className={tableStyles.scroll}>
      <table className={tableStyles.table}>
        <caption className="visually-hidden">Recent recoveries</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Timeline</span>
            </th>
            <th scope="col">Target</th>
            <th scope="col">Cause</th>
            <th scope="col">State</th>
            <th scope="col">Detected</th>
            <th scope="col">Time to recover</th>
            <th scope="col" className={tableStyles.numeric}>
              Lost GPU-hours
            </th>
            <th scope="col" className={tableStyles.numeric}>
              Cost
            </th>
            <th scope="col">Incident</th>
          </tr>
        </thead>
        <tbody>
          {recoveries.map((recovery) => {
            const expanded = open.has(recovery.id);
            const detailId = `recovery-${recovery.id}-timeline`;
            const state = RECOVERY_STATE[recovery.state];
            return (
              <Fragment key={recovery.id}>
                <tr>
                  <td>
                    <button
                      type="button"
                      className={styles.expand}
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailId : undefined}
                      aria-label={`${expanded ? 'Hide' : 'Show'} the timeline of ${recovery.target.name}`}
                      onClick={() => toggle(recovery.id)}
                    >
                      <Chevron />
                    </button>
                  </td>
                  <th scope="row">
                    <IntentLink href={targetHref(recovery.targetType, recovery.target.id)}>
                      {recovery.target.name}
                    </IntentLink>
                    <span className="subtle"> · {recovery.targetType}</span>
                  </th>
                  <td>{CAUSE_LABEL[recovery.cause]}</td>
                  <td>
                    <Badge tone={state.tone}>{state.label}</Badge>
                  </td>
                  <td>
                    <time dateTime={recovery.detectedAt}>{formatDateTime(recovery.detectedAt, timeZone)}</time>
                  </td>
                  <td>
                    {recovery.timeToRecoverMs === null ? (
                      <span className="subtle">not back</span>
                    ) : (
                      <>
                        <span className="num">{formatDuration(recovery.timeToRecoverMs)}</span>{' '}
                        <span className={recovery.withinTarget ? 'muted' : 'tone-warn'}>
                          {againstTarget(recovery.timeToRecoverMs, recovery.targetMs)}
                        </span>
                      </>
                    )}
                  </td>
                  <td className={tableStyles.numeric}>{formatGpuHours(recovery.lostGpuHours)}</td>
                  <td className={tableStyles.numeric}>
                    <Money
                      amount={recovery.lostCost}
                      currency={currency}
                      unpriced={recovery.lostCost === null && (recovery.lostGpuHours ?? 0) > 0}
                    />
                  </td>
                  <td>
                    {recovery.incidentId === null ? (
                      <span className="subtle">none</span>
                    ) : (
                      <IntentLink href={`/incidents/${recovery.incidentId}`}>#{recovery.incidentId}</IntentLink>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr id={detailId} className={styles.detailRow}>
                    <td colSpan={COLUMNS}>
                      <RecoveryTimeline recovery={recovery} timeZone={timeZone} currency={currency} now={now} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
