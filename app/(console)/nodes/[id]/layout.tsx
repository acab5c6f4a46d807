// A missing node answers 404: checked here, above the page's loading state, before the response starts streaming.
import { notFound } from 'next/navigation';
import { exists } from '@/lib/queries/exists';

export default async function NodeLayout({ children, params }: LayoutProps<'/nodes/[id]'>) {
  if (!(await exists('node', (await params).id))) notFound();
  return children;
}
