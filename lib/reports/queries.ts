// What the weekly report reads besides costs: SLO attainment, incidents and recovery, checkpoint cadence.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import { incidentInCluster, poolInCluster } from '@/lib/db/scope';
import type { SloKind } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import type { IncidentSeverity, IncidentState } from '@/lib/domain/enums';

export interface SloAttainment {
  name: string;
  kind: SloKind;
  target: number;
  /** The cluster whose figures it reads; null (or absent, in reports kept before) for the whole organisation. */
  cluster?: string | null;
  /** The SLI over the week; null where the console does not measure it yet. */
  attainment: number | null;
  /** The share of the week's minutes the source covered (DOMAIN.md Coverage); null where not measured. */
  coverage: number | null;
}

/** GPU availability over the range of one cluster's pools, or of every pool, and the share of it covered. */
async function availabilityOver(range: TimeRange, scope: ClusterScope) {
  const [minutes] = await db.$queryRaw<
    { healthy: number | null; provisioned: number | null; covered: number | null }[]
  >`
    SELECT sum(healthy)::float8 AS healthy, sum(provisioned)::float8 AS provisioned, sum(covered) AS covered
    FROM (
      SELECT sum(healthy_gpus) AS healthy, sum(provisioned_gpus) AS provisioned,
             sum(provisioned_gpus)::float8 / nullif(sum(provisioned_gpus + silent_gpus), 0) AS covered
      FROM pool_minute WHERE ts >= ${range.from} AND ts < ${range.to} AND ${poolInCluster(Prisma.sql`pool_id`, scope)}
      GROUP BY ts
    ) m`;
  const windowMinutes = (range.to.getTime() - range.from.getTime()) / 60_000;
  return {
    availability: minutes.provisioned ? (minutes.healthy ?? 0) / minutes.provisioned : null,
    coverage: windowMinutes > 0 ? Math.min(1, (minutes.covered ?? 0) / windowMinutes) : null,
  };
}

/**
 * GPU availability over the week = healthy GPU-minutes / provisioned GPU-minutes (DOMAIN.md Availability SLOs),
 * from the fleet rollup of the SLO's cluster (or of every cluster for the organisation's), with the share of the
 * week the source covered (the mean over its minutes of covered GPUs / known GPUs). Job goodput and inference
 * availability are not measured yet: null, shown as such. A cluster's report has its SLOs and the organisation's.
 */
export async function sloAttainment(range: TimeRange, scope: ClusterScope = ALL_CLUSTERS): Promise<SloAttainment[]> {
  const slos = await db.slo.findMany({
    where: {
      enabled: true,
      ...(scope.cluster ? { OR: [{ clusterId: null }, { cluster: { name: scope.cluster } }] } : {}),
    },
    include: { cluster: true },
    orderBy: { id: 'asc' },
  });
  const clusters = [
    ...new Set(slos.filter((slo) => slo.kind === 'gpu_availability').map((slo) => slo.cluster?.name ?? null)),
  ];
  const measured = new Map(
    await Promise.all(clusters.map(async (cluster) => [cluster, await availabilityOver(range, { cluster })] as const)),
  );
  return slos.map((slo) => {
    const figures = slo.kind === 'gpu_availability' ? measured.get(slo.cluster?.name ?? null) : undefined;
    return {
      name: slo.name,
      kind: slo.kind,
      target: slo.target,
      cluster: slo.cluster?.name ?? null,
      attainment: figures?.availability ?? null,
      coverage: figures?.coverage ?? null,
    };
  });
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
