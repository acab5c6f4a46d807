// What an operation will do, drawn from the impact route's answer: GPUs affected, the jobs it disrupts with
// their last checkpoint and the work lost since, the totals, and for scaling the change in hourly spend.
// No fetching here, so tests and stories can drive it with data.
import { IntentLink } from '@/components/ui/IntentLink';
import { formatDateTime } from '@/components/charts/time-format';
import { Table, type Column } from '@/components/ui';
import { formatAge, formatCount, formatGpuHours, formatMoney } from '@/lib/domain/units';
import type { DisruptedJob } from '@/lib/ops/impact';
import type { ImpactAnswer } from '@/lib/queries/actions';
import styles from './actions.module.css';

function signedMoney(amount: number, currency: string, unpriced: boolean): string {
  return `${amount > 0 && !unpriced ? '+' : ''}${formatMoney(amount, { currency, unpriced })}`;
}

function columns(impact: ImpactAnswer): Column<DisruptedJob>[] {
  const now = new Date(impact.generatedAt);
  const money = (amount: number | null) => (amount === null ? '—' : formatMoney(amount, { currency: impact.currency }));
  return [
    { key: 'name', header: 'Job', rowHeader: true, cell: (job) => job.name },
    { key: 'gpus', header: 'GPUs', numeric: true, cell: (job) => formatCount(job.gpus) },
    {
      key: 'checkpoint',
      header: 'Last checkpoint',
      cell: (job) =>
        job.lastCheckpointAt ? (
          <>
            {formatAge(new Date(job.lastCheckpointAt), now)}{' '}
            <time dateTime={job.lastCheckpointAt} className="subtle">
              ({formatDateTime(job.lastCheckpointAt, impact.timeZone)})
            </time>
          </>
        ) : job.kind === 'inference' ? (
          <span className="subtle">a service keeps none</span>
        ) : (
          <span className="subtle">none since it started</span>
        ),
    },
    {
      key: 'lostHours',
      header: 'Work lost',
      numeric: true,
      cell: (job) => (job.lostGpuHours === null ? '—' : formatGpuHours(job.lostGpuHours, { digits: 2 })),
    },
    { key: 'lostCost', header: 'Cost', numeric: true, cell: (job) => money(job.lostCost) },
  ];
}

export function ImpactSummary({ impact }: { impact: ImpactAnswer }) {
  const { jobs, currency } = impact;
  // Services keep no training state: disrupting only them loses no work to count.
  const losesWork = jobs.some((job) => job.lostGpuHours !== null);
  return (
    <section className="stack" aria-label="Impact" data-testid="impact">
      <dl className={styles.figures}>
        <div className={styles.figure}>
          <dt>GPUs affected</dt>
          <dd data-testid="impact-gpus">{formatCount(impact.gpusAffected)}</dd>
        </div>
        {losesWork && (
          <div className={styles.figure}>
            <dt>Work lost</dt>
            <dd data-testid="impact-lost">
              {formatGpuHours(impact.lostGpuHours, { digits: 2 })}
              <span className={styles.figureSub}>{formatMoney(impact.lostCost, { currency })}</span>
            </dd>
          </div>
        )}
        {impact.costPerHourChange !== null && (
          <div className={styles.figure}>
            <dt>Spend per hour</dt>
            <dd data-testid="impact-spend">
              {signedMoney(impact.costPerHourChange, currency, impact.costPerHourUnpriced)}
              {impact.costPerHourUnpriced && (
                <span className={styles.figureSub}>
                  no rate for these GPUs: <IntentLink href="/admin/rates">add one</IntentLink>
                </span>
              )}
            </dd>
          </div>
        )}
      </dl>
      {jobs.length > 0 ? (
        <Table
          columns={columns(impact)}
          rows={jobs}
          caption={`Jobs disrupted: ${formatCount(jobs.length)}`}
          captionVisible
          density="compact"
          maxHeight="14rem"
        />
      ) : (
        <p className="hint">No running job is disrupted.</p>
      )}
    </section>
  );
}
