// A missing job answers 404: checked here, above the page's loading state, before the response starts streaming.
import { notFound } from 'next/navigation';
import { exists } from '@/lib/queries/exists';

export default async function JobLayout({ children, params }: LayoutProps<'/jobs/[id]'>) {
  if (!(await exists('job', (await params).id))) notFound();
  return children;
}
