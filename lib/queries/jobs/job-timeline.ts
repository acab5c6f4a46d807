// Events, checkpoints and restarts in the range on one timeline, newest first. A source that reports a
// checkpoint both as a row and as an event shows it once.
import 'server-only';
import { db } from '@/lib/db';
import type { JobEventKind } from '@/lib/domain/enums';
import type { JobTimeline, TimelineEntry } from './types';

/** The list shows the newest ones; the strip above it shows every checkpoint. */
export const TIMELINE_LIMIT = 200;

interface EntryRow {
  type: 'event' | 'checkpoint';
  at: Date;
  kind: JobEventKind | null;
  message: string | null;
  step: bigint | null;
  size_gib: number | null;
}

export async function jobTimeline(jobId: number, { from, to }: { from: Date; to: Date }): Promise<JobTimeline> {
  const [entries, counts, checkpoints] = await Promise.all([
    db.$queryRaw<EntryRow[]>`
      SELECT 'event' AS type, e.at, e.kind::text AS kind, e.message, NULL::bigint AS step, NULL::float8 AS size_gib
      FROM job_event e
      WHERE e.job_id = ${jobId} AND e.at >= ${from}::timestamptz AND e.at < ${to}::timestamptz
        AND NOT (e.kind = 'checkpoint' AND EXISTS (SELECT 1 FROM checkpoint c WHERE c.job_id = e.job_id AND c.at = e.at))
      UNION ALL
      SELECT 'checkpoint', c.at, NULL, NULL, c.step, c.size_gib
      FROM checkpoint c
      WHERE c.job_id = ${jobId} AND c.at >= ${from}::timestamptz AND c.at < ${to}::timestamptz
      ORDER BY at DESC, type
      LIMIT ${TIMELINE_LIMIT}`,
    db.$queryRaw<{ kind: JobEventKind; count: number }[]>`
      SELECT kind::text AS kind, count(*)::int AS count FROM job_event e
      WHERE e.job_id = ${jobId} AND e.at >= ${from}::timestamptz AND e.at < ${to}::timestamptz
        AND NOT (e.kind = 'checkpoint' AND EXISTS (SELECT 1 FROM checkpoint c WHERE c.job_id = e.job_id AND c.at = e.at))
      GROUP BY kind`,
    db.$queryRaw<{ at: Date }[]>`
      SELECT at FROM checkpoint
      WHERE job_id = ${jobId} AND at >= ${from}::timestamptz AND at < ${to}::timestamptz ORDER BY at`,
  ]);
  const count = (kind: JobEventKind) => counts.find((row) => row.kind === kind)?.count ?? 0;
  const events = counts.reduce((sum, row) => sum + row.count, 0);
  return {
    entries: entries.map((row): TimelineEntry =>
      row.type === 'checkpoint'
        ? { type: 'checkpoint', at: row.at.toISOString(), step: Number(row.step), sizeGib: row.size_gib }
        : { type: 'event', at: row.at.toISOString(), kind: row.kind!, message: row.message },
    ),
    checkpointTimes: checkpoints.map((row) => row.at.getTime()),
    total: events + checkpoints.length,
    counts: {
      events,
      checkpoints: checkpoints.length + count('checkpoint'),
      restarts: count('restart_requested'),
      failures: count('failed'),
    },
  };
}
