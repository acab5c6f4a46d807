// The jobs list as a dense table. Every header sorts: a link (so a sorted view can be shared and opened in a
// new tab) with aria-sort on the header cell, so the current order is announced.
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge, Table, type Column } from '@/components/ui';
import { Money } from '@/components/costs/Money';
import { nothingPriced } from '@/lib/domain/cost';
import { formatCount, formatDuration, formatPercent } from '@/lib/domain/units';
import { DEFAULT_DIR, jobListQuery, type JobSort } from '@/lib/queries/jobs/params';
import type { JobList, JobListRow, JobWaitView } from '@/lib/queries/jobs/types';
import { JOB_HEALTH, JOB_KIND, SORT_LABELS, WAIT_REASON } from './labels';
import styles from './jobs.module.css';

interface Props {
  data: JobList;
  /** The query string of the time range, kept by every link. */
  rangeQuery: string;
  now: number;
}

function SortHeader({ sort, data, rangeQuery }: { sort: JobSort } & Omit<Props, 'now'>) {
  const { params } = data;
  const active = params.sort === sort;
  const dir = active ? (params.dir === 'asc' ? 'desc' : 'asc') : DEFAULT_DIR[sort];
  const href = `/jobs?${jobListQuery(new URLSearchParams(rangeQuery), { ...params, sort, dir, page: 1 })}`;
  return (
    <IntentLink href={href} className={styles.sortLink} scroll={false}>
      {SORT_LABELS[sort]}
      <span className={styles.sortMark} aria-hidden>
        {active ? (params.dir === 'asc' ? '▲' : '▼') : '↕'}
      </span>
    </IntentLink>
  );
}

/** An age in its largest unit ("3 h", "2 d"): the column is read at a glance; the title has the time. */
const ageText = (ms: number) => formatDuration(ms).split(' ').slice(0, 2).join(' ');

function UtilizationCell({ value }: { value: number | null }) {
  if (value === null) return <span className="subtle">—</span>;
  return (
    <span className={styles.util}>
      <span className={styles.utilTrack} aria-hidden>
        <span style={{ width: `${Math.min(1, Math.max(0, value)) * 100}%` }} />
      </span>
      {formatPercent(value, { digits: 1 })}
    </span>
  );
}

/**
 * How long a pending job has waited, its place in the queue and why, and the partition it waits in; the
 * scheduler's sentence on hover.
 */
function WaitNote({ wait, partition, now }: { wait: JobWaitView; partition: string | null; now: number }) {
  return (
    <span className="muted" title={wait.detail ?? undefined} data-testid="job-wait">
      {ageText(now - Date.parse(wait.since))}
      {partition && <> in {partition}</>}
      {wait.position !== null && <> · #{formatCount(wait.position)}</>} · {WAIT_REASON[wait.reason]}
    </span>
  );
}

export function JobTable({ data, rangeQuery, now }: Props) {
  const header = (sort: JobSort) => <SortHeader sort={sort} data={data} rangeQuery={rangeQuery} />;
  const sorted = (sort: JobSort): Column<JobListRow>['sort'] =>
    data.params.sort === sort ? (data.params.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const rangeQueryString = rangeQuery ? `?${rangeQuery}` : '';
  // Where the console watches several clusters, each job says which it runs on.
  const clusters = data.freshness.clusterCount > 1;
  const columns: Column<JobListRow>[] = [
    {
      key: 'name',
      header: header('name'),
      sort: sorted('name'),
      rowHeader: true,
      cell: (job) => (
        <span className={styles.jobName}>
          <IntentLink href={`/jobs/${job.id}${rangeQueryString}`} title={job.name}>
            {job.name}
          </IntentLink>
          <span className={`subtle mono ${styles.externalId}`}>
            {job.externalId}
            {clusters && <> · {job.cluster}</>}
            {/* A waiting job says its partition beside why it waits. */}
            {job.partition && !job.wait && <span data-testid="job-partition"> · {job.partition}</span>}
          </span>
        </span>
      ),
    },
    {
      key: 'team',
      header: header('team'),
      sort: sorted('team'),
      cell: (job) => (
        <span className={styles.teamCell}>
          {job.team}
          <span className="muted">{job.project}</span>
        </span>
      ),
    },
    {
      key: 'kind',
      header: header('kind'),
      sort: sorted('kind'),
      cell: (job) => <span className={styles.nowrap}>{JOB_KIND[job.kind]}</span>,
    },
    {
      key: 'health',
      header: header('health'),
      sort: sorted('health'),
      // Health says the state too: pending, succeeded, failed and cancelled show as they are.
      cell: (job) => (
        <span className={styles.healthCell}>
          <Badge tone={JOB_HEALTH[job.health].tone} title={job.healthReason ?? undefined}>
            {JOB_HEALTH[job.health].label}
          </Badge>
          {job.wait && <WaitNote wait={job.wait} partition={job.partition} now={now} />}
        </span>
      ),
    },
    { key: 'gpus', header: header('gpus'), sort: sorted('gpus'), numeric: true, cell: (job) => formatCount(job.gpus) },
    {
      key: 'utilization',
      header: header('utilization'),
      sort: sorted('utilization'),
      numeric: true,
      cell: (job) => <UtilizationCell value={job.utilization} />,
    },
    {
      key: 'age',
      header: header('age'),
      sort: sorted('age'),
      numeric: true,
      cell: (job) => (
        <time dateTime={job.submittedAt} title={`Submitted ${job.submittedAt}`}>
          {ageText(now - Date.parse(job.submittedAt))}
        </time>
      ),
    },
    {
      key: 'restarts',
      header: header('restarts'),
      sort: sorted('restarts'),
      numeric: true,
      cell: (job) => (job.restarts > 0 ? formatCount(job.restarts) : <span className="subtle">0</span>),
    },
    {
      key: 'cost',
      header: header('cost'),
      sort: sorted('cost'),
      numeric: true,
      cell: (job) => (
        <span title={job.unpricedGpuHours > 0 ? 'Some of its GPU-hours have no rate on the rate card' : undefined}>
          <Money amount={job.cost} currency={data.currency} unpriced={nothingPriced(job.cost, job.unpricedGpuHours)} />
          {job.unpricedGpuHours > 0 && !nothingPriced(job.cost, job.unpricedGpuHours) ? ' *' : ''}
        </span>
      ),
    },
  ];
  return (
    <Table
      columns={columns}
      rows={data.rows}
      caption={`Jobs, page ${data.page} of ${data.pageCount}`}
      density="compact"
    />
  );
}
