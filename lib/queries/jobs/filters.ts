// The list's filters as SQL conditions over `job j JOIN team t JOIN project p`, one per parameter, so that a
// facet can count with every filter but its own. Values are bound parameters, never spliced.
import 'server-only';
import { Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';
import type { FilterKey, JobListParams } from './params';

const TRUE = Prisma.sql`TRUE`;

/** `%` and `_` in a search are meant literally. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function filterConditions(params: JobListParams): Record<FilterKey, Prisma.Sql> {
  const anyOf = (column: Prisma.Sql, values: string[]) =>
    values.length ? Prisma.sql`${column} = ANY(${values}::text[])` : TRUE;
  return {
    team: anyOf(Prisma.sql`t.name`, params.team),
    project: anyOf(Prisma.sql`p.name`, params.project),
    kind: anyOf(Prisma.sql`j.kind::text`, params.kind),
    state: anyOf(Prisma.sql`j.state::text`, params.state),
    health: anyOf(Prisma.sql`j.health::text`, params.health),
    // A waiting job may name several partitions, comma-separated: any of them matches.
    partition: params.partition.length
      ? Prisma.sql`string_to_array(j.partition, ',') && ${params.partition}::text[]`
      : TRUE,
    q: params.q
      ? Prisma.sql`(j.name ILIKE ${likePattern(params.q)} OR j.external_id ILIKE ${likePattern(params.q)})`
      : TRUE,
  };
}

/** Every filter of the list, within the cluster the page is scoped to. */
export function allConditions(params: JobListParams, scope: ClusterScope | undefined): Prisma.Sql {
  return Prisma.join([...Object.values(filterConditions(params)), clusterCondition(scope)], ' AND ');
}

/** The page's cluster scope is not a filter of the menus: it bounds every count. */
export const clusterCondition = (scope: ClusterScope | undefined) => inCluster(Prisma.sql`j.cluster_id`, scope);

export const JOB_FROM = Prisma.sql`job j JOIN team t ON t.id = j.team_id JOIN project p ON p.id = j.project_id`;
