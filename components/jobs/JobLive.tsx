'use client';

// Keeps one job's page fresh: the server's first paint is the query's initial data, then the route handler is
// polled. A failed refresh keeps the last good figures on screen and says how old they are.
import { Freshness } from '@/components/live/Freshness';
import { RefreshFailure } from '@/components/live/RefreshFailure';
import { useLive } from '@/components/live/useLive';
import type { JobDetail } from '@/lib/queries/jobs/types';
import { JobView } from './JobView';

interface Props {
  initial: JobDetail;
  /** The range as a query string (`range=24h` or `from=…&to=…`). */
  query: string;
  refreshSeconds: number;
  /** Whether the signed-in user may act on the job (operator or admin), from the server's session. */
  canAct: boolean;
}

export function JobLive({ initial, query, refreshSeconds, canAct }: Props) {
  const {
    data: live,
    error,
    dataUpdatedAt,
    failureCount,
    now: clock,
  } = useLive<JobDetail>(
    ['job', initial.job.id, query],
    `/api/jobs/${initial.job.id}?${query}`,
    initial,
    refreshSeconds,
  );
  const data = live ?? initial;
  const now = Math.max(clock, dataUpdatedAt);
  return (
    <>
      <RefreshFailure
        error={error}
        receivedAt={dataUpdatedAt}
        now={now}
        refreshSeconds={refreshSeconds}
        failureCount={failureCount}
      />
      <Freshness freshness={data.freshness} timeZone={data.timeZone} receivedAt={dataUpdatedAt} now={now} />
      <JobView data={data} now={now} canAct={canAct} />
    </>
  );
}
