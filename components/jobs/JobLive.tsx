'use client';

// Keeps one job's page fresh: the server's first paint is the query's initial data, then the route handler is
// polled. A failed refresh keeps the last good figures on screen and says how old they are.
import { LivePanel } from '@/components/live/LivePanel';
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
  const { id } = initial.job;
  const live = useLive<JobDetail>(['job', id, query], `/api/jobs/${id}?${query}`, initial, refreshSeconds);
  return (
    <LivePanel live={live} freshness>
      {(data, { now }) => <JobView data={data} now={now} canAct={canAct} />}
    </LivePanel>
  );
}
