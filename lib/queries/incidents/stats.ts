// Incident statistics over a range: incidents opened per week, time to acknowledge and to recover (median and 95th
// percentile, each measured from opening, DOMAIN.md "Incidents"), and what caused them most.
import 'server-only';
import { db } from '@/lib/db';
import type { IncidentSeverity, IncidentSource } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import type { RangePreset } from '@/lib/time-range';
import { incidentsPerWeek, summarizeDurations, topCauses } from '@/lib/incidents/stats';
import { withDeadline } from '../deadline';
import { readSettings } from '@/lib/settings/org';
import { incidentFilter, teamNames } from './list';
import { INCIDENT_SOURCES } from '@/lib/domain/enums';
import type { IncidentListParams } from './params';
import type { IncidentStats } from './types';

/** Every incident of a real fleet's range fits in memory many times over; this guards against the unreal. */
const MAX_INCIDENTS = 100_000;

export function incidentStats(
  params: IncidentListParams,
  range: TimeRange & { preset?: RangePreset | null },
  now = new Date(),
): Promise<IncidentStats> {
  return withDeadline(
    (async () => {
      const [{ timeZone }, teams, rows] = await Promise.all([
        readSettings(),
        teamNames(),
        db.$queryRaw<
          {
            title: string;
            severity: IncidentSeverity;
            source: IncidentSource;
            labels: unknown;
            opened_at: Date;
            acknowledged_at: Date | null;
            resolved_at: Date | null;
            recovery_cause: string | null;
          }[]
        >`
          SELECT i.title, i.severity::text AS severity, i.source::text AS source, i.labels, i.opened_at,
                 i.acknowledged_at, i.resolved_at,
                 (SELECT cause FROM recovery r WHERE r.incident_id = i.id ORDER BY r.detected_at, r.id LIMIT 1)
                   AS recovery_cause
          FROM incident i LEFT JOIN job j ON j.id = i.job_id LEFT JOIN team t ON t.id = j.team_id
          WHERE ${incidentFilter(params, range)}
          LIMIT ${MAX_INCIDENTS}`,
      ]);
      const since = (at: Date | null, opened: Date) => (at ? [at.getTime() - opened.getTime()] : []);
      const bySource = INCIDENT_SOURCES.map((source) => ({
        source,
        count: rows.filter((row) => row.source === source).length,
      }))
        .filter((row) => row.count > 0)
        .sort((a, b) => b.count - a.count);
      return {
        generatedAt: now.toISOString(),
        timeZone,
        range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset ?? null },
        params,
        total: rows.length,
        bySeverity: {
          page: rows.filter((row) => row.severity === 'page').length,
          ticket: rows.filter((row) => row.severity === 'ticket').length,
        },
        weeks: incidentsPerWeek(
          rows.map((row) => ({ openedAt: row.opened_at, severity: row.severity })),
          range,
          timeZone,
        ),
        timeToAcknowledge: summarizeDurations(rows.flatMap((row) => since(row.acknowledged_at, row.opened_at))),
        // A reopened incident is not recovered until it is resolved again: only resolved ones count.
        timeToRecover: summarizeDurations(rows.flatMap((row) => since(row.resolved_at, row.opened_at))),
        bySource,
        topCauses: topCauses(rows.map((row) => ({ ...row, recoveryCause: row.recovery_cause }))),
        teams,
      };
    })(),
  );
}
