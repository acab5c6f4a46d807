'use client';

// The frame of every live panel: the banner while a refresh fails (the last good figures stay beneath it), a
// loading line before there are any, the freshness line and stale-data banner where the data carries them, then
// the panel's own view, drawn by `children` from the data and the page's clock.
import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui';
import type { Freshness as FreshnessData } from '@/lib/queries/types';
import { Freshness } from './Freshness';
import { RefreshFailure } from './RefreshFailure';
import type { Live } from './useLive';

/** The clock a panel draws with: the browser's time, never behind the data's arrival, and when that was. */
export interface LiveClock {
  now: number;
  receivedAt: number;
}

/** What a page hands the live panel of a polled query. */
export interface LiveProps<T> {
  /** The server's first paint; null when the database was unreachable then. */
  initial: T | null;
  initialError: 'database_unavailable' | null;
  /** The query string the panel's route handler reads (a range, filters, a cluster). */
  query: string;
  refreshSeconds: number;
}

type WithFreshness = { freshness: FreshnessData; timeZone: string };

interface Props<T> {
  live: Live<T>;
  /** The server's first paint could not read the database: said at once, before any refresh. */
  initialError?: 'database_unavailable' | null;
  /** Shown while there is nothing yet and nothing has failed. */
  loading?: string;
  /** The freshness line above the view, from the data's own freshness and time zone. */
  freshness?: T extends WithFreshness ? boolean : never;
  /** The refresh-failure banner's test id. */
  errorTestId?: string;
  children: (data: T, clock: LiveClock) => ReactNode;
}

export function LivePanel<T>({ live, initialError = null, loading, freshness, errorTestId, children }: Props<T>) {
  const { data, error, dataUpdatedAt, failureCount, now, refreshSeconds } = live;
  const banner = (
    <RefreshFailure
      error={error}
      receivedAt={data ? dataUpdatedAt : null}
      now={now}
      refreshSeconds={refreshSeconds}
      failureCount={failureCount}
      initialError={initialError}
      data-testid={errorTestId}
    />
  );
  if (!data) {
    return (
      <>
        {banner}
        {loading && !error && !initialError && <EmptyState title={loading} />}
      </>
    );
  }
  const clock = { now: Math.max(now, dataUpdatedAt), receivedAt: dataUpdatedAt };
  const fresh = freshness ? (data as T & WithFreshness) : null;
  return (
    <>
      {banner}
      {fresh && (
        <Freshness
          freshness={fresh.freshness}
          timeZone={fresh.timeZone}
          receivedAt={clock.receivedAt}
          now={clock.now}
        />
      )}
      {children(data, clock)}
    </>
  );
}
