// Values for the filter menus, each counted with every other filter applied (so a menu says what picking it
// would show), and the number of jobs every filter lets through. One pass over the job table.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { FILTER_KEYS, JOB_HEALTHS, JOB_KINDS, JOB_STATES, type JobListParams } from './params';
import { filterConditions, JOB_FROM } from './filters';
import type { JobList } from './types';

type Row = { facet: string; value: string | null; teams: string | null; count: number };

export async function facetsAndTotal(params: JobListParams): Promise<{ total: number; facets: JobList['facets'] }> {
  const conditions = filterConditions(params);
  const flags = Prisma.join(
    FILTER_KEYS.map((key) => Prisma.sql`(${conditions[key]}) AS m_${Prisma.raw(key)}`),
    ', ',
  );
  const allBut = (skip: string) =>
    Prisma.raw(
      FILTER_KEYS.filter((key) => key !== skip)
        .map((key) => `m_${key}`)
        .join(' AND '),
    );
  const rows = await db.$queryRaw<Row[]>`
    WITH base AS MATERIALIZED (
      SELECT t.name AS team, p.name AS project, j.kind::text AS kind, j.state::text AS state,
             j.health::text AS health, ${flags}
      FROM ${JOB_FROM}
    )
    SELECT 'total' AS facet, NULL AS value, NULL AS teams, count(*) FILTER (WHERE ${allBut('')})::int AS count FROM base
    UNION ALL
    SELECT 'team', team, NULL, count(*) FILTER (WHERE ${allBut('team')})::int FROM base GROUP BY team
    UNION ALL
    SELECT 'project', project, string_agg(DISTINCT team, ','), count(*) FILTER (WHERE ${allBut('project')})::int
    FROM base GROUP BY project
    UNION ALL
    SELECT 'kind', kind, NULL, count(*) FILTER (WHERE ${allBut('kind')})::int FROM base GROUP BY kind
    UNION ALL
    SELECT 'state', state, NULL, count(*) FILTER (WHERE ${allBut('state')})::int FROM base GROUP BY state
    UNION ALL
    SELECT 'health', health, NULL, count(*) FILTER (WHERE ${allBut('health')})::int FROM base GROUP BY health`;

  const of = (facet: string) => rows.filter((row) => row.facet === facet);
  const byName = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);
  // Every value of a closed vocabulary is listed, in its own order, even at 0.
  const closed = (facet: string, values: readonly string[]) =>
    values.map((value) => ({ value, count: of(facet).find((row) => row.value === value)?.count ?? 0 }));
  return {
    total: of('total')[0]?.count ?? 0,
    facets: {
      team: of('team')
        .map((row) => ({ value: row.value!, count: row.count }))
        .sort(byName),
      project: of('project')
        .map((row) => ({ value: row.value!, count: row.count, teams: (row.teams ?? '').split(',').sort() }))
        .sort(byName),
      kind: closed('kind', JOB_KINDS),
      state: closed('state', JOB_STATES),
      health: closed('health', JOB_HEALTHS),
    },
  };
}
