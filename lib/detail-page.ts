// What every detail page (a job, a node, an incident, an SLO) reads from its path: the row id, or the console's
// 404 page for anything that cannot be one (never a database error); and its tab title.
import { notFound } from 'next/navigation';
import { parseId } from './ids';

type IdParams = Promise<{ id: string }>;

/** The row id in the page's path; anything else renders the 404 page. */
export async function pageId(params: IdParams): Promise<number> {
  const id = parseId((await params).id);
  if (id === null) notFound();
  return id;
}

/** The page's generateMetadata: "Job 42 · Fleet Console". */
export const titledById =
  (noun: string) =>
  async ({ params }: { params: IdParams }) => ({ title: `${noun} ${(await params).id} · Fleet Console` });
