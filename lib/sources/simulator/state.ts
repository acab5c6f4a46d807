// The model's whole state as plain JSON data: toJSON() saves it, fromJSON() restores it, nothing else is kept.
// Times are epoch milliseconds, or epoch minutes where a field says so.
import type { FaultKind, JobEventKind, JobKind, JobState, NodeState } from '@/lib/domain/enums';
import type { RngState } from './random';

/** 2 added pool sizes (poolDesired, retired nodes) and reboots that fail; restore.ts upgrades a version 1 state. */
export const STATE_VERSION = 2;

/**
 * The hardware side of a node; cordon and drain are the scheduler's side and sit beside it. A retired node has
 * left the fleet (its pool was scaled down) and comes back through provisioning when the pool grows again.
 */
export type NodeCondition = 'ok' | 'fault' | 'lost' | 'reclaimed' | 'rebooting' | 'provisioning' | 'retired';

export interface SimNode {
  condition: NodeCondition;
  cordoned: boolean;
  draining: boolean;
  /** Minute a drain completes: its jobs are evicted then. */
  drainDoneAt: number | null;
  /** Minute a reboot or provisioning ends, or a reclaimed spot node is replaced. */
  conditionUntil: number | null;
  /** Minute the datacentre staff repair a broken node that nobody rebooted. */
  repairAt: number | null;
  /** Why the hardware is not ok (a fault, a reboot). */
  reason: string | null;
  /** Why an operator cordoned or drained it. */
  adminReason: string | null;
  /** Draining to leave the fleet: retired when the drain completes. */
  retiring: boolean;
  /** The reboot under way will not clear the fault: the node stays down after it. */
  rebootFails: boolean;
  /** Replaced with new hardware: sound, whatever the seed made it (a lemon no more). Absent in older saves. */
  renewed?: boolean;
  reported: NodeState;
  reportedReason: string | null;
  since: number;
}

export interface Straggler {
  /** Position in the job's GPU list of the slow GPU. */
  pos: number;
  factor: number;
  /** Minute it recovers. */
  until: number;
}

export interface SimJob {
  serial: number;
  externalId: string;
  name: string;
  kind: JobKind;
  team: string;
  project: string;
  owner: string;
  model: string;
  /** Pools to try, in order of preference. */
  pools: number[];
  priority: number;
  state: JobState;
  gpusPerReplica: number;
  desiredReplicas: number;
  /** GPU indexes held; an inference service's replicas lie in consecutive runs of gpusPerReplica. */
  gpus: number[];
  submittedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  restartCount: number;
  /** Minutes of progress to finish; null runs until stopped (services). */
  workMinutes: number | null;
  progress: number;
  checkpointProgress: number;
  checkpointCount: number;
  lastCheckpointAt: number | null;
  /** Progress-minutes between checkpoints; 0 for none. */
  checkpointEvery: number;
  checkpointSizeGib: number | null;
  stepOffset: number;
  stepsPerMinute: number;
  tokensPerGpuSecond: number;
  baseUtil: number;
  memFraction: number;
  peakHour: number;
  /** Minute a hang began, and the minute the framework's watchdog kills the job. */
  hungSince: number | null;
  watchdogAt: number | null;
  straggler: Straggler | null;
  /** Minute a restart completes (state 'recovering' until then). */
  resumeAt: number | null;
  /** Until this minute the job loads its checkpoint and data: busy but not yet stepping. */
  loadingUntil: number;
  checkpointMinute: number;
  /** Minute the user resubmits it when left failed; null when they will not. */
  resubmitAt: number | null;
  supersededBy: string | null;
  /** The failed attempt this job resumes, for a resubmission. */
  resumes?: string | null;
  attempt: number;
  /** When it last entered the queue: its submission, or an eviction (absent in states saved before it was kept). */
  queuedAt?: number;
  /**
   * A failed job's allocation, held for its restart: the GPUs it released, no other job's until it restarts or the
   * minute `reservedUntil` (scheduler.ts). Absent when none is held.
   */
  reservedGpus?: number[];
  reservedUntil?: number;
}

export interface GpuState {
  /** Fatal XID holding the GPU down, 0 when healthy. */
  fault: number[];
  lastXid: number[];
  lastXidMinute: number[];
  eccSbe: number[];
  eccDbe: number[];
  /** Injected cooling trouble: extra degrees until a minute. */
  heatBoost: number[];
  heatBoostUntil: number[];
  /** Last minute the GPU was seen throttling, so one episode is reported once. */
  throttledAt: number[];
  /** The temperature when the load last changed, and the minute, for the thermal lag. */
  heatTemp: number[];
  heatMinute: number[];
}

export interface OutEvent {
  jobExternalId: string;
  at: number;
  kind: JobEventKind;
  message: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface OutCheckpoint {
  jobExternalId: string;
  at: number;
  step: number;
  sizeGib: number | null;
  /** Seconds the write held training up. */
  durationSeconds?: number;
}

export interface OutFault {
  hostname: string;
  gpuUuid: string | null;
  at: number;
  kind: FaultKind;
  code: number | null;
  fatal: boolean;
  message: string;
}

export type FaultInjectionKind =
  'hang' | 'fatal_xid' | 'job_failure' | 'node_lost' | 'straggler' | 'thermal' | 'xid_warning';

export type Command =
  | { type: 'restart'; jobId: string }
  | { type: 'cancel'; jobId: string; reason: string | null }
  | { type: 'scale'; jobId: string; replicas: number }
  | { type: 'cordon' | 'uncordon' | 'drain' | 'reboot' | 'replace'; hostname: string; reason: string | null }
  | { type: 'pool_scale'; pool: string; nodes: number }
  | { type: 'fault'; kind: FaultInjectionKind; target: string; code: number | null };

export interface QueuedCommand {
  at: number;
  seq: number;
  command: Command;
}

export interface SimState {
  version: number;
  seed: number;
  nodeCount: number;
  startTime: number;
  rng: RngState;
  /** The model's time, and the last whole minute it has simulated. */
  time: number;
  minute: number;
  /** Minutes its working-hours clock runs ahead of `time` (absent in states saved before it existed: 0). */
  clockPhase?: number;
  nextSerial: number;
  pretrainGeneration: number;
  commandSeq: number;
  schedulerDirty: boolean;
  /** Jobs not ended (an ended one stays until the end of the minute it ended in). */
  jobs: SimJob[];
  /** Ended jobs, kept a day for restarts, resubmission and reporting. */
  finished: SimJob[];
  nodes: SimNode[];
  /** Nodes each pool (in topology order) should have in the fleet; the rest of its nodes are retired. */
  poolDesired: number[];
  gpu: GpuState;
  boostedGpus: number[];
  commands: QueuedCommand[];
  outbox: { events: OutEvent[]; checkpoints: OutCheckpoint[]; faults: OutFault[]; endedJobs: string[] };
}
