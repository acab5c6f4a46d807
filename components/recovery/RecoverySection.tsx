'use client';

// The "Recovery" section of a job's or a node's page: its automatic recoveries, newest open, older folded, kept
// fresh from GET /api/recovery on its own so the page's own payload stays as it is.
import { IntentLink } from '@/components/ui/IntentLink';
import { useState } from 'react';
import { formatDateTime } from '@/components/charts/time-format';
import { ApiFetchError } from '@/components/live/fetch-api';
import { useLive } from '@/components/live/useLive';
import { Badge, Banner, Card, EmptyState, Skeleton } from '@/components/ui';
import type { RecoveryTimeline as Timeline, TargetRecoveries } from '@/lib/queries/recovery/types';
import { CAUSE_LABEL, RECOVERY_STATE } from './labels';
import { RecoveryTimeline } from './RecoveryTimeline';
import styles from './recovery.module.css';

/** Until the first answer says how often the console refreshes. */
const DEFAULT_REFRESH_SECONDS = 15;

type Target = { jobId: number; nodeId?: never } | { nodeId: number; jobId?: never };

function Item({
  recovery,
  open,
  data,
  now,
}: {
  recovery: Timeline;
  open: boolean;
  data: TargetRecoveries;
  now: number;
}) {
  const state = RECOVERY_STATE[recovery.state];
  return (
    <li>
      <details className={styles.item} open={open}>
        <summary>
          <Badge tone={state.tone}>{state.label}</Badge>
          <span className={styles.summaryText}>{CAUSE_LABEL[recovery.cause]}</span>
          <span className="muted">
            detected <time dateTime={recovery.detectedAt}>{formatDateTime(recovery.detectedAt, data.timeZone)}</time>
          </span>
        </summary>
        <div className={styles.itemBody}>
          <RecoveryTimeline recovery={recovery} timeZone={data.timeZone} currency={data.currency} now={now} />
        </div>
      </details>
    </li>
  );
}

export function RecoverySection(target: Target) {
  const what = target.jobId !== undefined ? 'job' : 'node';
  const query = target.jobId !== undefined ? `jobId=${target.jobId}` : `nodeId=${target.nodeId}`;
  const [refreshSeconds, setRefreshSeconds] = useState(DEFAULT_REFRESH_SECONDS);
  const { data, error, dataUpdatedAt, now } = useLive<TargetRecoveries>(
    ['recovery', query],
    `/api/recovery?${query}`,
    null,
    refreshSeconds,
  );
  // The console's refresh setting arrives with the data; adjusting state while rendering avoids an extra pass.
  if (data && data.refreshSeconds !== refreshSeconds) setRefreshSeconds(data.refreshSeconds);
  const clock = Math.max(now, dataUpdatedAt);

  let body;
  if (!data && error) {
    body = (
      <Banner tone="bad" title="Recoveries could not be loaded">
        {error instanceof ApiFetchError ? error.message : "The console's API did not answer."} Retrying every{' '}
        {refreshSeconds} s.
      </Banner>
    );
  } else if (!data) {
    body = (
      <div role="status" className="stack">
        <span className="visually-hidden">Loading recoveries…</span>
        <Skeleton lines={3} />
      </div>
    );
  } else if (data.recoveries.length === 0) {
    body = (
      <EmptyState
        title="No automatic recovery so far"
        description={`Automatic recovery has not had to act on this ${what}. When it does, each step shows here.`}
      />
    );
  } else {
    body = (
      <>
        {error ? (
          <Banner tone="warn" title="Refresh failed">
            Showing recoveries as of {formatDateTime(dataUpdatedAt, data.timeZone)}; retrying every {refreshSeconds} s.
          </Banner>
        ) : null}
        <ul className={styles.list}>
          {data.recoveries.map((recovery, index) => (
            <Item key={recovery.id} recovery={recovery} open={index === 0} data={data} now={clock} />
          ))}
        </ul>
      </>
    );
  }
  const description =
    data && data.total > data.recoveries.length
      ? `The newest ${data.recoveries.length} of ${data.total}; all of them are on the Recovery page`
      : `What automatic recovery did about this ${what}'s faults, newest first`;
  return (
    <Card title="Recovery" description={description} actions={<IntentLink href="/recovery">Recovery page</IntentLink>}>
      {body}
    </Card>
  );
}
