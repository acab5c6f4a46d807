'use client';

// Keeps the SLO list fresh: the server's first paint, then /api/slos polled. A failed refresh keeps the last
// good figures on screen and says how old they are.
import { Freshness } from '@/components/live/Freshness';
import { RefreshFailure } from '@/components/live/RefreshFailure';
import { useLive } from '@/components/live/useLive';
import { Card, EmptyState } from '@/components/ui';
import type { SloListView } from '@/lib/queries/slos/types';
import { SloTable } from './SloTable';

interface Props {
  /** The server's first paint; null when the database was unreachable then. */
  initial: SloListView | null;
  refreshSeconds: number;
}

export function SlosLive({ initial, refreshSeconds }: Props) {
  const { data, error, dataUpdatedAt, failureCount, now } = useLive<SloListView>(
    ['slos'],
    '/api/slos',
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
      initialError={initial ? null : 'database_unavailable'}
    />
  );
  if (!data) {
    return (
      <>
        {banner}
        {!error && initial && <EmptyState title="Loading the SLOs…" />}
      </>
    );
  }
  const at = Math.max(now, dataUpdatedAt);
  return (
    <>
      {banner}
      <Freshness freshness={data.freshness} timeZone={data.timeZone} receivedAt={dataUpdatedAt} now={at} />
      <Card flush data-testid="slo-list">
        <SloTable slos={data.slos} />
      </Card>
    </>
  );
}
