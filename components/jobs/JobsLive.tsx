'use client';

// Keeps the jobs list fresh: the server's first paint is the query's initial data, then the route handler is
// polled. A failed refresh keeps the last good list on screen and says how old it is.
import { LivePanel, type LiveProps } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { JobList } from '@/lib/queries/jobs/types';
import { JobsView } from './JobsView';

type Props = LiveProps<JobList>;

export function JobsLive({ initial, initialError, query, refreshSeconds }: Props) {
  const live = useLive<JobList>(['jobs', query], `/api/jobs?${query}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} initialError={initialError} loading="Loading jobs…" freshness>
      {(data, { now }) => <JobsView data={data} now={now} />}
    </LivePanel>
  );
}
