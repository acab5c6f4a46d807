'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchApi } from './fetch-api';
import { useNow } from './useNow';

/** A live page's data as a panel draws it (components/live/LivePanel.tsx). */
export interface Live<T> {
  data: T | undefined;
  error: unknown;
  /** When the data on screen arrived (ms). */
  dataUpdatedAt: number;
  failureCount: number;
  /** The browser's clock, ticking every second. */
  now: number;
  refreshSeconds: number;
}

/**
 * A live page's data: the server's first paint as initial data, then `path` polled every refreshSeconds. `now`
 * ticks from the data's own time, so the server's render and the first client render agree.
 */
export function useLive<T extends { generatedAt: string }>(
  key: readonly unknown[],
  path: string,
  initial: T | null,
  refreshSeconds: number,
): Live<T> {
  const { data, error, dataUpdatedAt, failureCount } = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchApi<T>(path, signal),
    initialData: initial ?? undefined,
    initialDataUpdatedAt: initial ? Date.parse(initial.generatedAt) : undefined,
    refetchInterval: refreshSeconds * 1000,
  });
  const now = useNow(initial ? Date.parse(initial.generatedAt) : 0);
  return { data, error, dataUpdatedAt, failureCount, now, refreshSeconds };
}
