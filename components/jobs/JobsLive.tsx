'use client';

// Keeps the jobs list fresh: the server's first paint is the query's initial data, then the route handler is
// polled. A failed refresh keeps the last good list on screen and says how old it is.
import { EmptyState } from '@/components/ui';
import { Freshness } from '@/components/live/Freshness';
import { RefreshFailure } from '@/components/live/RefreshFailure';
import { useLive } from '@/components/live/useLive';
import type { JobList } from '@/lib/queries/jobs/types';
import { JobsView } from './JobsView';

interface Props {
  initial: JobList | null;
  initialError: 'database_unavailable' | null;
  /** The list's query string, as /api/jobs reads it. */
  query: string;
  refreshSeconds: number;
}

export function JobsLive({ initial, initialError, query, refreshSeconds }: Props) {
  const { data, error, dataUpdatedAt, failureCount, now } = useLive<JobList>(
    ['jobs', query],
    `/api/jobs?${query}`,
    initial,
    refreshSeconds,
  );
  const banner = (
    <RefreshFailure
      error={error}
      receivedAt={data ? dataUpdatedAt : null}
      now={now}
      refreshSeconds={refreshSeconds}
      failureCount={failureCount}
      initialError={initialError}
    />
  );
  if (!data) return error || initialError ? banner : <EmptyState title="Loading jobs…" />;
  return (
    <>
      {banner}
      <Freshness
        freshness={data.freshness}
        timeZone={data.timeZone}
        receivedAt={dataUpdatedAt}
        now={Math.max(now, dataUpdatedAt)}
      />
      <JobsView data={data} now={Math.max(now, dataUpdatedAt)} />
    </>
  );
}
