// The run a job is an attempt of: every attempt (resubmissions after a failure resume the one before), and the
// run's cost, restarts and ETTR over all of them, whichever attempt's page is open.
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge, Card, Stat, Table, type Column } from '@/components/ui';
import { formatDateTime } from '@/components/charts/time-format';
import { formatCount, formatGpuHours, formatMoney, formatPercent } from '@/lib/domain/units';
import type { JobAttempt, JobDetail, JobLineage } from '@/lib/queries/jobs/types';
import { JOB_STATE } from './labels';

export function JobRun({ data, lineage }: { data: JobDetail; lineage: JobLineage }) {
  const { currency } = data.cost;
  const attempts = lineage.attempts.length;
  const columns: Column<JobAttempt>[] = [
    {
      key: 'attempt',
      header: 'Attempt',
      rowHeader: true,
      cell: (attempt) =>
        attempt.id === data.job.id ? (
          <>
            {attempt.name} <Badge tone="info">this page</Badge>
          </>
        ) : (
          <IntentLink href={`/jobs/${attempt.id}`}>{attempt.name}</IntentLink>
        ),
    },
    {
      key: 'state',
      header: 'State',
      cell: (attempt) => <Badge tone={JOB_STATE[attempt.state].tone}>{JOB_STATE[attempt.state].label}</Badge>,
    },
    {
      key: 'submitted',
      header: 'Submitted',
      cell: (attempt) => (
        <time dateTime={attempt.submittedAt} className="num">
          {formatDateTime(attempt.submittedAt, data.timeZone)}
        </time>
      ),
    },
    { key: 'restarts', header: 'Restarts', numeric: true, cell: (attempt) => formatCount(attempt.restarts) },
    { key: 'cost', header: 'Cost', numeric: true, cell: (attempt) => formatMoney(attempt.cost, { currency }) },
  ];
  return (
    <Card
      title={`The run: ${formatCount(attempts)} attempts`}
      description={`Resubmitted ${formatCount(lineage.resubmissions)} time${lineage.resubmissions === 1 ? '' : 's'} after failing, each attempt resuming the one before`}
      data-testid="job-run"
    >
      <div className="grid-kpi">
        <Stat
          label="Run cost"
          value={formatMoney(lineage.cost, { currency })}
          sublabel={
            lineage.unpricedGpuHours > 0
              ? `${formatGpuHours(lineage.unpricedGpuHours)} unpriced`
              : `over ${formatCount(attempts)} attempts`
          }
          tone={lineage.unpricedGpuHours > 0 ? 'warn' : 'neutral'}
        />
        <Stat
          label="Restarts"
          value={formatCount(lineage.restarts)}
          sublabel={`and ${formatCount(lineage.resubmissions)} resubmission${lineage.resubmissions === 1 ? '' : 's'}`}
        />
        <Stat
          label="Run ETTR"
          value={formatPercent(lineage.ettr, { digits: 1 })}
          sublabel="productive / allocated, every attempt"
        />
      </div>
      <Table
        columns={columns}
        rows={lineage.attempts}
        rowKey={(attempt) => attempt.id}
        caption="Attempts of the run"
        density="compact"
        maxHeight="360px"
      />
    </Card>
  );
}
