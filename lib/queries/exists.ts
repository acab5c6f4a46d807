// Whether the thing a detail page names exists: one indexed lookup, asked before the page streams its loading
// state, so that a missing job, node, SLO or incident answers 404 rather than a 200 that later says "not found".
import 'server-only';
import { db } from '@/lib/db';
import { parseId } from '@/lib/ids';
import { withDeadline } from './deadline';

export type DetailKind = 'job' | 'node' | 'slo' | 'incident';

const FIND: Record<DetailKind, (id: number) => Promise<{ id: number } | null>> = {
  job: (id) => db.job.findUnique({ where: { id }, select: { id: true } }),
  node: (id) => db.node.findUnique({ where: { id }, select: { id: true } }),
  slo: (id) => db.slo.findUnique({ where: { id }, select: { id: true } }),
  incident: (id) => db.incident.findUnique({ where: { id }, select: { id: true } }),
};

/** Whether `text`, an id as the URL has it, names a row of `kind`. */
export async function exists(kind: DetailKind, text: string): Promise<boolean> {
  const id = parseId(text);
  return id !== null && (await withDeadline(FIND[kind](id))) !== null;
}
