'use client';

// Keeps the SLO list fresh: the server's first paint, then /api/slos polled. A failed refresh keeps the last
// good figures on screen and says how old they are.
import { LivePanel } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import { Card } from '@/components/ui';
import type { SloListView } from '@/lib/queries/slos/types';
import { SloTable } from './SloTable';

interface Props {
  /** The server's first paint; null when the database was unreachable then. */
  initial: SloListView | null;
  refreshSeconds: number;
  /** The page's cluster scope as a query string (`cluster=…`), empty for every SLO. */
  query: string;
}

export function SlosLive({ initial, refreshSeconds, query }: Props) {
  const live = useLive<SloListView>(['slos', query], `/api/slos${query ? `?${query}` : ''}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} initialError={initial ? null : 'database_unavailable'} loading="Loading the SLOs…" freshness>
      {(data) => (
        <Card flush data-testid="slo-list">
          <SloTable slos={data.slos} cluster={data.cluster} />
        </Card>
      )}
    </LivePanel>
  );
}
