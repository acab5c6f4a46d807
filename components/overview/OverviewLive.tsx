'use client';

// Keeps the overview fresh: the server's first paint is the query's initial data, then the route handler is
// polled every refreshSeconds. A failed refresh keeps the last good figures on screen and says how old they are.
import { LivePanel, type LiveProps } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { Overview } from '@/lib/queries/overview/types';
import { OverviewView } from './OverviewView';

type Props = LiveProps<Overview>;

export function OverviewLive({ initial, initialError, query, refreshSeconds }: Props) {
  const live = useLive<Overview>(['overview', query], `/api/overview?${query}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} initialError={initialError} loading="Loading the overview…" errorTestId="overview-error">
      {(data, { now, receivedAt }) => <OverviewView data={data} receivedAt={receivedAt} now={now} />}
    </LivePanel>
  );
}
