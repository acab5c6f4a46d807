'use client';

// Keeps the incident list fresh: the server's first paint, then the route handler polled with the same query.
import { LivePanel } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
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
  const live = useLive<IncidentList>(['incidents', 'list', query], `/api/incidents?${query}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} initialError={initialError} loading="Loading incidents…">
      {(data) => <IncidentsView data={data} />}
    </LivePanel>
  );
}
