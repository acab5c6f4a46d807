// The jobs list: every job, filtered, searched, sorted and paged on the server, with the filters in the URL so
// that a view can be shared. The server renders the first paint from the same query the live refresh polls.
import { JobsLive } from '@/components/jobs/JobsLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { LinkIssues, PageHeader, RangeUnread } from '@/components/ui';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { jobListQuery, listJobs, parseJobListParams } from '@/lib/queries/jobs';
import { pageRange, timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Jobs · Fleet Console' };

export default async function JobsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const search = await searchParams;
  const { range, unread } = pageRange(search);
  const parsed = parseJobListParams(search);
  const { scope, issue } = readClusterScope(search);
  const initial = await orUnavailable(listJobs(parsed, range, { scope }));
  return (
    <div className="page">
      <PageHeader
        title="Jobs"
        subtitle={`Training, fine-tuning, evaluation and inference jobs${scope.cluster ? ` of ${scope.cluster}` : ''}, with their health and cost`}
        actions={<TimeRangePicker />}
      />
      <RangeUnread message={unread} instead="the last 24 hours" />
      <LinkIssues issues={issue ? [...parsed.issues, issue] : parsed.issues} />
      <JobsLive
        initial={initial}
        initialError={initial ? null : 'database_unavailable'}
        query={jobListQuery(withClusterScope(timeRangeSearchParams(range), scope), parsed.params)}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
    </div>
  );
}
