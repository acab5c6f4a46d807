import { NotFoundPage } from '@/components/ui';

export default function ReportNotFound() {
  return (
    <NotFoundPage
      title="There is no report for that week"
      description="Weeks start on a Monday (YYYY-MM-DD), and a report needs data the console has collected."
      back={{ href: '/reports', label: 'Go to the reports' }}
    />
  );
}
