// How fresh the figures are: a quiet line while data flows, a warning banner once it stops. The lag keeps
// growing on the client between refreshes (server lag + time since the answer), so a silent page still ages.
import { IntentLink } from '@/components/ui/IntentLink';
import { Banner } from '@/components/ui';
import { formatAge, formatDuration } from '@/lib/domain/units';
import type { Freshness as FreshnessData } from '@/lib/queries/types';
import { formatClock, zoneName } from '@/components/charts/time-format';
import styles from './live.module.css';

const WORKER_SILENT_S = 60;

const SOURCE_NAMES: Record<string, string> = {
  simulator: 'the simulator',
  prometheus: 'Prometheus',
  kubernetes: 'Kubernetes',
  slurm: 'Slurm',
};

/** Seconds since the newest data, as of `now`; null when there is no data at all. */
export function currentLagSeconds(freshness: FreshnessData, receivedAt: number, now: number): number | null {
  return freshness.lagSeconds === null ? null : freshness.lagSeconds + Math.max(0, now - receivedAt) / 1000;
}

export function isStale(freshness: FreshnessData, receivedAt: number, now: number): boolean {
  const lag = currentLagSeconds(freshness, receivedAt, now);
  return lag === null || lag > freshness.staleAfterSeconds;
}

interface Props {
  freshness: FreshnessData;
  timeZone: string;
  receivedAt: number;
  now: number;
}

export function Freshness({ freshness, timeZone, receivedAt, now }: Props) {
  const lag = currentLagSeconds(freshness, receivedAt, now);
  const kind = freshness.source ? (SOURCE_NAMES[freshness.source] ?? freshness.source) : 'the data source';
  // With several clusters, the banner names the one that went quiet; the others carry on.
  const source = freshness.clusterCount > 1 && freshness.cluster ? `${kind} for ${freshness.cluster}` : kind;
  const workerAge =
    freshness.workerAgeSeconds === null ? null : freshness.workerAgeSeconds + Math.max(0, now - receivedAt) / 1000;
  const worker =
    workerAge === null
      ? 'No worker has ever reported a heartbeat.'
      : workerAge > WORKER_SILENT_S
        ? `The worker was last heard from ${formatAge(new Date(now - workerAge * 1000), new Date(now))}.`
        : null;
  // An error older than the last success is history, not the reason for the silence.
  const error = freshness.failing && freshness.lastError ? `: ${freshness.lastError}` : '';

  const line = (
    <p className={styles.freshness} data-testid="freshness">
      Updated {formatAge(new Date(receivedAt), new Date(now))}
      {freshness.dataUntil && (
        <>
          {' · '}data until{' '}
          <time dateTime={freshness.dataUntil} className="num">
            {formatClock(freshness.dataUntil, timeZone)} {zoneName(freshness.dataUntil, timeZone)}
          </time>
        </>
      )}
    </p>
  );

  if (lag === null) {
    return (
      <>
        {line}
        <Banner tone="warn" title={`No data from ${source} yet`}>
          The figures below stay empty until the worker writes its first minute. {worker}
        </Banner>
      </>
    );
  }
  if (lag > freshness.staleAfterSeconds) {
    return (
      <>
        {line}
        <Banner tone="warn" title={`No new data from ${source} for ${formatDuration(lag * 1000)}${error}`}>
          Figures below are as of {formatClock(freshness.dataUntil!, timeZone)}, not now. {worker}{' '}
          <IntentLink href="/sources">Data sources</IntentLink> shows every source&apos;s last answer and error.
        </Banner>
      </>
    );
  }
  return line;
}
