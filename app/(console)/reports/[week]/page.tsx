// One week's report: reads well on screen and prints well (print styles hide everything but the report).
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PrintButton } from '@/components/reports/PrintButton';
import { ReportView } from '@/components/reports/ReportView';
import { buttonClass } from '@/components/ui';
import { formatLocalDateTime } from '@/lib/domain/time';
import { reportForWeek } from '@/lib/reports/store';

type Params = Promise<{ week: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  return { title: `Report ${(await params).week} · Fleet Console` };
}

export default async function ReportPage({ params }: { params: Params }) {
  const { week } = await params;
  const report = await reportForWeek(week);
  if (!report) notFound();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="page-subtitle">Fleet Console · weekly GPU cost report</p>
          <h1 className="page-title">{report.week.label}</h1>
          <p className="page-subtitle">
            Monday to Sunday in {report.week.timeZone} · {report.currency} · generated{' '}
            {formatLocalDateTime(new Date(report.generatedAt), report.week.timeZone)}
          </p>
        </div>
        <div className="page-actions no-print">
          <Link href="/reports" className={buttonClass({ size: 'sm', variant: 'ghost' })}>
            All reports
          </Link>
          <PrintButton />
          <a href={`/api/reports/${report.week.start}/csv`} download className={buttonClass({ size: 'sm' })}>
            CSV
          </a>
          <a
            href={`/api/reports/${report.week.start}/pdf`}
            download
            className={buttonClass({ size: 'sm', variant: 'primary' })}
          >
            PDF
          </a>
        </div>
      </header>
      <ReportView report={report} />
    </div>
  );
}
