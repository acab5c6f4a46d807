'use client';

// Keeps the incident list fresh: the server's first paint, then the route handler polled with the same query.
import { LivePanel, type LiveProps } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { IncidentList } from '@/lib/queries/incidents/types';
import { IncidentsView } from './IncidentsView';

type Props = LiveProps<IncidentList>;

export function IncidentsLive({ initial, initialError, query, refreshSeconds }: Props) {
  const live = useLive<IncidentList>(['incidents', 'list', query], `/api/incidents?${query}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} initialError={initialError} loading="Loading incidents…">
      {(data) => <IncidentsView data={data} />}
    </LivePanel>
  );
}
