import { ApiError, route } from '@/lib/api/route';
import { getJob, parseJobId } from '@/lib/queries/jobs';
import { parseTimeRange } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

// GET /api/jobs/:id?range=24h - one job: health and why, its GPUs over time, timeline, cost, nodes and faults.
export async function GET(request: Request, { params }: RouteContext<'/api/jobs/[id]'>) {
  const { id } = await params;
  return route({ role: 'viewer' }, async () => {
    const jobId = parseJobId(id);
    if (jobId === null) throw new ApiError(404, 'not_found', `There is no job with id "${id}".`);
    const range = parseTimeRange(new URL(request.url).searchParams);
    if (!range.ok) throw new ApiError(422, 'invalid_range', range.message);
    const job = await getJob(jobId, range.range);
    if (!job) throw new ApiError(404, 'not_found', `There is no job with id ${jobId}.`);
    return job;
  })(request);
}
