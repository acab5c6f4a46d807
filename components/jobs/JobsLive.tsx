'use client';

// Keeps the jobs list fresh: the server's first paint is the query's initial data, then the route handler is
// polled. A failed refresh keeps the last good list on screen and says how old it is.
import { useQuery } from '@tanstack/react-query';
import { Banner, EmptyState } from '@/components/ui';
import { formatAge } from '@/lib/domain/units';
import type { JobList } from '@/lib/queries/jobs/types';
import { useNow } from '@/components/live/useNow';
import { failureTitle, fetchJson } from './fetch-json';
import { JobsView } from './JobsView';

interface Props {
  initial: JobList | null;
  initialError: 'database_unavailable' | null;
  /** The list's query string, as /api/jobs reads it. */
  query: string;
  refreshSeconds: number;
}

export function JobsLive({ initial, initialError, query, refreshSeconds }: Props) {
  const { data, error, dataUpdatedAt, failureCount } = useQuery({
    queryKey: ['jobs', query],
    queryFn: ({ signal }) => fetchJson<JobList>(`/api/jobs?${query}`, signal),
    initialData: initial ?? undefined,
    initialDataUpdatedAt: initial ? Date.parse(initial.generatedAt) : undefined,
    refetchInterval: refreshSeconds * 1000,
  });
  const now = useNow(initial ? Date.parse(initial.generatedAt) : 0);
  const failing = Boolean(error) || (!data && initialError !== null);
  const what = error ? failureTitle(error) : 'Database unreachable';
  const age = data ? formatAge(new Date(dataUpdatedAt), new Date(Math.max(now, dataUpdatedAt))) : null;
  const banner = failing ? (
    <Banner tone="bad" title={age ? `${what} — showing the list from ${age}` : what}>
      Retrying every {refreshSeconds} s{failureCount > 1 ? ` (${failureCount} tries failed so far)` : ''}.
    </Banner>
  ) : null;
  if (!data) return banner ?? <EmptyState title="Loading jobs…" />;
  return (
    <>
      {banner}
      <JobsView data={data} now={Math.max(now, dataUpdatedAt)} />
    </>
  );
}
