// The fleet overview: the first thing an on-call engineer sees. The server renders the first paint from the
// same query the live refresh polls; an unreachable database shows a banner, not an error page.
import { Suspense } from 'react';
import { PageHeader, RangeUnread } from '@/components/ui';
import { OverviewLive } from '@/components/overview/OverviewLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { getOverview } from '@/lib/queries/overview';
import { DEFAULT_PRESET, parseTimeRange, presetRange, timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Overview · Fleet Console' };

export default async function OverviewPage({ searchParams }: { searchParams: PageSearchParams }) {
  const parsed = parseTimeRange(await searchParams);
  const range = parsed.ok ? parsed.range : presetRange(DEFAULT_PRESET);
  const initial = await orUnavailable(getOverview(range));
  return (
    <div className="page">
      <PageHeader
        title="Fleet overview"
        subtitle="GPUs, jobs, incidents, SLOs and spend across every cluster"
        actions={
          <Suspense>
            <TimeRangePicker />
          </Suspense>
        }
      />
      <RangeUnread message={parsed.ok ? null : parsed.message} instead="the last 24 hours" />
      <OverviewLive
        initial={initial}
        initialError={initial ? null : 'database_unavailable'}
        query={timeRangeSearchParams(range).toString()}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
    </div>
  );
}
