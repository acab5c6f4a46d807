// The on-call view (every unresolved incident, worst and oldest first) and the full list (opened in the range,
// filtered, newest first, in pages).
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import { incidentInCluster } from '@/lib/db/scope';
import type { TimeRange } from '@/lib/domain/time';
import type { RangePreset } from '@/lib/time-range';
import { withDeadline } from '../deadline';
import { readSettings } from '@/lib/settings/org';
import { PAGE_SIZE, type IncidentListParams } from './params';
import { incidentRows } from './rows';
import type { IncidentList, OnCall } from './types';

/** Enough for any real on-call screen; past this many unresolved incidents the list is not the problem. */
const ON_CALL_LIMIT = 500;

export function onCallIncidents(now = new Date(), scope?: ClusterScope): Promise<OnCall> {
  return withDeadline(
    (async () => {
      const [{ timeZone }, { rows }] = await Promise.all([
        readSettings(),
        incidentRows({
          where: Prisma.sql`i.state <> 'resolved' AND ${incidentInCluster(Prisma.sql`i`, scope)}`,
          order: Prisma.sql`(i.severity = 'page') DESC, i.opened_at ASC, i.id ASC`,
          limit: ON_CALL_LIMIT,
        }),
      ]);
      return { generatedAt: now.toISOString(), timeZone, rows };
    })(),
  );
}

/**
 * The filters as SQL over `i` (incident) and `t` (the team of its job), for incidents opened in the range, within
 * the cluster the page is scoped to.
 */
export function incidentFilter(
  params: Omit<IncidentListParams, 'page'>,
  range: TimeRange,
  scope?: ClusterScope,
): Prisma.Sql {
  const parts = [
    Prisma.sql`i.opened_at >= ${range.from}::timestamptz AND i.opened_at < ${range.to}::timestamptz`,
    incidentInCluster(Prisma.sql`i`, scope),
  ];
  if (params.state.length) parts.push(Prisma.sql`i.state::text = ANY(${params.state}::text[])`);
  if (params.severity.length) parts.push(Prisma.sql`i.severity::text = ANY(${params.severity}::text[])`);
  if (params.source.length) parts.push(Prisma.sql`i.source::text = ANY(${params.source}::text[])`);
  if (params.team.length) parts.push(Prisma.sql`t.name = ANY(${params.team}::text[])`);
  return Prisma.join(parts, ' AND ');
}

export async function teamNames(): Promise<string[]> {
  const rows = await db.team.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
  return rows.map((row) => row.name);
}

export function listIncidents(
  params: IncidentListParams,
  range: TimeRange & { preset?: RangePreset | null },
  now = new Date(),
  scope?: ClusterScope,
): Promise<IncidentList> {
  return withDeadline(
    (async () => {
      const where = incidentFilter(params, range, scope);
      const [{ timeZone }, teams, { rows, total: windowTotal }] = await Promise.all([
        readSettings(),
        teamNames(),
        incidentRows({
          where,
          order: Prisma.sql`i.opened_at DESC, i.id DESC`,
          limit: PAGE_SIZE,
          offset: (params.page - 1) * PAGE_SIZE,
        }),
      ]);
      // A page past the last one has no rows to carry the count: ask for it.
      const total = rows.length
        ? windowTotal
        : (
            await db.$queryRaw<{ total: number }[]>`
              SELECT count(*)::int AS total FROM incident i
              LEFT JOIN job j ON j.id = i.job_id LEFT JOIN team t ON t.id = j.team_id WHERE ${where}`
          )[0].total;
      return {
        generatedAt: now.toISOString(),
        timeZone,
        range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset ?? null },
        params,
        total,
        page: params.page,
        pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        rows,
        teams,
      };
    })(),
  );
}
