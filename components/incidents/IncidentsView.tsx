// The incident list drawn from one IncidentList: filters, the table, pages, and an empty state that says why.
import { Suspense } from 'react';
import { Card, EmptyState, PageStep, PageSteps, Pager } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import { activeFilters, incidentListQuery } from '@/lib/queries/incidents/params';
import type { IncidentList } from '@/lib/queries/incidents/types';
import { timeRangeSearchParams } from '@/lib/time-range';
import { IncidentFilters } from './IncidentFilters';
import { IncidentTable } from './IncidentTable';

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
  return (
    <Pager label="Pages of incidents">
      <span className="muted num">
        Page {formatCount(data.page)} of {formatCount(data.pageCount)}
      </span>
      <PageSteps>
        <PageStep label="Previous" href={data.page <= 1 ? null : href(data.page - 1)} />
        <PageStep label="Next" href={data.page >= data.pageCount ? null : href(data.page + 1)} />
      </PageSteps>
    </Pager>
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
