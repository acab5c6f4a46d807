// SQL for a cluster scope: every query of a page that can be scoped to one cluster filters through these (pricing
// too), so a page and its API answer the same way.
import 'server-only';
import { Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';

/** True for rows whose cluster id (the given column) is the scope's cluster; always true for every cluster. */
export function inCluster(clusterId: Prisma.Sql, scope: ClusterScope | undefined): Prisma.Sql {
  return scope?.cluster
    ? Prisma.sql`${clusterId} = (SELECT c.id FROM cluster c WHERE c.name = ${scope.cluster})`
    : Prisma.sql`true`;
}

/** True for rows whose pool (the given column) belongs to the scope's cluster. */
export function poolInCluster(poolId: Prisma.Sql, scope: ClusterScope | undefined): Prisma.Sql {
  return scope?.cluster
    ? Prisma.sql`${poolId} IN (SELECT p.id FROM pool p JOIN cluster c ON c.id = p.cluster_id WHERE c.name = ${scope.cluster})`
    : Prisma.sql`true`;
}

/**
 * True for incidents (the given table or alias) of the scope's cluster: about one of its jobs or nodes, or labelled
 * with its name (an alert's `cluster` label). An incident of no cluster (declared about the whole fleet, an SLO's
 * burn) is every cluster's business, so a scoped page still shows it.
 */
export function incidentInCluster(incident: Prisma.Sql, scope: ClusterScope | undefined): Prisma.Sql {
  if (!scope?.cluster) return Prisma.sql`true`;
  const cluster = Prisma.sql`(SELECT c.id FROM cluster c WHERE c.name = ${scope.cluster})`;
  return Prisma.sql`(${incident}.job_id IN (SELECT j.id FROM job j WHERE j.cluster_id = ${cluster})
    OR ${incident}.node_id IN (SELECT n.id FROM node n WHERE n.cluster_id = ${cluster})
    OR ${incident}.labels->>'cluster' = ${scope.cluster}
    OR (${incident}.job_id IS NULL AND ${incident}.node_id IS NULL AND ${incident}.labels->>'cluster' IS NULL))`;
}
