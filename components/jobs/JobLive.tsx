'use client';

// Keeps one job's page fresh: the server's first paint is the query's initial data, then the route handler is
// polled. A failed refresh keeps the last good figures on screen and says how old they are.
import { useQuery } from '@tanstack/react-query';
import { Banner } from '@/components/ui';
import { formatAge } from '@/lib/domain/units';
import type { JobDetail } from '@/lib/queries/jobs/types';
import { useNow } from '@/components/live/useNow';
import { failureTitle, fetchJson } from './fetch-json';
import { JobView } from './JobView';
import styles from './job.module.css';

interface Props {
  initial: JobDetail;
  /** The range as a query string (`range=24h` or `from=…&to=…`). */
  query: string;
  refreshSeconds: number;
}

export function JobLive({ initial, query, refreshSeconds }: Props) {
  const { data, error, dataUpdatedAt, failureCount } = useQuery({
    queryKey: ['job', initial.job.id, query],
    queryFn: ({ signal }) => fetchJson<JobDetail>(`/api/jobs/${initial.job.id}?${query}`, signal),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: refreshSeconds * 1000,
  });
  const now = Math.max(useNow(Date.parse(initial.generatedAt)), dataUpdatedAt);
  const age = formatAge(new Date(dataUpdatedAt), new Date(now));
  return (
    <>
      {error && (
        <Banner tone="bad" title={`${failureTitle(error)} — showing the job as of ${age}`}>
          Retrying every {refreshSeconds} s{failureCount > 1 ? ` (${failureCount} tries failed so far)` : ''}.
        </Banner>
      )}
      <JobView data={data} now={now} />
      <p className={styles.updated} data-testid="job-updated">
        Updated {age}
      </p>
    </>
  );
}
