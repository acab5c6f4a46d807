// A missing incident answers 404: checked here, above the page's loading state, before the response starts streaming.
import { notFound } from 'next/navigation';
import { exists } from '@/lib/queries/exists';

export default async function IncidentLayout({ children, params }: LayoutProps<'/incidents/[id]'>) {
  if (!(await exists('incident', (await params).id))) notFound();
  return children;
}
