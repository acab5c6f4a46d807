import { z } from 'zod';
import { idField } from '@/lib/ids';
import { ApiError, route } from '@/lib/api/route';
import { env } from '@/lib/env';
import { recoveriesFor, type TargetRecoveries } from '@/lib/queries/recovery';
import { readSettings } from '@/lib/settings/org';

export const dynamic = 'force-dynamic';

const id = idField('must be a job or node id');
const query = z.object({ jobId: id.optional(), nodeId: id.optional() });

// GET /api/recovery?jobId=… | ?nodeId=… - a job's or a node's automatic recoveries, newest first, with their timelines.
export const GET = route({ role: 'viewer', query }, async ({ query: { jobId, nodeId } }): Promise<TargetRecoveries> => {
  if ((jobId === undefined) === (nodeId === undefined)) {
    throw new ApiError(422, 'invalid_input', 'Name one target: jobId or nodeId.');
  }
  const now = new Date();
  const [{ recoveries, total }, settings] = await Promise.all([
    recoveriesFor(jobId !== undefined ? { jobId } : { nodeId: nodeId! }),
    readSettings(),
  ]);
  return {
    generatedAt: now.toISOString(),
    timeZone: settings.timeZone,
    currency: settings.currency,
    refreshSeconds: env().FLEET_REFRESH_SECONDS,
    recoveries,
    total,
  };
});
