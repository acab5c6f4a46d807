// A missing slo answers 404: checked here, above the page's loading state, before the response starts streaming.
import { notFound } from 'next/navigation';
import { exists } from '@/lib/queries/exists';

export default async function SloLayout({ children, params }: LayoutProps<'/slos/[id]'>) {
  if (!(await exists('slo', (await params).id))) notFound();
  return children;
}
