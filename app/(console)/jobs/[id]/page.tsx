// One job: its health and why, its GPUs over time, timeline, cost and what it has at risk, its nodes and their
// faults. The server renders the first paint from the same query the live refresh polls.
import { IntentLink } from '@/components/ui/IntentLink';
import { notFound } from 'next/navigation';
import { JobLive } from '@/components/jobs/JobLive';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { RangeUnread } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { pageId, titledById } from '@/lib/detail-page';
import { getJob } from '@/lib/queries/jobs';
import { pageRange, timeRangeSearchParams } from '@/lib/time-range';
import styles from '@/components/jobs/job.module.css';
import type { PageSearchParams } from '@/lib/url-state';

type Params = Promise<{ id: string }>;
export const generateMetadata = titledById('Job');

export default async function JobPage({ params, searchParams }: { params: Params; searchParams: PageSearchParams }) {
  const user = await requireUser();
  const id = await pageId(params);
  const { range, unread } = pageRange(await searchParams);
  // A database that cannot be reached throws here, to the console's error page with its retry.
  const job = await getJob(id, range);
  if (!job) notFound();
  return (
    <div className="page">
      <div className={styles.topRow}>
        <IntentLink href={`/jobs?${timeRangeSearchParams(range)}`} className={styles.back}>
          ← All jobs
        </IntentLink>
        <TimeRangePicker />
      </div>
      <RangeUnread message={unread} instead="the last 24 hours" />
      <JobLive
        initial={job}
        query={timeRangeSearchParams(range).toString()}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
        canAct={authorize(user, 'operator')}
      />
    </div>
  );
}
