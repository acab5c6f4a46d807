import { route } from '@/lib/api/route';
import { clusterScopeOf, rangeOf, refuseIssues } from '@/lib/api/params';
import { listJobs, parseJobListParams } from '@/lib/queries/jobs';

export const dynamic = 'force-dynamic';

// GET /api/jobs?team=…&state=…&sort=cost&dir=desc&page=2&range=24h&cluster=… - the jobs list; what the list page refreshes from.
export const GET = route({ role: 'viewer' }, async ({ search }) => {
  const range = rangeOf(search);
  const parsed = parseJobListParams(search);
  refuseIssues(parsed.issues);
  return listJobs(parsed, range, { scope: clusterScopeOf(search) });
});
