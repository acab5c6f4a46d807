// One week's report: reads well on screen and prints well (print styles hide everything but the report).
import { IntentLink } from '@/components/ui/IntentLink';
import { notFound } from 'next/navigation';
import { PrintButton } from '@/components/reports/PrintButton';
import { ReportView } from '@/components/reports/ReportView';
import { buttonClass, LinkIssues } from '@/components/ui';
import { formatLocalDateTime } from '@/lib/domain/time';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { reportForWeek } from '@/lib/reports/store';
import type { PageSearchParams } from '@/lib/url-state';

type Params = Promise<{ week: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  return { title: `Report ${(await params).week} · Fleet Console` };
}

export default async function ReportPage({ params, searchParams }: { params: Params; searchParams: PageSearchParams }) {
  const { week } = await params;
  const { scope, issue } = readClusterScope(await searchParams);
  const { report } = await reportForWeek(week, new Date(), scope);
  if (!report) notFound();
  const scoped = withClusterScope({}, scope).toString();
  const download = (kind: 'csv' | 'pdf') => `/api/reports/${report.week.start}/${kind}${scoped ? `?${scoped}` : ''}`;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="page-subtitle">
            Fleet Console · weekly GPU cost report{scope.cluster ? ` · cluster ${scope.cluster}` : ''}
          </p>
          <h1 className="page-title">{report.week.label}</h1>
          <p className="page-subtitle">
            Monday to Sunday in {report.week.timeZone} · {report.currency} · generated{' '}
            {formatLocalDateTime(new Date(report.generatedAt), report.week.timeZone)}
          </p>
        </div>
        <div className="page-actions no-print">
          <IntentLink href="/reports" className={buttonClass({ size: 'sm', variant: 'ghost' })}>
            All reports
          </IntentLink>
          <PrintButton />
          <a href={download('csv')} download className={buttonClass({ size: 'sm' })}>
            CSV
          </a>
          <a href={download('pdf')} download className={buttonClass({ size: 'sm', variant: 'primary' })}>
            PDF
          </a>
        </div>
      </header>
      <LinkIssues issues={issue ? [issue] : []} />
      <ReportView report={report} />
    </div>
  );
}
