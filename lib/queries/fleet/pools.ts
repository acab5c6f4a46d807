// Each pool's size against what it is asked to be: desired nodes, and its nodes by state now, for the fleet
// page's pool table and its Scale buttons. Retired nodes have left the pool and are not counted; a node the
// scheduler calls ready, cordoned or draining whose GPUs have all stopped reporting counts as not reporting.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';
import type { PricingClass } from '@/lib/domain/enums';
import { withDeadline } from '../deadline';
import { nodeSilentSql } from '../freshness';

export interface PoolCapacity {
  id: number;
  name: string;
  /** The cluster the pool belongs to. */
  cluster: string;
  gpuModel: string;
  pricingClass: PricingClass;
  gpusPerNode: number;
  desiredNodes: number;
  nodes: number;
  ready: number;
  /** Ready, cordoned or draining as the scheduler last said, but none of its GPUs reporting. */
  notReporting: number;
  /** Cordoned or draining: present, taking no new work. */
  cordoned: number;
  down: number;
  /** Provisioning or rebooting: on their way back. */
  starting: number;
}

/** Every pool of one cluster, or of every cluster (the default). */
export function getPoolCapacity(scope?: ClusterScope, now = new Date()): Promise<PoolCapacity[]> {
  return withDeadline(
    db.$queryRaw<PoolCapacity[]>`
      SELECT p.id, p.name, c.name AS cluster, p.gpu_model AS "gpuModel", p.pricing_class::text AS "pricingClass",
             p.gpus_per_node AS "gpusPerNode", p.desired_nodes AS "desiredNodes",
             count(n.id)::int AS nodes,
             count(n.id) FILTER (WHERE n.state = 'ready' AND NOT n.silent)::int AS ready,
             count(n.id) FILTER (WHERE n.silent)::int AS "notReporting",
             count(n.id) FILTER (WHERE n.state IN ('cordoned', 'draining') AND NOT n.silent)::int AS cordoned,
             count(n.id) FILTER (WHERE n.state = 'down')::int AS down,
             count(n.id) FILTER (WHERE n.state IN ('provisioning', 'rebooting'))::int AS starting
      FROM pool p
      JOIN cluster c ON c.id = p.cluster_id
      LEFT JOIN (
        SELECT n.id, n.pool_id, n.state,
               n.state IN ('ready', 'cordoned', 'draining') AND ${nodeSilentSql(now)} AS silent
        FROM node n WHERE n.state <> 'retired'
      ) n ON n.pool_id = p.id
      WHERE ${inCluster(Prisma.sql`p.cluster_id`, scope)}
      GROUP BY p.id, c.name
      ORDER BY c.name, p.name`,
  );
}
