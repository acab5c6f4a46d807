// Health-rule incidents for degraded jobs (DOMAIN.md "Job health": a straggler, or thermal throttling): a ticket
// while a running job stays degraded, resolved when it is healthy again or has ended. Failed and stalled jobs and
// faulty nodes are raised by automatic recovery (lib/recovery/engine.ts), which also resolves them.
import 'server-only';
import { db } from '@/lib/db';
import { incidentSeverity } from '@/lib/domain/severity';
import { clearIncident, raiseIncident } from './signals';

const keyOf = (jobId: number) => `job:${jobId}:degraded`;

/** Opens and resolves degraded-job tickets as of `now`. Returns the notifications written, for the worker to queue. */
export async function syncDegradedIncidents(now: Date): Promise<bigint[]> {
  const notificationIds: bigint[] = [];
  // What it hurts is the GPUs the rule fired on (a throttled GPU, a straggler), recorded with the degraded event.
  const opened = await db.$queryRaw<
    { id: number; name: string; reason: string | null; since: Date | null; gpu_ids: number[] | null }[]
  >`
    SELECT j.id, j.name, j.health_reason AS reason, j.health_since AS since,
           (SELECT array(SELECT jsonb_array_elements_text(e.data->'gpuIds')::int) FROM job_event e
            WHERE e.job_id = j.id AND e.kind = 'degraded' ORDER BY e.at DESC, e.id DESC LIMIT 1) AS gpu_ids
    FROM job j
    WHERE j.state = 'running' AND j.health = 'degraded'
      AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.key = 'job:' || j.id || ':degraded' AND i.state <> 'resolved')`;
  for (const job of opened) {
    const raised = await db.$transaction((tx) =>
      raiseIncident(tx, {
        key: keyOf(job.id),
        title: `${job.name} degraded`,
        ...incidentSeverity({ what: 'degraded' }),
        source: 'health_rule',
        message: `Detected: ${job.name} is degraded${job.reason ? `: ${job.reason}` : ''}`,
        summary: job.reason ?? undefined,
        jobId: job.id,
        gpuIds: job.gpu_ids ?? [],
        faultAt: job.since ?? now,
        at: now,
      }),
    );
    notificationIds.push(...raised.notificationIds);
  }
  const over = await db.$queryRaw<{ key: string; name: string; state: string; health: string }[]>`
    SELECT i.key, j.name, j.state::text AS state, j.health::text AS health FROM incident i JOIN job j ON j.id = i.job_id
    WHERE i.key LIKE 'job:%:degraded' AND i.state <> 'resolved' AND (j.state <> 'running' OR j.health <> 'degraded')`;
  for (const row of over) {
    const message =
      row.state === 'running'
        ? `${row.name} is ${row.health} again`
        : `${row.name} has ${row.state}; no longer degraded`;
    const cleared = await db.$transaction((tx) => clearIncident(tx, row.key, { message, at: now }));
    notificationIds.push(...(cleared?.notificationIds ?? []));
  }
  return notificationIds;
}
