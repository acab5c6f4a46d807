// Open and acknowledged incidents: counts by severity and the five newest.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { IncidentSeverity, IncidentState } from '@/lib/domain/enums';
import type { ClusterScope } from '@/lib/clusters/scope';
import { incidentInCluster } from '@/lib/db/scope';
import type { IncidentMark, OpenIncidents } from './types';

export async function openIncidents(scope?: ClusterScope): Promise<OpenIncidents> {
  const scoped = incidentInCluster(Prisma.sql`incident`, scope);
  const [counts, newest] = await Promise.all([
    db.$queryRaw<{ severity: IncidentSeverity; count: number }[]>`
      SELECT severity::text AS severity, count(*)::int AS count FROM incident
      WHERE state IN ('open', 'acknowledged') AND ${scoped} GROUP BY severity`,
    db.$queryRaw<{ id: number; title: string; severity: IncidentSeverity; state: IncidentState; opened_at: Date }[]>`
      SELECT id, title, severity::text AS severity, state::text AS state, opened_at FROM incident
      WHERE state IN ('open', 'acknowledged') AND ${scoped} ORDER BY opened_at DESC, id DESC LIMIT 5`,
  ]);
  const bySeverity = { page: 0, ticket: 0 };
  for (const row of counts) bySeverity[row.severity] = row.count;
  return {
    open: bySeverity.page + bySeverity.ticket,
    bySeverity,
    newest: newest.map((row) => ({
      id: row.id,
      title: row.title,
      severity: row.severity,
      state: row.state,
      openedAt: row.opened_at.toISOString(),
    })),
  };
}

/** The newest incidents opened within the range, oldest first: the marks on the fleet chart. */
export async function incidentsOpenedIn(
  range: { from: Date; to: Date },
  scope?: ClusterScope,
  limit = 100,
): Promise<IncidentMark[]> {
  const rows = await db.$queryRaw<{ id: number; title: string; severity: IncidentSeverity; opened_at: Date }[]>`
    SELECT id, title, severity::text AS severity, opened_at FROM incident
    WHERE opened_at >= ${range.from}::timestamptz AND opened_at < ${range.to}::timestamptz
      AND ${incidentInCluster(Prisma.sql`incident`, scope)}
    ORDER BY opened_at DESC, id DESC LIMIT ${limit}`;
  return rows.reverse().map((row) => ({
    id: row.id,
    title: row.title,
    severity: row.severity,
    openedAt: row.opened_at.toISOString(),
  }));
}
