// How fresh the data is: the stalest of the watched clusters' sources, its last success and error, and the worker's
// heartbeat.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { clusterNames } from '@/lib/clusters/config';
import type { ClusterScope } from '@/lib/clusters/scope';
import { staleLimitSeconds } from '@/lib/domain/readings';
import { env } from '@/lib/env';
import type { Freshness } from './types';

const iso = (at: Date | null | undefined) => (at ? at.toISOString() : null);
const ageSeconds = (at: Date | null, now: Date) =>
  at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null;

/** How fresh one cluster's data is, or, for every cluster, the stalest one's. */
export async function freshnessOf(now: Date, scope?: ClusterScope): Promise<Freshness> {
  const names = scope?.cluster ? [scope.cluster] : clusterNames();
  const rows = await db.$queryRaw<
    {
      name: string | null;
      kind: string | null;
      data_until: Date | null;
      last_success_at: Date | null;
      last_error_at: Date | null;
      last_error: string | null;
      lag_seconds: number | null;
      beat_at: Date | null;
    }[]
  >`
    SELECT s.name, s.kind, s.data_until, s.last_success_at, s.last_error_at, s.last_error, s.lag_seconds,
           (SELECT max(beat_at) FROM worker_heartbeat) AS beat_at
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT * FROM data_source WHERE enabled AND name = ANY(${names})
      ORDER BY data_until ASC NULLS FIRST LIMIT 1
    ) s ON true`;
  const row = rows[0];
  const staleAfterSeconds = staleLimitSeconds(env().FLEET_STALE_AFTER_SECONDS, row?.lag_seconds ?? 0);
  const lagSeconds = ageSeconds(row?.data_until ?? null, now);
  const failing = Boolean(row?.last_error_at && (!row.last_success_at || row.last_error_at > row.last_success_at));
  return {
    source: row?.kind ?? null,
    cluster: row?.name ?? null,
    clusterCount: clusterNames().length,
    dataUntil: iso(row?.data_until),
    lastSuccessAt: iso(row?.last_success_at),
    lastError: row?.last_error ?? null,
    lastErrorAt: iso(row?.last_error_at),
    failing,
    stale: lagSeconds === null || lagSeconds > staleAfterSeconds,
    staleAfterSeconds,
    lagSeconds,
    workerBeatAt: iso(row?.beat_at),
    workerAgeSeconds: ageSeconds(row?.beat_at ?? null, now),
  };
}

/**
 * SQL true for a node (alias n) whose GPUs have all stopped reporting: none read within the stale limit of its
 * cluster's source (FLEET_STALE_AFTER_SECONDS beyond the source's normal lag) before `now`.
 */
export function nodeSilentSql(now: Date): Prisma.Sql {
  return Prisma.sql`(EXISTS (SELECT 1 FROM gpu g WHERE g.node_id = n.id AND g.retired_at IS NULL)
    AND NOT EXISTS (
      SELECT 1 FROM gpu g JOIN gpu_latest l ON l.gpu_id = g.id
      WHERE g.node_id = n.id AND g.retired_at IS NULL
        AND l.ts >= ${now}::timestamptz - make_interval(secs => ${env().FLEET_STALE_AFTER_SECONDS} + coalesce((
          SELECT d.lag_seconds FROM data_source d JOIN cluster c ON c.name = d.name WHERE c.id = n.cluster_id), 0))))`;
}
