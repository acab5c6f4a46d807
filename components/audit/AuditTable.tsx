// The audit log's rows: who did what to which target, why, when and how it ended, with the input behind a
// disclosure. Draws only; the page fetches.
import { IntentLink } from '@/components/ui/IntentLink';
import type { ReactNode } from 'react';
import { formatClock } from '@/components/charts/time-format';
import { Badge, Table, type Column } from '@/components/ui';
import { formatLocalDateTime } from '@/lib/domain/time';
import { MISSING } from '@/lib/domain/units';
import type { AuditRow } from '@/lib/queries/audit-log';
import { RESULT, targetHref } from './labels';
import styles from './audit.module.css';

function Target({ row }: { row: AuditRow }) {
  if (!row.targetType) return <span className="subtle">{MISSING}</span>;
  const text = (
    <>
      <span className="subtle">{row.targetType}</span>{' '}
      <span className="mono clip" title={row.targetId ?? undefined}>
        {row.targetId ?? ''}
      </span>
    </>
  );
  const href = targetHref(row.targetType, row.targetId);
  return href ? <IntentLink href={href}>{text}</IntentLink> : text;
}

function Input({ row }: { row: AuditRow }) {
  if (row.input === null || row.input === undefined) return <span className="subtle">{MISSING}</span>;
  return (
    <details className={styles.input}>
      <summary>
        Input<span className="visually-hidden"> of event {row.id}</span>
      </summary>
      <pre>{JSON.stringify(row.input, null, 2)}</pre>
    </details>
  );
}

/** Reason and message: three lines at most in the row; the whole text on hover, and in the input's disclosure. */
const text = (value: string | null): ReactNode =>
  value ? (
    <span className={`${styles.prose} clamp`} title={value}>
      {value}
    </span>
  ) : (
    <span className="subtle">{MISSING}</span>
  );

export function AuditTable({ rows, timeZone, empty }: { rows: AuditRow[]; timeZone: string; empty: ReactNode }) {
  const columns: Column<AuditRow>[] = [
    {
      key: 'at',
      header: 'Time',
      rowHeader: true,
      cell: (row) => (
        <time dateTime={row.at} className={styles.time}>
          {formatLocalDateTime(new Date(row.at), timeZone).slice(0, 10)} {formatClock(row.at, timeZone)}
        </time>
      ),
    },
    {
      key: 'actor',
      header: 'Actor',
      cell: (row) =>
        row.actor.kind === 'system' ? (
          <Badge tone="info" title="The console itself">
            System
          </Badge>
        ) : (
          <span className={`${styles.actor} clip`} title={row.actor.label}>
            {row.actor.label}
          </span>
        ),
    },
    {
      key: 'action',
      header: 'Action',
      cell: (row) => (
        <span className="mono clip" title={row.action}>
          {row.action}
        </span>
      ),
    },
    { key: 'target', header: 'Target', cell: (row) => <Target row={row} /> },
    { key: 'reason', header: 'Reason', cell: (row) => text(row.reason) },
    {
      key: 'result',
      header: 'Result',
      cell: (row) => (
        <>
          <Badge tone={RESULT[row.result].tone}>{RESULT[row.result].label}</Badge>
          {row.repeats > 1 ? (
            <span className={styles.repeats} title="The same caller was refused the same way again within a minute">
              {' '}
              ×{row.repeats}
            </span>
          ) : null}
        </>
      ),
    },
    { key: 'message', header: 'Message', cell: (row) => text(row.message) },
    { key: 'input', header: 'Input', cell: (row) => <Input row={row} /> },
  ];
  return <Table caption="Audit events" columns={columns} rows={rows} density="compact" empty={empty} />;
}
