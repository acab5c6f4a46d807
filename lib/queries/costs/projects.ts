// Spend per project (and its team) over a window: the lean read budgets need, with no per-job detail.
import 'server-only';
import { db } from '@/lib/db';
import type { TimeRange } from '@/lib/domain/time';
import { pricedPieces } from '@/lib/pricing/sql';
import type { ClusterScope } from '@/lib/clusters/scope';

export interface ProjectSpend {
  projectId: number;
  teamId: number;
  cost: number;
}

export async function spendByProject(range: TimeRange, scope?: ClusterScope): Promise<ProjectSpend[]> {
  const rows = await db.$queryRaw<{ project_id: number; team_id: number; cost: number }[]>`
    ${pricedPieces(range.from, range.to, scope)}
    SELECT j.project_id, j.team_id, coalesce(sum(pc.seconds * pc.price), 0) / 3600 AS cost
    FROM pieces pc JOIN job j ON j.id = pc.job_id
    GROUP BY j.project_id, j.team_id`;
  return rows.map((row) => ({ projectId: row.project_id, teamId: row.team_id, cost: row.cost }));
}
