// How fresh the data is: the stalest of the watched clusters' sources, its last success and error, and the worker's
// heartbeat.
import 'server-only';
import { db } from '@/lib/db';
import { clusterNames } from '@/lib/clusters/config';
import type { ClusterScope } from '@/lib/clusters/scope';
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
      beat_at: Date | null;
    }[]
  >`
    SELECT s.name, s.kind, s.data_until, s.last_success_at, s.last_error_at, s.last_error,
           (SELECT max(beat_at) FROM worker_heartbeat) AS beat_at
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT * FROM data_source WHERE enabled AND name = ANY(${names})
      ORDER BY data_until ASC NULLS FIRST LIMIT 1
    ) s ON true`;
  const row = rows[0];
  const staleAfterSeconds = env().FLEET_STALE_AFTER_SECONDS;
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
