// The jobs list drawn from one JobList: filters, the table, pages, and an empty state that says which filters
// hid everything. No fetching here, so tests and stories can drive it with data.
import { IntentLink } from '@/components/ui/IntentLink';
import { Suspense } from 'react';
import { Card, EmptyState } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import { activeFilters, jobListQuery, NO_FILTERS } from '@/lib/queries/jobs/params';
import type { JobList } from '@/lib/queries/jobs/types';
import { timeRangeSearchParams } from '@/lib/time-range';
import { JobFilters } from './JobFilters';
import { JobTable } from './JobTable';
import { FILTER_LABELS, JOB_HEALTH, JOB_KIND, JOB_STATE } from './labels';
import { Pagination } from './Pagination';
import { rangeLabel } from '@/components/time-range/range-label';

function filterWords(data: JobList): string {
  const words = (key: string, value: string) =>
    key === 'kind'
      ? JOB_KIND[value as keyof typeof JOB_KIND]
      : key === 'state'
        ? JOB_STATE[value as keyof typeof JOB_STATE].label
        : key === 'health'
          ? JOB_HEALTH[value as keyof typeof JOB_HEALTH].label
          : key === 'q'
            ? `“${value}”`
            : value;
  return activeFilters(data.params)
    .map(({ key, values }) =>
      key === 'q'
        ? `name or id containing ${words(key, values[0])}`
        : `${FILTER_LABELS[key].toLowerCase()} ${values.map((value) => words(key, value)).join(' or ')}`,
    )
    .join(', ');
}

function Empty({ data, rangeQuery }: { data: JobList; rangeQuery: string }) {
  const filtered = activeFilters(data.params).length > 0;
  if (!filtered) {
    return (
      <EmptyState
        title="No jobs yet"
        description="Jobs appear here as soon as the worker collects them from the scheduler."
      />
    );
  }
  const cleared = { ...data.params, ...NO_FILTERS, page: 1 };
  return (
    <EmptyState
      title="No jobs match these filters"
      description={<>No job has {filterWords(data)}.</>}
      action={
        <IntentLink href={`/jobs?${jobListQuery(new URLSearchParams(rangeQuery), cleared)}`} scroll={false}>
          Clear filters
        </IntentLink>
      }
    />
  );
}

export function JobsView({ data, now }: { data: JobList; now: number }) {
  const rangeQuery = timeRangeSearchParams({
    from: new Date(data.range.from),
    to: new Date(data.range.to),
    preset: data.range.preset,
  }).toString();
  return (
    <>
      <Suspense>
        <JobFilters data={data} />
      </Suspense>
      <Card
        title={`${formatCount(data.total)} job${data.total === 1 ? '' : 's'}`}
        description={`Utilization over ${rangeLabel(data.range, data.timeZone)}; cost so far is everything each job has cost, in ${data.currency}`}
        flush
        data-testid="jobs-table"
      >
        {data.total === 0 ? (
          <Empty data={data} rangeQuery={rangeQuery} />
        ) : (
          <>
            <JobTable data={data} rangeQuery={rangeQuery} now={now} />
            <Pagination data={data} rangeQuery={rangeQuery} />
          </>
        )}
      </Card>
    </>
  );
}
