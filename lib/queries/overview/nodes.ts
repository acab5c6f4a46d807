// Nodes counted by state as the console shows it: a ready, cordoned or draining node whose GPUs have all stopped
// reporting is counted as not reporting (DOMAIN.md Coverage), not in the state it last had.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { ShownNodeState } from '@/lib/domain/readings';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';
import { nodeSilentSql } from '../freshness';
import type { NodeCounts } from './types';

const NODE_STATES: ShownNodeState[] = [
  'ready',
  'not_reporting',
  'provisioning',
  'cordoned',
  'draining',
  'rebooting',
  'down',
  'retired',
];

export async function nodesByState(now: Date, scope?: ClusterScope): Promise<NodeCounts> {
  const rows = await db.$queryRaw<{ state: ShownNodeState; count: number }[]>`
    SELECT CASE WHEN n.state IN ('ready', 'cordoned', 'draining') AND ${nodeSilentSql(now)} THEN 'not_reporting'
                ELSE n.state::text END AS state, count(*)::int AS count
    FROM node n WHERE ${inCluster(Prisma.sql`n.cluster_id`, scope)} GROUP BY 1`;
  const count = (state: ShownNodeState) => rows.find((row) => row.state === state)?.count ?? 0;
  const byState = NODE_STATES.map((state) => ({ state, count: count(state) }));
  // Retired nodes are history, not fleet.
  return { total: byState.filter((row) => row.state !== 'retired').reduce((sum, row) => sum + row.count, 0), byState };
}
