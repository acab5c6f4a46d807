// Every data source the worker has read or tried to: when it last answered, how far its data reaches, and the
// error that stopped it, so an operator can tell "the cluster is quiet" from "we cannot see the cluster".
import 'server-only';
import { db } from '@/lib/db';
import { clusters } from '@/lib/clusters/config';
import { staleLimitSeconds } from '@/lib/domain/readings';
import { env } from '@/lib/env';
import { withDeadline } from './deadline';

export interface SourceStatus {
  /** The cluster's name. */
  name: string;
  /** simulator, prometheus, kubernetes or slurm. */
  kind: string;
  enabled: boolean;
  /** The source the worker is configured to collect from. */
  active: boolean;
  dataUntil: string | null;
  lagSeconds: number | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  /** It answers, but the slow way (a Kubernetes watch down): why, and since when; null while all is well. */
  warning: string | null;
  warningSince: string | null;
  status: 'ok' | 'stale' | 'failing' | 'never';
}

export function listSources(now = new Date()): Promise<SourceStatus[]> {
  return withDeadline(readSources(now));
}

async function readSources(now: Date): Promise<SourceStatus[]> {
  const rows = await db.$queryRaw<
    {
      name: string;
      kind: string;
      enabled: boolean;
      data_until: Date | null;
      last_success_at: Date | null;
      last_error_at: Date | null;
      last_error: string | null;
      lag_seconds: number;
      warning: string | null;
      warning_since: Date | null;
    }[]
  >`SELECT name, kind, enabled, data_until, last_success_at, last_error_at, last_error, lag_seconds, warning,
      warning_since
    FROM data_source ORDER BY name`;
  const staleAfter = env().FLEET_STALE_AFTER_SECONDS;
  const watched = clusters();
  for (const cluster of [...watched].reverse()) {
    if (rows.some((row) => row.name === cluster.name)) continue;
    rows.unshift({
      name: cluster.name,
      kind: cluster.env.FLEET_SOURCE,
      enabled: true,
      data_until: null,
      last_success_at: null,
      last_error_at: null,
      last_error: null,
      lag_seconds: 0,
      warning: null,
      warning_since: null,
    });
  }
  return rows.map((row) => {
    const lagSeconds = row.data_until
      ? Math.max(0, Math.round((now.getTime() - row.data_until.getTime()) / 1000))
      : null;
    const failing = Boolean(row.last_error_at && (!row.last_success_at || row.last_error_at > row.last_success_at));
    return {
      name: row.name,
      kind: row.kind,
      enabled: row.enabled,
      active: watched.some((cluster) => cluster.name === row.name),
      dataUntil: row.data_until?.toISOString() ?? null,
      lagSeconds,
      lastSuccessAt: row.last_success_at?.toISOString() ?? null,
      lastErrorAt: row.last_error_at?.toISOString() ?? null,
      lastError: row.last_error,
      warning: row.warning,
      warningSince: row.warning_since?.toISOString() ?? null,
      status: failing
        ? 'failing'
        : lagSeconds === null
          ? 'never'
          : lagSeconds > staleLimitSeconds(staleAfter, row.lag_seconds)
            ? 'stale'
            : 'ok',
    };
  });
}
