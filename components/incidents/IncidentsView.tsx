// The incident list drawn from one IncidentList: filters, the table, pages, and an empty state that says why.
import Link from 'next/link';
import { Suspense } from 'react';
import { Card, EmptyState, buttonClass } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import { activeFilters, incidentListQuery } from '@/lib/queries/incidents/params';
import type { IncidentList } from '@/lib/queries/incidents/types';
import { timeRangeSearchParams } from '@/lib/time-range';
import { IncidentFilters } from './IncidentFilters';
import { IncidentTable } from './IncidentTable';
import styles from './incidents.module.css';

function rangeQuery(data: IncidentList) {
  return timeRangeSearchParams({
    from: new Date(data.range.from),
    to: new Date(data.range.to),
    preset: data.range.preset,
  });
}

function Pages({ data }: { data: IncidentList }) {
  if (data.pageCount <= 1) return null;
  const href = (page: number) => `/incidents?${incidentListQuery(rangeQuery(data), { ...data.params, page })}`;
  const step = (label: string, page: number, disabled: boolean) =>
    disabled ? (
      <span className={buttonClass({ size: 'sm', variant: 'ghost' })} aria-disabled="true">
        {label}
      </span>
    ) : (
      <Link href={href(page)} className={buttonClass({ size: 'sm' })} scroll={false}>
        {label}
      </Link>
    );
  return (
    <nav className={styles.pagination} aria-label="Pages of incidents">
      <span className="muted num">
        Page {formatCount(data.page)} of {formatCount(data.pageCount)}
      </span>
      <span className="row">
        {step('Previous', data.page - 1, data.page <= 1)}
        {step('Next', data.page + 1, data.page >= data.pageCount)}
      </span>
    </nav>
  );
}

export function IncidentsView({ data }: { data: IncidentList }) {
  const filtered = activeFilters(data.params).length > 0;
  return (
    <>
      <Suspense>
        <IncidentFilters params={data.params} teams={data.teams} />
      </Suspense>
      <Card
        title={`${formatCount(data.total)} incident${data.total === 1 ? '' : 's'}`}
        description="Opened in the range, newest first"
        flush
        data-testid="incidents-table"
      >
        {data.rows.length === 0 ? (
          <EmptyState
            title={filtered ? 'No incidents match these filters' : 'No incidents opened in this range'}
            description={filtered ? 'Clear a filter, or choose a longer range.' : 'A longer range may hold some.'}
          />
        ) : (
          <>
            <IncidentTable
              rows={data.rows}
              timeZone={data.timeZone}
              caption={`Incidents, page ${data.page} of ${data.pageCount}`}
            />
            <Pages data={data} />
          </>
        )}
      </Card>
    </>
  );
}
