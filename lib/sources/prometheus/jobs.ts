// Jobs from pod labels, for a cluster the console reads through Prometheus alone: each pod seen on GPUs is a
// running job `<namespace>/<pod>` (team and project: the namespace), so allocations and costs work. It knows no
// more than the labels say: every pod is a training job, and one that stops appearing ended (shown as
// succeeded). A Kubernetes source, when there is one, supplies the real jobs instead.
import { NO_TRAINING_PROGRESS, type JobEventRecord, type JobRecord } from '@/lib/sources/types';
import type { GpuIdentity } from './labels';
import { MINUTE_MS } from '@/lib/domain/time';

/** A GPU or a pod that stops reporting is held this long before it counts as gone (a missed scrape is not an end). */
export const GRACE_MS = 2 * MINUTE_MS;

interface Holding {
  jobId: string;
  lastSeen: number;
}

interface PodJob {
  externalId: string;
  namespace: string;
  pod: string;
  startedAt: Date;
  gpus: Set<string>;
  lastGpuCount: number;
  emptySince: number | null;
}

export interface KnownPodJob {
  externalId: string;
  startedAt: Date | null;
  gpuUuids: string[];
}

function splitId(externalId: string) {
  const slash = externalId.indexOf('/');
  return { namespace: externalId.slice(0, slash), pod: externalId.slice(slash + 1) };
}

export class PodJobs {
  private readonly jobs = new Map<string, PodJob>();
  private readonly holders = new Map<string, Holding>();
  private ended: JobRecord[] = [];
  private events: JobEventRecord[] = [];

  /**
   * `known`: pod jobs the console holds as running and the GPUs they hold, as of `asOf`, so a restarted worker
   * keeps their start and allocations and notices their end.
   */
  constructor(known: KnownPodJob[] = [], asOf = new Date()) {
    for (const held of known) {
      if (!held.externalId.includes('/')) continue;
      const job = this.newJob(held.externalId, held.startedAt ?? asOf);
      for (const uuid of held.gpuUuids) {
        job.gpus.add(uuid);
        this.holders.set(uuid, { jobId: job.externalId, lastSeen: asOf.getTime() });
      }
      job.lastGpuCount = job.gpus.size;
      this.jobs.set(job.externalId, job);
    }
  }

  private newJob(externalId: string, startedAt: Date): PodJob {
    const { namespace, pod } = splitId(externalId);
    return { externalId, namespace, pod, startedAt, gpus: new Set(), lastGpuCount: 0, emptySince: null };
  }

  /** Notes who held each reporting GPU in the period [start, end). */
  observe(start: Date, end: Date, present: ReadonlyMap<string, GpuIdentity>) {
    const now = end.getTime();
    for (const [uuid, id] of present) {
      const holding = this.holders.get(uuid);
      if (holding && holding.jobId !== id.jobExternalId) this.release(uuid, holding);
      if (!id.jobExternalId) continue;
      let job = this.jobs.get(id.jobExternalId);
      if (!job) {
        this.jobs.set(id.jobExternalId, (job = this.newJob(id.jobExternalId, start)));
        this.events.push({
          jobExternalId: job.externalId,
          at: start,
          kind: 'started',
          message: `Pod ${job.pod} seen on GPUs of ${id.hostname}`,
        });
      }
      job.gpus.add(uuid);
      this.holders.set(uuid, { jobId: job.externalId, lastSeen: now });
    }
    for (const [uuid, holding] of this.holders) {
      if (!present.has(uuid) && now - holding.lastSeen >= GRACE_MS) this.release(uuid, holding);
    }
    for (const job of this.jobs.values()) {
      if (job.gpus.size) {
        job.lastGpuCount = job.gpus.size;
        job.emptySince = null;
      } else if (job.emptySince === null) {
        job.emptySince = now;
      } else if (now - job.emptySince >= GRACE_MS) {
        this.end(job, new Date(job.emptySince));
      }
    }
  }

  private release(uuid: string, holding: Holding) {
    this.holders.delete(uuid);
    this.jobs.get(holding.jobId)?.gpus.delete(uuid);
  }

  private end(job: PodJob, at: Date) {
    this.jobs.delete(job.externalId);
    this.ended.push({ ...this.record(job), state: 'succeeded', endedAt: at, gpuUuids: [] });
    this.events.push({
      jobExternalId: job.externalId,
      at,
      kind: 'succeeded',
      message: `Pod ${job.pod} no longer seen on any GPU`,
    });
  }

  private record(job: PodJob): JobRecord {
    return {
      externalId: job.externalId,
      name: job.pod,
      kind: 'training',
      team: job.namespace,
      project: job.namespace,
      owner: null,
      state: 'running',
      gpusRequested: job.gpus.size || job.lastGpuCount,
      submittedAt: job.startedAt,
      startedAt: job.startedAt,
      endedAt: null,
      restartCount: 0,
      ...NO_TRAINING_PROGRESS,
      gpuUuids: [...job.gpus].sort(),
      // Pod labels name no queue or partition.
      partition: null,
    };
  }

  /** The running jobs, and the ended jobs and events since the last call. */
  take(): { jobs: JobRecord[]; events: JobEventRecord[] } {
    const jobs = [...[...this.jobs.values()].map((job) => this.record(job)), ...this.ended];
    const events = this.events;
    this.ended = [];
    this.events = [];
    return { jobs, events };
  }
}
