// The model's state as the records every source produces. Records are shared, never changed once returned:
// a job's record is rebuilt only when something in it changes, so collects of quiet minutes cost little.
import type { JobRecord, NodeStatusRecord } from '@/lib/sources/types';
import { currentStep, paceOf } from './jobs';
import { hashNoise } from './random';
import type { SimJob } from './state';
import { POOLS } from './topology';
import type { SimWait, World } from './world';

interface Cached {
  record: JobRecord;
  gpus: number[];
  state: SimJob['state'];
  step: number | null;
  tokensPerSecond: number | null;
  restartCount: number;
  lastCheckpointAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  desiredReplicas: number;
  wait: SimWait | undefined;
}

const cache = new WeakMap<SimJob, Cached>();

function tokensPerSecond(w: World, job: SimJob, m: number): number | null {
  if (job.kind !== 'training' && job.kind !== 'fine_tuning') return null;
  if (job.state === 'recovering') return 0;
  if (job.state !== 'running') return null;
  if (job.hungSince !== null || m < job.loadingUntil) return 0;
  const rate = job.gpus.length * job.tokensPerGpuSecond * (job.baseUtil / 93) * paceOf(w, job);
  return Math.round(rate * (1 + 0.03 * hashNoise(w.seed, 0x70c, job.serial, m)));
}

/** Reuses a Date of the previous record when the time is the same. */
const dateOf = (ms: number | null, previous: Date | null | undefined) =>
  ms === null ? null : previous && previous.getTime() === ms ? previous : new Date(ms);

export function jobRecord(w: World, job: SimJob): JobRecord {
  const step = job.startedAt === null ? null : currentStep(job);
  const tps = tokensPerSecond(w, job, w.state.minute);
  const c = cache.get(job);
  if (
    c &&
    c.gpus === job.gpus &&
    c.state === job.state &&
    c.step === step &&
    c.tokensPerSecond === tps &&
    c.restartCount === job.restartCount &&
    c.lastCheckpointAt === job.lastCheckpointAt &&
    c.startedAt === job.startedAt &&
    c.endedAt === job.endedAt &&
    c.desiredReplicas === job.desiredReplicas &&
    c.wait === w.waits.get(job)
  ) {
    return c.record;
  }
  const previous = c?.record;
  const inference = job.kind === 'inference';
  const record: JobRecord = {
    externalId: job.externalId,
    name: job.name,
    kind: job.kind,
    team: job.team,
    project: job.project,
    owner: job.owner,
    state: job.state,
    gpusRequested: job.desiredReplicas * job.gpusPerReplica,
    submittedAt: dateOf(job.submittedAt, previous?.submittedAt)!,
    startedAt: dateOf(job.startedAt, previous?.startedAt),
    endedAt: dateOf(job.endedAt, previous?.endedAt),
    restartCount: job.restartCount,
    lastCheckpointAt: dateOf(job.lastCheckpointAt, previous?.lastCheckpointAt),
    step,
    tokensPerSecond: tps,
    replicas: inference ? job.gpus.length / job.gpusPerReplica : null,
    desiredReplicas: inference ? job.desiredReplicas : null,
    gpuUuids: c && c.gpus === job.gpus ? c.record.gpuUuids : job.gpus.map((g) => w.layout.uuids[g]),
    wait: waitOf(w, job),
    partition: c && c.gpus === job.gpus ? c.record.partition : partitionOf(w, job),
    ...(job.resumes ? { resumes: job.resumes } : {}),
  };
  cache.set(job, {
    record,
    gpus: job.gpus,
    state: job.state,
    step,
    tokensPerSecond: tps,
    restartCount: job.restartCount,
    lastCheckpointAt: job.lastCheckpointAt,
    startedAt: job.startedAt,
    endedAt: job.endedAt,
    desiredReplicas: job.desiredReplicas,
    wait: w.waits.get(job),
  });
  return record;
}

/**
 * The simulator's partitions are its pools: a job that holds GPUs is in the pools they lie in, one that waits in
 * those it may run in, as Slurm names a job's partitions (`h800-reserved,h800-spot`).
 */
function partitionOf(w: World, job: SimJob): string {
  const pools = job.gpus.length ? new Set(job.gpus.map((g) => w.layout.nodePool[w.nodeOfGpu(g)])) : job.pools;
  return [...pools].map((pool) => POOLS[pool].name).join(',');
}

function waitOf(w: World, job: SimJob): JobRecord['wait'] {
  const wait = w.waits.get(job);
  if (job.state !== 'pending' || !wait) return null;
  return { ...wait, since: new Date(job.queuedAt ?? job.submittedAt) };
}

export function nodeRecords(w: World): NodeStatusRecord[] {
  return w.state.nodes.map((node, n) => {
    let record = w.nodeRecords[n];
    if (!record) {
      record = {
        hostname: w.layout.hostnames[n],
        state: node.reported,
        reason: node.reportedReason,
        since: new Date(node.since),
      };
      w.nodeRecords[n] = record;
    }
    return record;
  });
}
