// A job's life: it runs and checkpoints, and now and then it fails, straggles or is cancelled. Hardware and
// infrastructure interruptions (faults.ts) strike GPUs at the published rate; here are the job's own troubles:
// its owner's bugs, stragglers, cancellation. Rates are per running job-minute and grow with the job's size.
import { FAILURE_REASONS } from './catalog';
import { hash01 } from './random';
import type { OutEvent, SimJob } from './state';
import { submitEval, submitPretrain } from './workload';
import { gpusRequested, MINUTE_MS, minuteAtOrAfter, minuteOf, type World } from './world';

/** Failures of the owner's making (out of memory, a bad data shard) in fine-tunes and evaluations. */
const FAIL_PER_FINE_TUNE_MINUTE = 1.5e-5;
const FAIL_PER_EVAL_MINUTE = 3e-5;
const STRAGGLE_PER_JOB_MINUTE = 1.5e-5;
const STRAGGLE_PER_GPU_MINUTE = 5e-7;
const CANCEL_PER_EVAL_MINUTE = 6e-5;
const CANCEL_PER_FINE_TUNE_MINUTE = 1.5e-5;
/** Progress rate of a synchronous job held back by one slow GPU. */
const STRAGGLING_RATE = 0.45;
/** A lemon node's GPUs run slow: a synchronous job holding one goes at this pace, and straggles more often. */
const LEMON_PACE = 0.85;
const LEMON_STRAGGLE = 8;
/**
 * Minutes a failed training or fine-tuning job's GPUs are held for its restart (scheduler.ts): the console restarts
 * it well within them, and work queued behind it cannot take its place meanwhile.
 */
const RESERVED_FOR_RESTART_MINUTES = 5;
/** Checkpoints are written by every GPU at once, at about 1 GiB/s each, up to what the storage takes. */
const CHECKPOINT_GIB_PER_GPU_SECOND = 1;
const STORAGE_GIB_PER_SECOND = 40;

const lemonPositions = new WeakMap<readonly number[], number>();

/** Where in the job's GPU list a GPU of a lemon node sits, or -1. */
function lemonPosition(w: World, job: SimJob): number {
  let pos = lemonPositions.get(job.gpus);
  if (pos === undefined) {
    pos = job.gpus.findIndex((g) => w.layout.lemon[w.nodeOfGpu(g)] === 1);
    lemonPositions.set(job.gpus, pos);
  }
  return pos;
}

/** The job's pace this minute as a share of its healthy one: a straggler or a lemon holds a synchronous job back. */
export function paceOf(w: World, job: SimJob): number {
  if (job.kind === 'evaluation' || job.kind === 'inference') return 1;
  if (job.straggler) return STRAGGLING_RATE;
  return lemonPosition(w, job) >= 0 ? LEMON_PACE : 1;
}

/** Seconds a checkpoint holds training up while it is written. */
function checkpointWriteSeconds(job: SimJob): number {
  if (!job.checkpointSizeGib) return 0;
  const rate = Math.min(job.gpus.length * CHECKPOINT_GIB_PER_GPU_SECOND, STORAGE_GIB_PER_SECOND);
  return Math.min(50, Math.max(4, Math.round(job.checkpointSizeGib / Math.max(rate, 1))));
}

export function currentStep(job: SimJob, progress = job.progress): number | null {
  if (job.kind !== 'training' && job.kind !== 'fine_tuning') return null;
  return job.stepOffset + Math.floor(progress * job.stepsPerMinute);
}

export function updateJobs(w: World, m: number) {
  const jobs = w.state.jobs;
  const count = jobs.length; // jobs submitted during the pass wait for the next minute
  for (let i = 0; i < count; i++) {
    const job = jobs[i];
    if (job.state === 'running') {
      if (job.kind !== 'inference') advanceRunning(w, job, m);
    } else if (job.state === 'recovering') {
      if (job.resumeAt !== null && m >= job.resumeAt) {
        if (job.gpus.length === gpusRequested(job)) resume(w, job, m);
        else awaitGpus(w, job, m);
      }
    } else if (job.state === 'pending') {
      loseFaith(w, job, m);
    }
  }
}

function advanceRunning(w: World, job: SimJob, m: number) {
  const now = m * 60_000;
  if (job.hungSince !== null) {
    // Frameworks kill a hung collective eventually; until then the job just sits there.
    if (job.watchdogAt !== null && m >= job.watchdogAt) {
      fail(w, job, now, 'NCCL watchdog timeout: a collective operation did not complete (the job hung)', {
        reason: 'watchdog',
      });
    }
    return;
  }
  if (m < job.loadingUntil) return;
  if (job.straggler && m >= job.straggler.until) job.straggler = null;
  job.progress += paceOf(w, job);
  if (job.checkpointEvery > 0 && job.progress - job.checkpointProgress >= job.checkpointEvery) checkpoint(w, job, m);
  if (job.workMinutes !== null && job.progress >= job.workMinutes) return succeed(w, job, m);
  drawHazards(w, job, m);
}

function drawHazards(w: World, job: SimJob, m: number) {
  const gpus = job.gpus.length;
  const synchronous = job.kind !== 'evaluation';
  const pFail =
    job.kind === 'evaluation' ? FAIL_PER_EVAL_MINUTE : job.kind === 'fine_tuning' ? FAIL_PER_FINE_TUNE_MINUTE : 0;
  const lemon = lemonPosition(w, job);
  const pStraggle =
    synchronous && gpus > 1 && !job.straggler
      ? (STRAGGLE_PER_JOB_MINUTE + STRAGGLE_PER_GPU_MINUTE * gpus) * (lemon >= 0 ? LEMON_STRAGGLE : 1)
      : 0;
  const pCancel =
    job.kind === 'evaluation' ? CANCEL_PER_EVAL_MINUTE : job.kind === 'fine_tuning' ? CANCEL_PER_FINE_TUNE_MINUTE : 0;
  let r = w.rng.next();
  if (r < pFail) return fail(w, job, m * 60_000, w.rng.pick(FAILURE_REASONS), { reason: 'application' });
  if ((r -= pFail) < pStraggle) {
    const pos = lemon >= 0 ? lemon : Math.floor(w.rng.next() * gpus);
    return straggle(w, job, m, pos, w.rng.range(0.25, 0.42), w.rng.int(30, 180));
  }
  if ((r -= pStraggle) < pCancel) cancel(w, job, m * 60_000, 'Cancelled by its owner');
}

/** Users give up on evaluations, and eventually on fine-tunes, that wait too long in the queue. */
function loseFaith(w: World, job: SimJob, m: number) {
  const waited = m * 60_000 - job.submittedAt;
  if (job.kind === 'evaluation' && waited > 3 * 3_600_000 && w.rng.chance(0.002)) {
    cancel(w, job, m * 60_000, 'Cancelled by its owner after waiting over 3 h in the queue');
  } else if (job.kind === 'fine_tuning' && waited > 12 * 3_600_000 && w.rng.chance(0.0005)) {
    cancel(w, job, m * 60_000, 'Cancelled by its owner after waiting over 12 h in the queue');
  }
}

function checkpoint(w: World, job: SimJob, m: number) {
  const now = m * 60_000;
  // Writing it held training up: the minute made that much less progress.
  const seconds = checkpointWriteSeconds(job);
  job.progress = Math.max(job.checkpointProgress, job.progress - seconds / 60);
  job.checkpointProgress = job.progress;
  job.checkpointCount++;
  job.lastCheckpointAt = now;
  job.checkpointMinute = m;
  const step = currentStep(job) ?? 0;
  w.state.outbox.checkpoints.push({
    jobExternalId: job.externalId,
    at: now,
    step,
    sizeGib: job.checkpointSizeGib,
    durationSeconds: seconds,
  });
  w.event(job, now, 'checkpoint', `Checkpoint saved at step ${step}`, { step });
  // Every fourth checkpoint of a pre-training run is evaluated.
  if (job.kind === 'training' && job.checkpointCount % 4 === 0) submitEval(w, m, { model: job.model, step, gpus: 8 });
}

function succeed(w: World, job: SimJob, m: number) {
  const now = m * 60_000;
  if (job.checkpointEvery > 0 && job.checkpointProgress < job.progress) checkpoint(w, job, m);
  w.release(job, m);
  job.state = 'succeeded';
  job.endedAt = now;
  job.straggler = null;
  w.event(job, now, 'succeeded', 'Completed successfully');
  w.ended(job);
  if (job.kind === 'training') submitPretrain(w, m);
  if (job.kind === 'fine_tuning' && w.rng.chance(0.6))
    submitEval(w, m, { model: job.name, step: currentStep(job) ?? 0 });
}

export function fail(w: World, job: SimJob, at: number, message: string, data?: OutEvent['data']) {
  const m = minuteOf(at);
  if (job.kind === 'training' || job.kind === 'fine_tuning')
    w.reserve(job, job.gpus, minuteAtOrAfter(at + RESERVED_FOR_RESTART_MINUTES * MINUTE_MS));
  w.release(job, m);
  job.state = 'failed';
  job.endedAt = at;
  job.hungSince = null;
  job.watchdogAt = null;
  job.straggler = null;
  job.resumeAt = null;
  // Left failed, its owner resubmits it after a while (a training run always, an evaluation sometimes).
  const u = hash01(w.seed, 0x4e5b, job.serial, job.restartCount);
  const resubmits = job.kind !== 'evaluation' || u < 0.5;
  job.resubmitAt = resubmits ? m + 31 + Math.floor(60 * u) : null;
  w.event(job, at, 'failed', message, data);
  w.ended(job);
}

export function cancel(w: World, job: SimJob, at: number, message: string) {
  w.release(job, minuteOf(at));
  job.state = 'cancelled';
  job.endedAt = at;
  job.hungSince = null;
  job.watchdogAt = null;
  job.straggler = null;
  job.resumeAt = null;
  job.resubmitAt = null;
  w.event(job, at, 'cancelled', message);
  w.ended(job);
}

export function hang(w: World, job: SimJob, m: number, watchdogMinutes: number) {
  w.loadChanged(job, m);
  job.hungSince = m;
  job.watchdogAt = m + watchdogMinutes;
  job.straggler = null;
}

export function straggle(w: World, job: SimJob, m: number, pos: number, factor: number, minutes: number) {
  job.straggler = { pos, factor, until: m + minutes };
}

/**
 * Restarts a running, hung or failed job (commands.ts checks which) from its last checkpoint after `delayMs`.
 * GPUs on nodes that can no longer run it are given up; the scheduler finds others.
 */
export function restart(w: World, job: SimJob, at: number, delayMs: number) {
  const m = minuteOf(at);
  w.loadChanged(job, m);
  const from = currentStep(job, job.checkpointProgress);
  w.revive(job);
  job.state = 'recovering';
  job.endedAt = null;
  job.resubmitAt = null;
  job.restartCount++;
  job.progress = job.checkpointProgress;
  job.hungSince = null;
  job.watchdogAt = null;
  job.straggler = null;
  job.resumeAt = minuteAtOrAfter(at + delayMs);
  w.release(job, m, (g) => !w.schedulable(w.nodeOfGpu(g)));
  // A failed job takes back the GPUs held for it that are still free, on nodes open to work; the scheduler finds the rest.
  const kept = (job.reservedGpus ?? []).filter(
    (g) => w.schedulable(w.nodeOfGpu(g)) && w.gpuJob[g] === null && w.state.gpu.fault[g] === 0,
  );
  w.unreserve(job);
  if (kept.length > 0) w.hold(job, kept, m);
  w.state.schedulerDirty = true;
  const message = from === null ? 'Restart requested' : `Restart requested from the checkpoint at step ${from}`;
  w.event(job, at, 'restart_requested', message, { restartCount: job.restartCount });
}

export function resume(w: World, job: SimJob, m: number) {
  w.loadChanged(job, m);
  job.state = 'running';
  job.resumeAt = null;
  job.loadingUntil = m + 2;
  const step = currentStep(job);
  w.event(job, m * 60_000, 'restarted', step === null ? 'Running again' : `Running again from step ${step}`, {
    restartCount: job.restartCount,
  });
}

/**
 * Ready to run again but short of GPUs (its nodes went down and the pool is full): it goes back to the queue,
 * holding nothing, and runs again when the scheduler finds all of its GPUs. `resumeAt` stays set: the scheduler
 * keeps a restart's priority for it, and its start counts as the restart completing.
 */
function awaitGpus(w: World, job: SimJob, m: number) {
  w.release(job, m);
  job.state = 'pending';
  job.queuedAt = m * 60_000;
}

/** Evicted by a drain or a spot reclaim: a service loses the replicas on the node, other jobs go back to the queue. */
export function evict(w: World, job: SimJob, at: number, node: number, message: string) {
  const m = minuteOf(at);
  if (job.kind === 'inference') {
    w.release(job, m, (g) => w.nodeOfGpu(g) === node);
    w.event(job, at, 'preempted', message, { hostname: w.layout.hostnames[node] });
    return;
  }
  w.release(job, m);
  job.state = 'pending';
  job.queuedAt = at;
  job.progress = job.checkpointProgress;
  job.hungSince = null;
  job.watchdogAt = null;
  job.straggler = null;
  job.resumeAt = null;
  w.event(job, at, 'preempted', message, { hostname: w.layout.hostnames[node] });
}

/** What a lost node or a fatal fault does to the jobs on it: services lose replicas, others fail. */
export function killOnNode(
  w: World,
  node: number,
  at: number,
  messageFor: (job: SimJob) => string,
  data?: OutEvent['data'],
) {
  for (const job of w.jobsOnNode(node)) {
    if (job.kind === 'inference') {
      w.release(job, minuteOf(at), (g) => w.nodeOfGpu(g) === node);
      w.event(job, at, 'preempted', messageFor(job), data);
    } else {
      fail(w, job, at, messageFor(job), data);
    }
  }
}

export function scale(w: World, job: SimJob, replicas: number, at: number) {
  const from = job.desiredReplicas;
  job.desiredReplicas = replicas;
  const keep = replicas * job.gpusPerReplica;
  if (job.gpus.length > keep) {
    const extra = new Set(job.gpus.slice(keep));
    w.release(job, minuteOf(at), (g) => extra.has(g));
  }
  w.state.schedulerDirty = true;
  w.event(job, at, 'scaled', `Scaled from ${from} to ${replicas} replicas`, { from, to: replicas });
}
