'use client';

// Keeps one SLO's page fresh: the server's first paint, then /api/slos/:id polled with the page's range. A failed
// refresh keeps the last good figures on screen and says how old they are.
import { LivePanel } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { SloDetailView } from '@/lib/queries/slos/types';
import { SloView } from './SloView';

interface Props {
  initial: SloDetailView;
  /** The burn charts' range as a query string (`range=24h` or `from=…&to=…`). */
  query: string;
  refreshSeconds: number;
}

export function SloLive({ initial, query, refreshSeconds }: Props) {
  const { id } = initial.slo;
  const live = useLive<SloDetailView>(['slo', id, query], `/api/slos/${id}?${query}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} freshness>
      {(data) => <SloView data={data} />}
    </LivePanel>
  );
}
