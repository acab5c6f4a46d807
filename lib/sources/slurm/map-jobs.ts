// Slurm jobs as the console's jobs: who owns them and who pays, their state and why, and the GPUs each holds on
// each node (GRES IDX). Team is the Slurm account; project is the job's wckey, else `project=` in its comment,
// else the account. `kind=` in the comment sets the kind (training unless it says fine_tuning, evaluation or
// inference).
import type { JobKind, JobState } from '@/lib/domain/enums';
import { NO_TRAINING_PROGRESS, type GpuClaim, type JobRecord } from '@/lib/sources/types';
import type { SlurmJob } from './read';
import { detailGpuIndices, tresGpus } from './text';
import { slurmWait } from './wait';

/** The team of a job submitted without an account (a cluster without accounting). */
export const NO_ACCOUNT = 'no-account';

const KINDS: readonly JobKind[] = ['training', 'fine_tuning', 'evaluation', 'inference'];
const FAILED = new Set(['FAILED', 'TIMEOUT', 'NODE_FAIL', 'BOOT_FAIL', 'OUT_OF_MEMORY', 'DEADLINE', 'SPECIAL_EXIT']);
const REQUEUED = new Set(['REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED']);
/** Words v0.0.38 may write alone for a job whose base state it does not show, and what they mean for it. */
const STILL_RUNNING = new Set(['STOPPED', 'SIGNALING', 'RESIZING', 'STAGE_OUT', 'UPDATE_DB']);
const NOT_STARTED = new Set(['CONFIGURING', 'POWER_UP_NODE', 'RESV_DEL_HOLD']);

/**
 * `1234`, an array task `1234_7`, a component of a heterogeneous job `1234+1`: as squeue names them, and as
 * scancel and scontrol take them. Null for the tasks of an array not started yet, which Slurm keeps as one record
 * (`1234_[8-99]`): they become jobs as they start.
 */
export function jobExternalId(job: SlurmJob): string | null {
  if (job.arrayJobId !== null) {
    return job.arrayTaskId === null ? null : `${job.arrayJobId}_${job.arrayTaskId}`;
  }
  if (job.hetJobId !== null && job.hetJobOffset !== null) return `${job.hetJobId}+${job.hetJobOffset}`;
  return String(job.jobId);
}

/** `key=value` words of a job's comment, e.g. `project=llm kind=fine_tuning`. */
export function commentTags(comment: string): Record<string, string> {
  return Object.fromEntries(
    [...comment.matchAll(/(?:^|[\s,;])(\w+)=([\w.-]+)/g)].map((m) => [m[1].toLowerCase(), m[2]]),
  );
}

export function jobState(job: SlurmJob): JobState {
  const [base] = job.state;
  const has = (words: Set<string>) => job.state.some((word) => words.has(word));
  if (base === 'COMPLETED') return 'succeeded';
  if (base === 'CANCELLED' || base === 'PREEMPTED' || base === 'REVOKED') return 'cancelled';
  if (FAILED.has(base)) return 'failed';
  if (has(REQUEUED)) return 'recovering';
  if (base === 'PENDING' || base === 'SUSPENDED' || NOT_STARTED.has(base)) {
    return job.restarts > 0 ? 'recovering' : 'pending';
  }
  // v0.0.38 says COMPLETING alone, also for a job being requeued: one that has restarted may be restarting again.
  if (base === 'COMPLETING') return job.restarts > 0 ? 'recovering' : 'running';
  if (base === 'RUNNING' || STILL_RUNNING.has(base)) return 'running';
  return 'pending';
}

const ended = (state: JobState) => state === 'succeeded' || state === 'failed' || state === 'cancelled';

/** Why a job waits or how it ended, in Slurm's words: `NonZeroExitCode, exit code 3`, `TIMEOUT`, `Resources`. */
export function stateReason(job: SlurmJob, state: JobState): string | null {
  const [base] = job.state;
  const reason = job.stateReason && job.stateReason !== 'None' ? job.stateReason : '';
  if (state === 'running') return null;
  if (state === 'pending' || state === 'recovering') {
    const waiting = reason || (state === 'recovering' ? 'requeued' : 'queued');
    return job.restarts > 0 ? `${waiting} (restarted ${job.restarts}×)` : waiting;
  }
  const parts = [base === 'FAILED' || base === 'COMPLETED' || base === 'CANCELLED' ? '' : base, reason];
  if (job.exitSignal) parts.push(`signal ${job.exitSignal}`);
  else if (job.exitCode) parts.push(`exit code ${job.exitCode}`);
  const said = [...new Set(parts.filter(Boolean))].join(', ');
  return said || null;
}

/** GPUs a job asked for: per job, per node × nodes, or per task × tasks, whichever its request says. */
export function requestedGpus(job: SlurmJob): number {
  const perJob = tresGpus(job.tresPerJob);
  if (perJob !== null) return perJob;
  const perNode = tresGpus(job.tresPerNode);
  if (perNode !== null) return perNode * Math.max(1, job.nodeCount ?? job.nodes.length);
  const perTask = tresGpus(job.tresPerTask);
  if (perTask !== null) return perTask * Math.max(1, job.tasks ?? 1);
  return tresGpus(job.tresReqStr) ?? 0;
}

/** The GPUs a running job holds on each node, by index where Slurm names them (its GRES detail). */
export function jobClaims(job: SlurmJob, externalId: string): GpuClaim[] {
  const claims: GpuClaim[] = [];
  const perNode = job.nodes.length ? requestedGpus(job) / job.nodes.length : 0;
  job.nodes.forEach((hostname, i) => {
    const detail = job.gresDetail[i];
    const indices = detail ? detailGpuIndices(detail) : [];
    if (indices.length) claims.push({ jobExternalId: externalId, hostname, count: indices.length, indices, pod: null });
    else if (perNode >= 1) {
      claims.push({ jobExternalId: externalId, hostname, count: Math.round(perNode), indices: null, pod: null });
    }
  });
  return claims;
}

export function jobRecord(job: SlurmJob, now: Date): { record: JobRecord; claims: GpuClaim[] } | null {
  const externalId = jobExternalId(job);
  if (!externalId) return null;
  const state = jobState(job);
  const claims = state === 'running' ? jobClaims(job, externalId) : [];
  const held = claims.reduce((sum, claim) => sum + claim.count, 0);
  const gpus = held || requestedGpus(job);
  if (gpus === 0) return null;
  const tags = commentTags(job.comment);
  const team = job.account || NO_ACCOUNT;
  const kind = tags.kind?.toLowerCase().replace('-', '_') as JobKind | undefined;
  const started = job.startTime && job.startTime <= now ? job.startTime : null;
  return {
    record: {
      externalId,
      name: job.name || externalId,
      kind: kind && KINDS.includes(kind) ? kind : 'training',
      team,
      project: job.wckey || tags.project || team,
      owner: job.user,
      state,
      gpusRequested: gpus,
      submittedAt: job.submitTime ?? now,
      // A pending job's start_time is Slurm's estimate of when it will start.
      startedAt: state === 'running' || ended(state) ? started : null,
      endedAt: ended(state) ? (job.endTime ?? now) : null,
      restartCount: job.restarts,
      ...NO_TRAINING_PROGRESS,
      gpuUuids: [],
      stateReason: stateReason(job, state),
      wait: state === 'pending' ? slurmWait(job) : null,
      partition: job.partition || null,
    },
    claims,
  };
}
