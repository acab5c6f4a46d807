// The banner a live page shows while its refresh fails: what is unreachable, how old the figures on screen are,
// and that it keeps retrying. The last good figures stay on screen beneath it.
import { Banner } from '@/components/ui';
import { formatAge } from '@/lib/domain/units';
import { ApiFetchError } from './fetch-api';

interface Props {
  error: unknown;
  /** When the figures on screen were received; null when there are none. */
  receivedAt: number | null;
  now: number;
  refreshSeconds: number;
  failureCount: number;
  /** The error known before any refresh ran (the server's first paint could not read the database). */
  initialError?: 'database_unavailable' | null;
  'data-testid'?: string;
}

export function RefreshFailure({ error, receivedAt, now, refreshSeconds, failureCount, initialError, ...rest }: Props) {
  const code = error instanceof ApiFetchError ? error.code : error ? 'network' : (initialError ?? null);
  if (!error && !(receivedAt === null && initialError)) return null;
  const databaseDown = code === 'database_unavailable';
  const what = databaseDown ? 'Database unreachable' : "Can't reach the console's API";
  const age = receivedAt === null ? null : formatAge(new Date(receivedAt), new Date(Math.max(now, receivedAt)));
  return (
    <Banner tone="bad" title={age ? `${what} — showing data from ${age}` : what} data-testid={rest['data-testid']}>
      {databaseDown ? 'The console cannot reach PostgreSQL. ' : ''}
      {age ? '' : 'There are no figures to show yet. '}
      Retrying every {refreshSeconds} s{failureCount > 1 ? ` (${failureCount} tries failed so far)` : ''}.
    </Banner>
  );
}
