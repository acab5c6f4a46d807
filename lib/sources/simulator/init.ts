// A cluster already in full swing at the start time: the services up, the pre-training run a few days in,
// fine-tunes and evaluations filling most of the rest. Nothing before the start time is reported.
import { Rng } from './random';
import { schedule } from './scheduler';
import { STATE_VERSION, type SimJob, type SimNode, type SimState } from './state';
import { GPUS_PER_NODE, poolSizes } from './topology';
import { createServices, submitEval, submitFineTune, submitPretrain } from './workload';
import { gpusRequested, isEnded, minuteOf, type World } from './world';

const INITIAL_DEMAND = 0.86;
const FAR_PAST = -1e9;

export function initialState(seed: number, nodeCount: number, startTime: number): SimState {
  const gpus = nodeCount * GPUS_PER_NODE;
  const fill = <T>(value: T) => new Array<T>(gpus).fill(value);
  const node = (): SimNode => ({
    condition: 'ok',
    cordoned: false,
    draining: false,
    drainDoneAt: null,
    conditionUntil: null,
    repairAt: null,
    reason: null,
    adminReason: null,
    retiring: false,
    rebootFails: false,
    reported: 'ready',
    reportedReason: null,
    since: startTime,
  });
  return {
    version: STATE_VERSION,
    seed,
    nodeCount,
    startTime,
    rng: Rng.fromSeed(seed).state(),
    time: startTime,
    minute: minuteOf(startTime),
    nextSerial: 1,
    pretrainGeneration: 0,
    commandSeq: 0,
    schedulerDirty: true,
    jobs: [],
    finished: [],
    nodes: Array.from({ length: nodeCount }, node),
    poolDesired: poolSizes(nodeCount),
    gpu: {
      fault: fill(0),
      lastXid: fill(0),
      lastXidMinute: fill(FAR_PAST),
      eccSbe: fill(0),
      eccDbe: fill(0),
      heatBoost: fill(0),
      heatBoostUntil: fill(FAR_PAST),
      throttledAt: fill(FAR_PAST),
      heatTemp: fill(0),
      heatMinute: fill(FAR_PAST),
    },
    boostedGpus: [],
    commands: [],
    outbox: { events: [], checkpoints: [], faults: [], endedJobs: [] },
  };
}

/** Gives a job that started before the start time the progress and checkpoints it would have by then. */
function backdate(job: SimJob, start: number, progress: number) {
  job.progress = progress;
  job.startedAt = start - progress * 60_000;
  job.submittedAt = Math.min(job.submittedAt, job.startedAt - 60_000);
  if (job.checkpointEvery > 0) {
    job.checkpointCount = Math.floor(progress / job.checkpointEvery);
    job.checkpointProgress = job.checkpointCount * job.checkpointEvery;
    job.lastCheckpointAt = job.checkpointCount > 0 ? job.startedAt + job.checkpointProgress * 60_000 : null;
  }
}

export function populate(w: World) {
  const s = w.state;
  const start = s.time;
  const m0 = s.minute;
  const rng = w.rng;
  createServices(w, start);
  const pretrain = submitPretrain(w, m0);
  pretrain.submittedAt = start - 7 * 86_400_000;
  schedule(w, m0);
  backdate(pretrain, start, Math.min(rng.int(1440, 5 * 1440), pretrain.workMinutes! - 2 * 1440));
  for (let i = 0; i < 400; i++) {
    const demand = s.jobs.reduce((sum, job) => sum + (isEnded(job.state) ? 0 : gpusRequested(job)), 0);
    if (demand >= INITIAL_DEMAND * w.layout.gpuCount) break;
    const job = rng.chance(0.55) ? submitFineTune(w, m0) : submitEval(w, m0);
    const progress = Math.floor(rng.next() * job.workMinutes! * 0.9);
    job.submittedAt = start - rng.int(1, 60) * 60_000;
    schedule(w, m0);
    if (job.state === 'running') backdate(job, start, progress);
  }
  // Steady at the start: nothing loading, no temperatures still settling, no history before the window.
  for (const job of s.jobs) job.loadingUntil = 0;
  s.gpu.heatMinute.fill(FAR_PAST);
  s.outbox = { events: [], checkpoints: [], faults: [], endedJobs: [] };
  s.schedulerDirty = true;
}
