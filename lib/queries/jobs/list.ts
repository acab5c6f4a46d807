// The jobs list: filtered, sorted and paged in SQL, with each row's utilization in the range and its cost so
// far. Sorted by a column of the job itself, only the page's rows are measured; sorted by utilization or cost,
// every job the filters let through is, since the order depends on it.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { roundCents } from '@/lib/domain/cost';
import type { ClusterScope } from '@/lib/clusters/scope';
import type { ParsedTimeRange } from '@/lib/time-range';
import { readSettings } from '@/lib/settings/org';
import { withDeadline } from '@/lib/queries/deadline';
import { freshnessOf } from '@/lib/queries/freshness';
import { facetsAndTotal } from './facets';
import { allConditions, JOB_FROM } from './filters';
import { metricsCtes, type MetricsWindow } from './metrics';
import { JOB_HEALTHS } from '@/lib/domain/enums';
import { jobIdentity, type JobRow } from './job-row';
import { type JobListParams, type JobSort, type ParsedJobListParams } from './params';
import type { JobList, JobListRow } from './types';

type Row = Pick<
  JobRow,
  | 'id'
  | 'external_id'
  | 'name'
  | 'kind'
  | 'team'
  | 'project'
  | 'owner'
  | 'state'
  | 'health'
  | 'health_reason'
  | 'wait_reason'
  | 'wait_detail'
  | 'queue_position'
  | 'queued_at'
  | 'gpus_requested'
  | 'submitted_at'
  | 'ended_at'
  | 'restart_count'
  | 'partition'
> & { cluster: string; cost?: number; unpriced_gpu_hours?: number; utilization?: number | null };

const COLUMNS = Prisma.sql`j.id, j.external_id, j.name, (SELECT name FROM cluster WHERE id = j.cluster_id) AS cluster,
  j.kind::text AS kind, t.name AS team, p.name AS project, j.owner,
  j.state::text AS state, j.health::text AS health, j.health_reason, j.gpus_requested, j.submitted_at, j.ended_at,
  j.restart_count, j.wait_reason::text AS wait_reason, j.wait_detail, j.queue_position, j.queued_at,
  j.partition`;

const healthRank = Prisma.sql`array_position(${[...JOB_HEALTHS]}::text[], j.health::text)`;

/** What each sort orders by, and whether its direction is the reverse of the column's (age is submitted time). */
const ORDER: Record<JobSort, { by: Prisma.Sql[]; reversed?: boolean }> = {
  name: { by: [Prisma.sql`lower(j.name)`] },
  team: { by: [Prisma.sql`t.name`, Prisma.sql`p.name`] },
  kind: { by: [Prisma.sql`j.kind`] },
  state: { by: [Prisma.sql`j.state`] },
  health: { by: [healthRank] },
  gpus: { by: [Prisma.sql`j.gpus_requested`] },
  utilization: { by: [Prisma.sql`m.utilization`] },
  age: { by: [Prisma.sql`j.submitted_at`], reversed: true },
  restarts: { by: [Prisma.sql`j.restart_count`] },
  cost: { by: [Prisma.sql`m.cost`] },
};

const BY_METRIC: ReadonlySet<JobSort> = new Set(['utilization', 'cost']);

function orderBy(params: JobListParams): Prisma.Sql {
  const { by, reversed } = ORDER[params.sort];
  const descending = (params.dir === 'desc') !== Boolean(reversed);
  const direction = Prisma.raw(descending ? 'DESC NULLS LAST' : 'ASC NULLS LAST');
  // The id breaks ties, so that pages never overlap or skip a row.
  return Prisma.join([...by.map((expr) => Prisma.sql`${expr} ${direction}`), Prisma.sql`j.id DESC`], ', ');
}

/** Sorted by a column of the job: the page's ids straight from the job table. */
async function idsByColumn(
  params: JobListParams,
  _window: MetricsWindow,
  offset: number,
  scope: ClusterScope | undefined,
): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT j.id FROM ${JOB_FROM} WHERE ${allConditions(params, scope)}
    ORDER BY ${orderBy(params)}
    LIMIT ${params.pageSize} OFFSET ${offset}`;
  return rows.map((row) => row.id);
}

/** Sorted by cost or utilization: that metric for every job the filters let through. */
async function idsByMetric(
  params: JobListParams,
  window: MetricsWindow,
  offset: number,
  scope: ClusterScope | undefined,
): Promise<number[]> {
  const target = Prisma.sql`SELECT j.id FROM ${JOB_FROM} WHERE ${allConditions(params, scope)}`;
  const parts = { cost: params.sort === 'cost', utilization: params.sort === 'utilization' };
  const rows = await db.$queryRaw<{ id: number }[]>`
    WITH ${metricsCtes(target, window, parts)}
    SELECT j.id FROM metrics m JOIN job j ON j.id = m.id
    ORDER BY ${orderBy(params)}
    LIMIT ${params.pageSize} OFFSET ${offset}`;
  return rows.map((row) => row.id);
}

/** The page's jobs, in the order given, each with its cost and utilization measured for those jobs alone. */
async function pageRows(ids: number[], window: MetricsWindow): Promise<Row[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<Row[]>`
    WITH ${metricsCtes(Prisma.sql`SELECT unnest(${ids}::int[]) AS id`, window)}
    SELECT ${COLUMNS}, m.cost, m.unpriced_gpu_hours, m.utilization
    FROM metrics m JOIN job j ON j.id = m.id JOIN team t ON t.id = j.team_id JOIN project p ON p.id = j.project_id`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function toListRow(row: Row): JobListRow {
  return {
    ...jobIdentity(row),
    cluster: row.cluster,
    gpus: row.gpus_requested,
    utilization: row.utilization ?? null,
    submittedAt: row.submitted_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    restarts: row.restart_count,
    cost: roundCents(row.cost ?? 0),
    unpricedGpuHours: row.unpriced_gpu_hours ?? 0,
  };
}

export interface ListJobsOptions {
  /** The instant "now" stands for (tests pin it); defaults to the clock. */
  now?: Date;
  /** One cluster's jobs, or every cluster's (the default). */
  scope?: ClusterScope;
}

export async function listJobs(
  parsed: ParsedJobListParams,
  range: Pick<ParsedTimeRange, 'from' | 'to' | 'preset'>,
  options: ListJobsOptions = {},
): Promise<JobList> {
  const { params, issues } = parsed;
  const now = options.now ?? new Date();
  const window: MetricsWindow = { from: range.from, to: range.to, now };
  const pageIds = BY_METRIC.has(params.sort) ? idsByMetric : idsByColumn;
  const page = async (offset: number) => pageRows(await pageIds(params, window, offset, options.scope), window);
  const work = async () => {
    const offset = (params.page - 1) * params.pageSize;
    const [counted, firstTry, settings, freshness] = await Promise.all([
      facetsAndTotal(params, options.scope),
      page(offset),
      readSettings(),
      freshnessOf(now, options.scope),
    ]);
    const pageCount = Math.max(1, Math.ceil(counted.total / params.pageSize));
    // A link to a page past the end (the list shrank since it was shared) shows the last page.
    const shown = Math.min(params.page, pageCount);
    const rows = shown === params.page ? firstTry : await page((shown - 1) * params.pageSize);
    return {
      generatedAt: now.toISOString(),
      range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset },
      timeZone: settings.timeZone,
      freshness,
      currency: settings.currency,
      params,
      issues,
      total: counted.total,
      page: shown,
      pageCount,
      rows: rows.map(toListRow),
      facets: counted.facets,
    } satisfies JobList;
  };
  return withDeadline(work());
}
