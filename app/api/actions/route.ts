import { z } from 'zod';
import { idField } from '@/lib/ids';
import { route } from '@/lib/api/route';
import { recentActions } from '@/lib/queries/actions';
import { readSettings } from '@/lib/settings/org';

export const dynamic = 'force-dynamic';

const query = z.object({
  targetType: z.enum(['job', 'node', 'pool'], { error: 'must be job, node or pool' }),
  targetId: z.preprocess((value) => (value === '' ? undefined : value), idField('must be a positive id').optional()),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(50, 'must be at most 50').default(10),
});

// GET /api/actions?targetType=node&targetId=12&limit=10 - the latest actions on a target (or on every target of
// the type when no id is given), newest first, with who asked, why, and how the executor answered.
export const GET = route({ role: 'viewer', query }, async ({ query }) => {
  const [actions, { timeZone }] = await Promise.all([recentActions(query), readSettings()]);
  return { generatedAt: new Date().toISOString(), timeZone, actions };
});
