import 'server-only';
import { db } from '@/lib/db';
import { clusterNames } from '@/lib/clusters/config';
import { staleLimitSeconds } from '@/lib/domain/readings';
import { env } from '@/lib/env';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  uptimeSeconds: number;
  database: { reachable: boolean; latencyMs: number | null; error?: string };
  worker: { lastHeartbeat: string | null; ageSeconds: number | null; running: number };
  data: { source: string | null; dataUntil: string | null; lagSeconds: number | null; lastError: string | null };
}

const seconds = (from: Date | null, now: number) => (from ? Math.round((now - from.getTime()) / 1000) : null);

/**
 * Process up, database reachable, the worker's last heartbeat and how far the data lags behind now: the data of the
 * cluster furthest behind, and none at all while any watched cluster has not been read yet.
 */
export async function getHealth(): Promise<HealthReport> {
  const started = performance.now();
  const uptimeSeconds = Math.round(process.uptime());
  try {
    const [beats, sources] = await Promise.all([
      db.$queryRaw<{ beat_at: Date | null; running: number }[]>`
        SELECT max(beat_at) AS beat_at, count(*) FILTER (WHERE beat_at > now() - interval '30 seconds')::int AS running
        FROM worker_heartbeat`,
      db.$queryRaw<
        {
          name: string;
          data_until: Date | null;
          last_error: string | null;
          last_error_at: Date | null;
          last_success_at: Date | null;
          lag_seconds: number;
        }[]
      >`
        SELECT w.name, d.data_until, d.last_error, d.last_error_at, d.last_success_at, coalesce(d.lag_seconds, 0) AS lag_seconds
        FROM unnest(${clusterNames()}::text[]) AS w(name) LEFT JOIN data_source d ON d.name = w.name
        ORDER BY d.data_until ASC NULLS FIRST LIMIT 1`,
    ]);
    const latencyMs = Math.round(performance.now() - started);
    const now = Date.now();
    const beat = beats[0]?.beat_at ?? null;
    const source = sources[0];
    const failing = source?.last_error_at && (!source.last_success_at || source.last_error_at > source.last_success_at);
    const lagSeconds = seconds(source?.data_until ?? null, now);
    const workerAge = seconds(beat, now);
    const stale =
      lagSeconds === null || lagSeconds > staleLimitSeconds(env().FLEET_STALE_AFTER_SECONDS, source?.lag_seconds ?? 0);
    return {
      status: workerAge === null || workerAge > 30 || stale ? 'degraded' : 'ok',
      uptimeSeconds,
      database: { reachable: true, latencyMs },
      worker: { lastHeartbeat: beat?.toISOString() ?? null, ageSeconds: workerAge, running: beats[0]?.running ?? 0 },
      data: {
        source: source?.name ?? null,
        dataUntil: source?.data_until?.toISOString() ?? null,
        lagSeconds,
        lastError: failing ? source.last_error : null,
      },
    };
  } catch (error) {
    return {
      status: 'down',
      uptimeSeconds,
      database: { reachable: false, latencyMs: null, error: (error as Error).message.split('\n').at(-1) },
      worker: { lastHeartbeat: null, ageSeconds: null, running: 0 },
      data: { source: null, dataUntil: null, lagSeconds: null, lastError: null },
    };
  }
}
