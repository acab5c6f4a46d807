import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { rangeOf } from '@/lib/api/params';
import { idParam } from '@/lib/ids';
import { getJob } from '@/lib/queries/jobs';

export const dynamic = 'force-dynamic';

// GET /api/jobs/:id?range=24h - one job: health and why, its GPUs over time, timeline, cost, nodes and faults.
export const GET = route({ role: 'viewer', params: z.object({ id: idParam('job') }) }, async ({ params, search }) => {
  const job = await getJob(params.id, rangeOf(search));
  if (!job) throw new ApiError(404, 'not_found', `There is no job with id ${params.id}.`);
  return job;
});
