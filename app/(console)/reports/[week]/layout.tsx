// A week with no report answers 404: checked here, above the page's loading state, before the response starts
// streaming (building the report can take a while).
import { notFound } from 'next/navigation';
import { findReportWeek } from '@/lib/reports/store';

export default async function ReportWeekLayout({ children, params }: LayoutProps<'/reports/[week]'>) {
  if ((await findReportWeek((await params).week)).missing) notFound();
  return children;
}
