// Nodes counted by state.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { NodeState } from '@/lib/domain/enums';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';
import type { NodeCounts } from './types';

const NODE_STATES: NodeState[] = ['ready', 'provisioning', 'cordoned', 'draining', 'rebooting', 'down', 'retired'];

export async function nodesByState(scope?: ClusterScope): Promise<NodeCounts> {
  const rows = await db.$queryRaw<{ state: NodeState; count: number }[]>`
    SELECT state::text AS state, count(*)::int AS count FROM node
    WHERE ${inCluster(Prisma.sql`cluster_id`, scope)} GROUP BY state`;
  const count = (state: NodeState) => rows.find((row) => row.state === state)?.count ?? 0;
  const byState = NODE_STATES.map((state) => ({ state, count: count(state) }));
  // Retired nodes are history, not fleet.
  return { total: byState.filter((row) => row.state !== 'retired').reduce((sum, row) => sum + row.count, 0), byState };
}
