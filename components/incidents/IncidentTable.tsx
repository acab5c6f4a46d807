// The incident list as a dense table: severity and state, the incident and what it concerns, when it opened, how
// long it took to acknowledge and to recover, and who has it.
import { IntentLink } from '@/components/ui/IntentLink';
import { formatDateTime } from '@/components/charts/time-format';
import { Table, type Column } from '@/components/ui';
import { formatDuration } from '@/lib/domain/units';
import type { IncidentRow } from '@/lib/queries/incidents/types';
import { SeverityBadge, StateBadge } from './IncidentBadges';
import { SOURCE } from './labels';
import styles from './incidents.module.css';

const since = (row: IncidentRow, at: string | null) => (at ? Date.parse(at) - Date.parse(row.openedAt) : null);

export function IncidentTable({ rows, timeZone, caption }: { rows: IncidentRow[]; timeZone: string; caption: string }) {
  const columns: Column<IncidentRow>[] = [
    { key: 'severity', header: 'Severity', cell: (row) => <SeverityBadge severity={row.severity} /> },
    { key: 'state', header: 'State', cell: (row) => <StateBadge state={row.state} /> },
    {
      key: 'title',
      header: 'Incident',
      rowHeader: true,
      cell: (row) => (
        <span className={styles.titleCell}>
          <IntentLink href={`/incidents/${row.id}`}>{row.title}</IntentLink>
          <span className={styles.meta}>
            <span className="num">#{row.id}</span>
            <span>{SOURCE[row.source]}</span>
            {row.job && <span>job {row.job.name}</span>}
            {row.node && <span>{row.node.hostname}</span>}
          </span>
        </span>
      ),
    },
    {
      key: 'opened',
      header: 'Opened',
      cell: (row) => (
        <time dateTime={row.openedAt} className={styles.nowrap}>
          {formatDateTime(row.openedAt, timeZone)}
        </time>
      ),
    },
    {
      key: 'tta',
      header: 'To acknowledge',
      numeric: true,
      cell: (row) => formatDuration(since(row, row.acknowledgedAt)),
    },
    {
      key: 'ttr',
      header: 'To recover',
      numeric: true,
      cell: (row) => formatDuration(since(row, row.resolvedAt)),
    },
    {
      key: 'assignee',
      header: 'Assignee',
      cell: (row) => row.assignee?.name ?? <span className="subtle">Unassigned</span>,
    },
    { key: 'team', header: 'Team', cell: (row) => row.team ?? <span className="subtle">—</span> },
  ];
  return <Table columns={columns} rows={rows} caption={caption} density="compact" />;
}
