// Values for the filter menus, each counted with every other filter applied (so a menu says what picking it
// would show), and the number of jobs every filter lets through. One pass over the job table, grouped in SQL
// by the filtered columns and by which filters each group passes; the counting is done here.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { JOB_HEALTHS, JOB_KINDS, JOB_STATES } from '@/lib/domain/enums';
import { FILTER_KEYS, type FilterKey, type JobListParams } from './params';
import type { ClusterScope } from '@/lib/clusters/scope';
import { clusterCondition, filterConditions, JOB_FROM } from './filters';
import type { JobList } from './types';

type Row = {
  team: string;
  project: string;
  kind: string;
  state: string;
  health: string;
  partition: string | null;
  count: number;
} & Record<`m_${FilterKey}`, boolean>;

export async function facetsAndTotal(
  params: JobListParams,
  scope: ClusterScope | undefined,
): Promise<{ total: number; facets: JobList['facets'] }> {
  const conditions = filterConditions(params);
  const flags = Prisma.join(
    FILTER_KEYS.map((key) => Prisma.sql`(${conditions[key]}) AS ${Prisma.raw(`m_${key}`)}`),
    ', ',
  );
  const rows = await db.$queryRaw<Row[]>`
    SELECT t.name AS team, p.name AS project, j.kind::text AS kind, j.state::text AS state, j.health::text AS health,
           j.partition, ${flags}, count(*)::int AS count
    FROM ${JOB_FROM}
    WHERE ${clusterCondition(scope)}
    GROUP BY 1, 2, 3, 4, 5, 6, ${Prisma.raw(FILTER_KEYS.map((_, k) => String(7 + k)).join(', '))}`;

  /**
   * Counts by a column's values over the rows that pass every filter but `skip`'s own. A waiting job's partitions
   * (comma-separated) count once each; a job with none is in no partition's count.
   */
  const countBy = (column: 'team' | 'project' | 'kind' | 'state' | 'health' | 'partition', skip: FilterKey | null) => {
    const counts = new Map<string, number>();
    for (const row of rows) {
      const values = column === 'partition' ? (row.partition?.split(',') ?? []) : [row[column]];
      const passes = FILTER_KEYS.every((key) => key === skip || row[`m_${key}`]);
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + (passes ? row.count : 0));
    }
    return counts;
  };
  const listed = (counts: Map<string, number>) =>
    [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));
  // Every value of a closed vocabulary is listed, in its own order, even at 0.
  const closed = (counts: Map<string, number>, values: readonly string[]) =>
    values.map((value) => ({ value, count: counts.get(value) ?? 0 }));
  const teamsOf = new Map<string, Set<string>>();
  for (const row of rows) teamsOf.set(row.project, (teamsOf.get(row.project) ?? new Set()).add(row.team));

  return {
    total: rows.reduce((sum, row) => (FILTER_KEYS.every((key) => row[`m_${key}`]) ? sum + row.count : sum), 0),
    facets: {
      team: listed(countBy('team', 'team')),
      project: listed(countBy('project', 'project')).map((facet) => ({
        ...facet,
        teams: [...(teamsOf.get(facet.value) ?? [])].sort(),
      })),
      kind: closed(countBy('kind', 'kind'), JOB_KINDS),
      state: closed(countBy('state', 'state'), JOB_STATES),
      health: closed(countBy('health', 'health'), JOB_HEALTHS),
      partition: listed(countBy('partition', 'partition')),
    },
  };
}
