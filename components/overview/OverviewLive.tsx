'use client';

// Keeps the overview fresh: the server's first paint is the query's initial data, then the route handler is
// polled every refreshSeconds. A failed refresh keeps the last good figures on screen and says how old they are.
import { useQuery } from '@tanstack/react-query';
import { Banner, EmptyState } from '@/components/ui';
import { formatAge } from '@/lib/domain/units';
import type { Overview } from '@/lib/queries/overview/types';
import { OverviewView } from './OverviewView';
import { useNow } from './useNow';

export class OverviewFetchError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OverviewFetchError';
  }
}

async function fetchOverview(query: string, signal: AbortSignal): Promise<Overview> {
  let response: Response;
  try {
    response = await fetch(`/api/overview?${query}`, {
      signal,
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new OverviewFetchError(0, 'network', "The console's API did not answer.");
  }
  const body = (await response.json().catch(() => null)) as
    { error?: { code?: string; message?: string } } | Overview | null;
  if (!response.ok) {
    const error = body && 'error' in body ? body.error : undefined;
    throw new OverviewFetchError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The API answered ${response.status}.`,
    );
  }
  return body as Overview;
}

export interface OverviewLiveProps {
  /** The server's first paint; null when the database was unreachable then. */
  initial: Overview | null;
  initialError: 'database_unavailable' | null;
  /** The range as a query string (`range=24h` or `from=…&to=…`). */
  query: string;
  refreshSeconds: number;
}

export function OverviewLive({ initial, initialError, query, refreshSeconds }: OverviewLiveProps) {
  const { data, error, dataUpdatedAt, failureCount } = useQuery({
    queryKey: ['overview', query],
    queryFn: ({ signal }) => fetchOverview(query, signal),
    initialData: initial ?? undefined,
    initialDataUpdatedAt: initial ? Date.parse(initial.generatedAt) : undefined,
    refetchInterval: refreshSeconds * 1000,
  });
  const now = useNow(initial ? Date.parse(initial.generatedAt) : 0);
  const code = error instanceof OverviewFetchError ? error.code : error ? 'network' : initialError;
  const databaseDown = code === 'database_unavailable';
  const failing = Boolean(error) || (!data && initialError !== null);

  const what = databaseDown ? 'Database unreachable' : "Can't reach the console's API";
  const age = data ? formatAge(new Date(dataUpdatedAt), new Date(Math.max(now, dataUpdatedAt))) : null;
  const banner = failing ? (
    <Banner tone="bad" title={age ? `${what} — showing data from ${age}` : what} data-testid="overview-error">
      {databaseDown ? 'The console cannot reach PostgreSQL. ' : ''}
      {age ? '' : 'There are no figures to show yet. '}
      Retrying every {refreshSeconds} s{failureCount > 1 ? ` (${failureCount} tries failed so far)` : ''}.
    </Banner>
  ) : null;

  if (!data) {
    return (
      <>
        {banner}
        {!failing && <EmptyState title="Loading the overview…" />}
      </>
    );
  }
  return (
    <>
      {banner}
      <OverviewView data={data} receivedAt={dataUpdatedAt} now={Math.max(now, dataUpdatedAt)} />
    </>
  );
}
