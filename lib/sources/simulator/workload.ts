// The users: they submit work at a rate that keeps the cluster about as busy as real ones are (demand is steered
// towards ~90% of usable GPUs, more in working hours), and resubmit what failed and nobody restarted.
import type { JobKind } from '@/lib/domain/enums';
import { checkpointGib, EVAL_SUITES, FINE_TUNES, MODELS, ownerOf, SERVICES } from './catalog';
import { hash32 } from './random';
import type { SimJob } from './state';
import { GPUS_PER_NODE, RESERVED_POOL, SPOT_POOL } from './topology';
import { gpusRequested, type World } from './world';
import { formatGpus } from '@/lib/domain/units';

const PREFIX: Record<JobKind, string> = { training: 'train', fine_tuning: 'ft', evaluation: 'eval', inference: 'svc' };
const PRIORITY: Record<JobKind, number> = { inference: 30, training: 20, fine_tuning: 8, evaluation: 0 };
/**
 * Demand (running plus queued GPUs) users keep up, as a share of usable GPUs: in working hours a little more
 * than fits, so a queue forms; at night less, so allocation ebbs.
 */
const DAY_DEMAND = 1.04;
const NIGHT_DEMAND = 0.8;

function newJob(w: World, kind: JobKind, name: string, team: string, project: string, at: number): SimJob {
  const serial = w.state.nextSerial++;
  return {
    serial,
    externalId: `${PREFIX[kind]}-${String(serial).padStart(5, '0')}`,
    name,
    kind,
    team,
    project,
    owner: ownerOf(team, hash32(w.seed, 0x0ae, serial, 0)),
    model: '',
    pools: [RESERVED_POOL],
    priority: PRIORITY[kind],
    state: 'pending',
    gpusPerReplica: 1,
    desiredReplicas: 1,
    gpus: [],
    submittedAt: at,
    startedAt: null,
    endedAt: null,
    restartCount: 0,
    workMinutes: null,
    progress: 0,
    checkpointProgress: 0,
    checkpointCount: 0,
    lastCheckpointAt: null,
    checkpointEvery: 0,
    checkpointSizeGib: null,
    stepOffset: 0,
    stepsPerMinute: 0,
    tokensPerGpuSecond: 0,
    baseUtil: 90,
    memFraction: 0.5,
    peakHour: 0,
    hungSince: null,
    watchdogAt: null,
    straggler: null,
    resumeAt: null,
    loadingUntil: 0,
    checkpointMinute: -1,
    resubmitAt: null,
    supersededBy: null,
    attempt: 1,
  };
}

function submit(w: World, job: SimJob, at: number, message?: string) {
  w.addJob(job);
  w.event(job, at, 'submitted', message ?? `Submitted by ${job.owner}: ${formatGpus(gpusRequested(job))}`, {
    gpus: gpusRequested(job),
  });
}

/** The size of the pre-training run is a property of the seed: 256, 384 or 512 GPUs. */
export function pretrainGpus(seed: number, gpuCount: number): number {
  const size = [256, 384, 512][hash32(seed, 0x9e7, 0, 0) % 3];
  return Math.min(size, Math.floor((gpuCount * 0.5) / GPUS_PER_NODE) * GPUS_PER_NODE);
}

export function submitPretrain(w: World, m: number): SimJob {
  const rng = w.rng;
  const gpus = pretrainGpus(w.seed, w.layout.gpuCount);
  const model = gpus >= 384 ? MODELS['70b'] : MODELS['34b'];
  const generation = ++w.state.pretrainGeneration;
  const job = newJob(
    w,
    'training',
    `pretrain-${model.name}-v${generation}`,
    'foundation-models',
    'pretrain-llm',
    m * 60_000,
  );
  job.model = model.name;
  job.gpusPerReplica = gpus;
  job.workMinutes = rng.int(6, 11) * 1440;
  job.checkpointEvery = 30;
  job.checkpointSizeGib = checkpointGib(model);
  job.tokensPerGpuSecond = Math.round(model.tokensPerGpuSecond * rng.range(0.95, 1.05));
  job.stepsPerMinute = (gpus * job.tokensPerGpuSecond * 60) / model.batchTokens;
  job.baseUtil = rng.range(91, 96);
  job.memFraction = 0.96;
  submit(w, job, m * 60_000);
  return job;
}

export function submitFineTune(w: World, m: number): SimJob {
  const rng = w.rng;
  const spec = rng.weighted(FINE_TUNES);
  const model = MODELS[spec.model];
  const gpus = rng.pick(spec.gpus);
  const job = newJob(
    w,
    'fine_tuning',
    `${spec.prefix}-${model.name}-${w.state.nextSerial}`,
    spec.team,
    spec.project,
    m * 60_000,
  );
  job.model = model.name;
  job.gpusPerReplica = gpus;
  job.workMinutes = rng.int(90, 540);
  job.checkpointEvery = rng.pick([20, 30, 45, 60]);
  job.checkpointSizeGib = checkpointGib(model);
  job.tokensPerGpuSecond = Math.round(model.tokensPerGpuSecond * rng.range(0.9, 1.1));
  job.stepsPerMinute = (gpus * job.tokensPerGpuSecond * 60) / (model.batchTokens / 4);
  job.baseUtil = rng.range(84, 95);
  job.memFraction = rng.range(0.7, 0.93);
  job.pools = rng.chance(0.5) ? [SPOT_POOL, RESERVED_POOL] : [RESERVED_POOL, SPOT_POOL];
  submit(w, job, m * 60_000);
  return job;
}

export interface EvalOptions {
  model: string;
  step: number;
  gpus?: number;
}

export function submitEval(w: World, m: number, options?: EvalOptions): SimJob {
  const rng = w.rng;
  const spec = rng.weighted(EVAL_SUITES);
  const target = options ? `${options.model}-step-${options.step}` : rng.pick(['llm-8b', 'llm-34b', 'llm-70b']);
  const gpus =
    options?.gpus ??
    rng.weighted([
      [1, 3],
      [2, 2],
      [4, 3],
      [8, 2],
    ] as const);
  const job = newJob(w, 'evaluation', `eval-${spec.suite}-${target}`, spec.team, spec.project, m * 60_000);
  job.model = options?.model ?? target;
  job.gpusPerReplica = gpus;
  job.workMinutes = rng.int(5, 60);
  job.memFraction = rng.range(0.25, 0.8);
  job.pools = rng.chance(0.6) ? [SPOT_POOL, RESERVED_POOL] : [RESERVED_POOL, SPOT_POOL];
  submit(w, job, m * 60_000);
  return job;
}

export function createServices(w: World, at: number) {
  for (const spec of SERVICES) {
    const job = newJob(w, 'inference', spec.name, spec.team, spec.project, at - w.rng.int(10, 60) * 86_400_000);
    job.gpusPerReplica = spec.gpusPerReplica;
    job.desiredReplicas = spec.replicas;
    job.peakHour = spec.peakHour;
    job.startedAt = job.submittedAt + 300_000;
    w.addJob(job);
  }
}

/** A failed job nobody restarted comes back as a new job that starts from its last checkpoint. */
function resubmit(w: World, failed: SimJob, m: number) {
  const at = m * 60_000;
  const job = newJob(w, failed.kind, failed.name, failed.team, failed.project, at);
  const base = failed.name.replace(/-r\d+$/, '');
  job.attempt = failed.attempt + 1;
  job.name = `${base}-r${job.attempt}`;
  job.model = failed.model;
  job.pools = failed.pools;
  job.gpusPerReplica = failed.gpusPerReplica;
  job.desiredReplicas = failed.desiredReplicas;
  job.peakHour = failed.peakHour;
  job.workMinutes = failed.workMinutes === null ? null : Math.max(5, failed.workMinutes - failed.checkpointProgress);
  job.checkpointEvery = failed.checkpointEvery;
  job.checkpointSizeGib = failed.checkpointSizeGib;
  job.stepOffset = failed.stepOffset + Math.floor(failed.checkpointProgress * failed.stepsPerMinute);
  job.stepsPerMinute = failed.stepsPerMinute;
  job.tokensPerGpuSecond = failed.tokensPerGpuSecond;
  job.baseUtil = failed.baseUtil;
  job.memFraction = failed.memFraction;
  failed.supersededBy = job.externalId;
  job.resumes = failed.externalId;
  failed.resubmitAt = null;
  submit(w, job, at, `Resubmitted by ${job.owner} after ${failed.externalId} failed`);
}

export function arrivals(w: World, m: number) {
  const rng = w.rng;
  let demand = 0;
  let pretrainActive = false;
  for (const job of w.state.finished) {
    if (job.resubmitAt === null) continue;
    if (m >= job.resubmitAt) resubmit(w, job, m);
    // A failed job about to be resubmitted still counts: its owner is not going to give its GPUs away.
    else demand += job.desiredReplicas * job.gpusPerReplica;
    if (job.kind === 'training') pretrainActive = true;
  }
  for (const job of w.state.jobs) {
    if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') continue;
    demand += job.desiredReplicas * job.gpusPerReplica;
    if (job.kind === 'training') pretrainActive = true;
  }
  let usable = 0;
  for (let n = 0; n < w.layout.nodeCount; n++)
    if (w.state.nodes[n].condition === 'ok' && !w.state.nodes[n].cordoned) usable += GPUS_PER_NODE;
  const hour = ((((m + (w.state.clockPhase ?? 0)) % 1440) + 1440) % 1440) / 60;
  const working = hour >= 7 && hour < 19 ? 1 : 0.55;
  const deficit = (working === 1 ? DAY_DEMAND : NIGHT_DEMAND) * usable - demand;
  if (!pretrainActive && rng.chance(0.02)) submitPretrain(w, m);
  // Rates are per minute for 1,024 GPUs; a larger cluster has proportionally more users.
  const scale = Math.max(1, w.layout.gpuCount / 1024);
  if (deficit > 0) {
    if (rng.chance(Math.min(0.3 * scale, deficit / 500) * working)) submitFineTune(w, m);
    if (rng.chance(Math.min(0.5 * scale, 0.01 + deficit / 200) * working)) submitEval(w, m);
  } else if (rng.chance(0.004)) {
    submitEval(w, m);
  }
}
