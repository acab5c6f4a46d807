'use client';

// Keeps the overview fresh: the server's first paint is the query's initial data, then the route handler is
// polled every refreshSeconds. A failed refresh keeps the last good figures on screen and says how old they are.
import { LivePanel } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { Overview } from '@/lib/queries/overview/types';
import { OverviewView } from './OverviewView';

export interface OverviewLiveProps {
  /** The server's first paint; null when the database was unreachable then. */
  initial: Overview | null;
  initialError: 'database_unavailable' | null;
  /** The range as a query string (`range=24h` or `from=…&to=…`). */
  query: string;
  refreshSeconds: number;
}

export function OverviewLive({ initial, initialError, query, refreshSeconds }: OverviewLiveProps) {
  const live = useLive<Overview>(['overview', query], `/api/overview?${query}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} initialError={initialError} loading="Loading the overview…" errorTestId="overview-error">
      {(data, { now, receivedAt }) => <OverviewView data={data} receivedAt={receivedAt} now={now} />}
    </LivePanel>
  );
}
