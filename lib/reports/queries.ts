// What the weekly report reads besides costs: SLO attainment, incidents and recovery, checkpoint cadence.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import { incidentInCluster } from '@/lib/db/scope';
import type { SloKind } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import type { IncidentSeverity, IncidentState } from '@/lib/domain/enums';

export interface SloAttainment {
  name: string;
  kind: SloKind;
  target: number;
  /** The SLI over the week; null where the console does not measure it yet. */
  attainment: number | null;
  /** The share of the week's minutes the source covered (DOMAIN.md Coverage); null where not measured. */
  coverage: number | null;
}

/**
 * GPU availability over the week = healthy GPU-minutes / provisioned GPU-minutes (DOMAIN.md Availability SLOs),
 * from the fleet rollup, with the share of the week the source covered (the mean over its minutes of covered GPUs
 * / known GPUs). Job goodput and inference availability are not measured yet: null, shown as such.
 */
export async function sloAttainment(range: TimeRange): Promise<SloAttainment[]> {
  const [slos, [minutes]] = await Promise.all([
    db.slo.findMany({ where: { enabled: true }, orderBy: { id: 'asc' } }),
    db.$queryRaw<{ healthy: number | null; provisioned: number | null; covered: number | null }[]>`
      SELECT sum(healthy)::float8 AS healthy, sum(provisioned)::float8 AS provisioned, sum(covered) AS covered
      FROM (
        SELECT sum(healthy_gpus) AS healthy, sum(provisioned_gpus) AS provisioned,
               sum(provisioned_gpus)::float8 / nullif(sum(provisioned_gpus + silent_gpus), 0) AS covered
        FROM pool_minute WHERE ts >= ${range.from} AND ts < ${range.to} GROUP BY ts
      ) m`,
  ]);
  const availability = minutes.provisioned ? (minutes.healthy ?? 0) / minutes.provisioned : null;
  const windowMinutes = (range.to.getTime() - range.from.getTime()) / 60_000;
  const coverage = windowMinutes > 0 ? Math.min(1, (minutes.covered ?? 0) / windowMinutes) : null;
  return slos.map((slo) => ({
    name: slo.name,
    kind: slo.kind,
    target: slo.target,
    attainment: slo.kind === 'gpu_availability' ? availability : null,
    coverage: slo.kind === 'gpu_availability' ? coverage : null,
  }));
}

export interface WeekIncident {
  id: number;
  title: string;
  severity: IncidentSeverity;
  state: IncidentState;
  openedAt: string;
  resolvedAt: string | null;
  /** Time to recover: from opening to resolution (DOMAIN.md Incidents); null while unresolved. */
  timeToRecoverMs: number | null;
}

export async function incidentsOpened(range: TimeRange, scope?: ClusterScope): Promise<WeekIncident[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      title: string;
      severity: IncidentSeverity;
      state: IncidentState;
      opened_at: Date;
      resolved_at: Date | null;
    }[]
  >`
    SELECT i.id, i.title, i.severity::text AS severity, i.state::text AS state, i.opened_at, i.resolved_at
    FROM incident i
    WHERE i.opened_at >= ${range.from}::timestamptz AND i.opened_at < ${range.to}::timestamptz
      AND ${incidentInCluster(Prisma.sql`i`, scope)}
    ORDER BY i.opened_at, i.id`;
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    severity: row.severity,
    state: row.state,
    openedAt: row.opened_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    timeToRecoverMs: row.resolved_at ? row.resolved_at.getTime() - row.opened_at.getTime() : null,
  }));
}

/** Mean minutes between a job's checkpoints in the window, for jobs with two or more. */
export async function checkpointIntervals(range: TimeRange): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ job_id: number; minutes: number }[]>`
    SELECT job_id, date_part('epoch', max(at) - min(at)) / 60 / (count(*) - 1) AS minutes
    FROM checkpoint WHERE at >= ${range.from} AND at < ${range.to}
    GROUP BY job_id HAVING count(*) > 1`;
  return new Map(rows.map((row) => [row.job_id, row.minutes]));
}
