'use client';

// Keeps the incident list fresh: the server's first paint, then the route handler polled with the same query.
import { RefreshFailure } from '@/components/live/RefreshFailure';
import { useLive } from '@/components/live/useLive';
import { EmptyState } from '@/components/ui';
import type { IncidentList } from '@/lib/queries/incidents/types';
import { IncidentsView } from './IncidentsView';

interface Props {
  initial: IncidentList | null;
  initialError: 'database_unavailable' | null;
  /** The list's query string, as /api/incidents reads it. */
  query: string;
  refreshSeconds: number;
}

export function IncidentsLive({ initial, initialError, query, refreshSeconds }: Props) {
  const { data, error, dataUpdatedAt, failureCount, now } = useLive<IncidentList>(
    ['incidents', 'list', query],
    `/api/incidents?${query}`,
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
  if (!data) return error || initialError ? banner : <EmptyState title="Loading incidents…" />;
  return (
    <>
      {banner}
      <IncidentsView data={data} />
    </>
  );
}
