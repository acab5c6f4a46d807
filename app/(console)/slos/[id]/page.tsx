// One SLO: the SLI and error budget over its window, and a burn-rate chart per window pair of the alert table
// with its threshold. The server renders the first paint from the same query the live refresh polls.
import { randomUUID } from 'node:crypto';
import { IntentLink } from '@/components/ui/IntentLink';
import { notFound } from 'next/navigation';
import { SloForm } from '@/components/slos/SloForm';
import { SloLive } from '@/components/slos/SloLive';
import styles from '@/components/slos/slos.module.css';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { Card, RangeUnread } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { clusterNames, readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { env } from '@/lib/env';
import { pageId, titledById } from '@/lib/detail-page';
import { getSlo } from '@/lib/queries/slos';
import { pageRange, timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

type Params = Promise<{ id: string }>;
export const generateMetadata = titledById('SLO');

export default async function SloPage({ params, searchParams }: { params: Params; searchParams: PageSearchParams }) {
  const id = await pageId(params);
  const user = await requireUser();
  const search = await searchParams;
  const { range, unread } = pageRange(search);
  // The list this page was opened from, in the same cluster's scope.
  const back = withClusterScope({}, readClusterScope(search).scope).toString();
  // A database that cannot be reached throws here, to the console's error page with its retry.
  const data = await getSlo(id, range);
  if (!data) notFound();
  const { slo } = data;
  return (
    <div className="page">
      <div className={styles.topRow}>
        <IntentLink href={back ? `/slos?${back}` : '/slos'} className={styles.back}>
          ← All SLOs
        </IntentLink>
        <TimeRangePicker />
      </div>
      <RangeUnread message={unread} instead="the last 24 hours" />
      <SloLive
        initial={data}
        query={timeRangeSearchParams(range).toString()}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
      />
      {authorize(user, 'admin') && (
        <Card title="Edit this SLO">
          <SloForm
            initialKey={randomUUID()}
            slo={{
              id: slo.id,
              name: slo.name,
              kind: slo.kind,
              target: slo.target,
              windowDays: slo.windowDays,
              enabled: slo.enabled,
              queries: slo.queries,
              cluster: slo.cluster,
            }}
            clusters={clusterNames()}
          />
        </Card>
      )}
    </div>
  );
}
