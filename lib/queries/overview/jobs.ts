// Jobs not ended counted by health, and the jobs that ended failed within the range.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { JobHealth } from '@/lib/domain/enums';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';
import type { JobCounts } from './types';

// Worst first: the eye lands on what needs attention.
const ACTIVE_HEALTH: JobHealth[] = ['failed', 'stalled', 'degraded', 'recovering', 'healthy', 'pending'];

// A job has ended exactly when its scheduler state is terminal (succeeded, failed, cancelled): a restart
// takes it back to recovering. Reading by state keeps both counts on job_state_idx.
export async function jobsByHealth(range: { from: Date; to: Date }, scope?: ClusterScope): Promise<JobCounts> {
  const scoped = inCluster(Prisma.sql`cluster_id`, scope);
  const [active, failed, queue] = await Promise.all([
    db.$queryRaw<{ health: JobHealth; count: number }[]>`
      SELECT health::text AS health, count(*)::int AS count FROM job
      WHERE state IN ('pending', 'running', 'recovering') AND ${scoped} GROUP BY health`,
    db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM job
      WHERE state = 'failed' AND ended_at >= ${range.from}::timestamptz AND ended_at < ${range.to}::timestamptz
        AND ${scoped}`,
    db.$queryRaw<{ jobs: number; gpus: number; oldest: Date | null }[]>`
      SELECT count(*)::int AS jobs, coalesce(sum(gpus_requested), 0)::int AS gpus,
             min(coalesce(queued_at, submitted_at)) AS oldest
      FROM job WHERE state = 'pending' AND ${scoped}`,
  ]);
  const count = (health: JobHealth) => active.find((row) => row.health === health)?.count ?? 0;
  const others = active.filter((row) => !ACTIVE_HEALTH.includes(row.health));
  const byHealth = [...ACTIVE_HEALTH.map((health) => ({ health, count: count(health) })), ...others];
  return {
    active: byHealth.reduce((sum, row) => sum + row.count, 0),
    byHealth,
    failedInRange: failed[0]?.count ?? 0,
    queue: { jobs: queue[0].jobs, gpus: queue[0].gpus, oldestSince: queue[0].oldest?.toISOString() ?? null },
  };
}
