'use client';

// Keeps one SLO's page fresh: the server's first paint, then /api/slos/:id polled with the page's range. A failed
// refresh keeps the last good figures on screen and says how old they are.
import { Freshness } from '@/components/live/Freshness';
import { RefreshFailure } from '@/components/live/RefreshFailure';
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
  const {
    data: live,
    error,
    dataUpdatedAt,
    failureCount,
    now,
  } = useLive<SloDetailView>(
    ['slo', initial.slo.id, query],
    `/api/slos/${initial.slo.id}?${query}`,
    initial,
    refreshSeconds,
  );
  const data = live ?? initial;
  const at = Math.max(now, dataUpdatedAt);
  return (
    <>
      <RefreshFailure
        error={error}
        receivedAt={dataUpdatedAt}
        now={at}
        refreshSeconds={refreshSeconds}
        failureCount={failureCount}
      />
      <Freshness freshness={data.freshness} timeZone={data.timeZone} receivedAt={dataUpdatedAt} now={at} />
      <SloView data={data} />
    </>
  );
}
