// Weekly reports: this week so far, last week, and every week kept, newest first.
import { IntentLink } from '@/components/ui/IntentLink';
import { buttonClass, Card, type Column, EmptyState, PageHeader, Table } from '@/components/ui';
import { formatLocalDateTime } from '@/lib/domain/time';
import { formatPercent } from '@/lib/domain/units';
import { Money } from '@/components/costs/Money';
import { readSettings } from '@/lib/settings/org';
import { currentWeeks, listReports, type StoredReportSummary } from '@/lib/reports/store';

export const metadata = { title: 'Reports · Fleet Console' };

export default async function ReportsPage() {
  const [reports, { current, last }, { timeZone }] = await Promise.all([listReports(), currentWeeks(), readSettings()]);
  const columns: Column<StoredReportSummary>[] = [
    {
      key: 'week',
      header: 'Week',
      rowHeader: true,
      cell: (row) => <IntentLink href={`/reports/${row.start}`}>{row.label}</IntentLink>,
    },
    {
      key: 'spend',
      header: 'Spend',
      numeric: true,
      cell: (row) => <Money amount={row.total} currency={row.currency} unpriced={row.unpriced} />,
    },
    {
      key: 'change',
      header: 'On the week before',
      numeric: true,
      cell: (row) => (row.change === null ? '—' : formatPercent(row.change, { digits: 1, signed: true })),
    },
    { key: 'generated', header: 'Generated', cell: (row) => formatLocalDateTime(new Date(row.generatedAt), timeZone) },
    {
      key: 'files',
      header: 'Download',
      cell: (row) => (
        <span className="row">
          <a href={`/api/reports/${row.start}/pdf`} download>
            PDF
          </a>
          <a href={`/api/reports/${row.start}/csv`} download>
            CSV
          </a>
        </span>
      ),
    },
  ];
  return (
    <div className="page">
      <PageHeader
        title="Weekly reports"
        subtitle={
          <>
            Where the GPU money went, Monday to Sunday in {timeZone}; sent every Monday morning to the channels that
            take it.
          </>
        }
        actions={
          <>
            <IntentLink href={`/reports/${current.start}`} className={buttonClass({ size: 'sm' })}>
              This week so far
            </IntentLink>
            <IntentLink href={`/reports/${last.start}`} className={buttonClass({ size: 'sm', variant: 'primary' })}>
              Last week: {last.label}
            </IntentLink>
          </>
        }
      />
      <Card title="Past weeks" flush>
        <Table
          caption="Past weekly reports"
          columns={columns}
          rows={reports}
          rowKey={(row) => row.start}
          empty={
            <EmptyState
              title="No report kept yet"
              description="The worker keeps one when it sends it, every Monday for the week before (FLEET_REPORT_SCHEDULE). Until then, the buttons above read this week and last week as they stand."
            />
          }
        />
      </Card>
    </div>
  );
}
