// Jobs across scheduler reads: the events of each change a scheduler shows only as a new state (started, failed,
// restarted…), and the end of a job the scheduler stopped listing (deleted), which it cannot report itself.
import type { JobEventKind, JobState } from '@/lib/domain/enums';
import type { JobEventRecord, JobRecord } from '@/lib/sources/types';
import { formatGpus } from '@/lib/domain/units';
import { MINUTE_MS } from '@/lib/domain/time';

/** A job missing from this many reads in a row, over at least this long, is gone (a restart recreates within it). */
const MISSING_READS = 2;
const MISSING_MS = MINUTE_MS;

const EVENT_OF_STATE: Partial<Record<JobState, JobEventKind>> = {
  running: 'started',
  failed: 'failed',
  succeeded: 'succeeded',
  cancelled: 'cancelled',
};

interface Tracked {
  record: JobRecord;
  missingReads: number;
  missingSince: number | null;
}

export class JobLedger {
  private readonly tracked = new Map<string, Tracked>();
  private primed = false;

  /**
   * The jobs to record: those listed, those missing for less than the grace (as last seen, so their GPUs are not
   * released and taken back), and a last record for each job that is gone; with the events of what changed.
   */
  update(listed: readonly JobRecord[], now: Date): { jobs: JobRecord[]; events: JobEventRecord[] } {
    const events: JobEventRecord[] = [];
    const jobs: JobRecord[] = [];
    const seen = new Set<string>();
    for (const job of listed) {
      seen.add(job.externalId);
      const before = this.tracked.get(job.externalId)?.record;
      if (this.primed) events.push(...changes(before, job, now));
      this.tracked.set(job.externalId, { record: job, missingReads: 0, missingSince: null });
      jobs.push(job);
    }
    for (const [id, tracked] of this.tracked) {
      if (seen.has(id)) continue;
      tracked.missingReads += 1;
      tracked.missingSince ??= now.getTime();
      const gone = tracked.missingReads >= MISSING_READS && now.getTime() - tracked.missingSince >= MISSING_MS;
      if (!gone) {
        jobs.push(tracked.record);
        continue;
      }
      this.tracked.delete(id);
      const { record } = tracked;
      if (record.state === 'succeeded' || record.state === 'failed' || record.state === 'cancelled') continue;
      const endedAt = new Date(tracked.missingSince);
      jobs.push({ ...record, state: 'cancelled', endedAt, gpuUuids: [] });
      events.push({
        jobExternalId: id,
        at: endedAt,
        kind: 'cancelled',
        message: 'Deleted: no longer listed by the scheduler',
      });
    }
    this.primed = true;
    return { jobs, events };
  }
}

function changes(before: JobRecord | undefined, job: JobRecord, now: Date): JobEventRecord[] {
  const events: JobEventRecord[] = [];
  const event = (kind: JobEventKind, at: Date | null, message: string) =>
    events.push({ jobExternalId: job.externalId, at: at ?? now, kind, message });
  if (!before) event('submitted', job.submittedAt, `Submitted: ${formatGpus(job.gpusRequested)} requested`);
  if (before && job.restartCount > before.restartCount) {
    event('restarted', now, `Restarted (${job.restartCount} restart${job.restartCount === 1 ? '' : 's'} so far)`);
  }
  const kind = EVENT_OF_STATE[job.state];
  if (kind && before?.state !== job.state) {
    const at = job.state === 'running' ? job.startedAt : job.endedAt;
    const said = job.state !== 'running' && job.stateReason ? `: ${job.stateReason}` : '';
    event(kind, at, `${job.state[0].toUpperCase()}${job.state.slice(1)}${said}`);
  }
  return events;
}
