// The fleet overview: the first thing an on-call engineer sees. The server renders the first paint from the
// same query the live refresh polls; an unreachable database shows a banner, not an error page.
import { LinkIssues, PageHeader, RangeUnread } from '@/components/ui';
import { OverviewLive } from '@/components/overview/OverviewLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { getOverview } from '@/lib/queries/overview';
import { pageRange, timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Overview · Fleet Console' };

export default async function OverviewPage({ searchParams }: { searchParams: PageSearchParams }) {
  const search = await searchParams;
  const { range, unread } = pageRange(search);
  const { scope, issue } = readClusterScope(search);
  const initial = await orUnavailable(getOverview(range, { scope }));
  return (
    <div className="page">
      <PageHeader
        title="Fleet overview"
        subtitle={
          scope.cluster
            ? `GPUs, jobs, incidents and spend of ${scope.cluster}; SLOs across every cluster`
            : 'GPUs, jobs, incidents, SLOs and spend across every cluster'
        }
        actions={<TimeRangePicker />}
      />
      <RangeUnread message={unread} instead="the last 24 hours" />
      <LinkIssues issues={issue ? [issue] : []} />
      <OverviewLive
        initial={initial}
        initialError={initial ? null : 'database_unavailable'}
        query={withClusterScope(timeRangeSearchParams(range), scope).toString()}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
    </div>
  );
}
