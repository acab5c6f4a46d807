'use client';

// Keeps one job's page fresh: the server's first paint is the query's initial data, then the route handler is
// polled. A failed refresh keeps the last good figures on screen and says how old they are.
import { useQuery } from '@tanstack/react-query';
import { fetchApi } from '@/components/live/fetch-api';
import { Freshness } from '@/components/live/Freshness';
import { RefreshFailure } from '@/components/live/RefreshFailure';
import { useNow } from '@/components/live/useNow';
import type { JobDetail } from '@/lib/queries/jobs/types';
import { JobView } from './JobView';

interface Props {
  initial: JobDetail;
  /** The range as a query string (`range=24h` or `from=…&to=…`). */
  query: string;
  refreshSeconds: number;
}

export function JobLive({ initial, query, refreshSeconds }: Props) {
  const { data, error, dataUpdatedAt, failureCount } = useQuery({
    queryKey: ['job', initial.job.id, query],
    queryFn: ({ signal }) => fetchApi<JobDetail>(`/api/jobs/${initial.job.id}?${query}`, signal),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: refreshSeconds * 1000,
  });
  const now = Math.max(useNow(Date.parse(initial.generatedAt)), dataUpdatedAt);
  return (
    <>
      <RefreshFailure
        error={error}
        receivedAt={dataUpdatedAt}
        now={now}
        refreshSeconds={refreshSeconds}
        failureCount={failureCount}
      />
      <Freshness freshness={data.freshness} timeZone={data.timeZone} receivedAt={dataUpdatedAt} now={now} />
      <JobView data={data} now={now} />
    </>
  );
}
