// What every source (simulator, Prometheus + dcgm-exporter, Kubernetes, Slurm) produces. The worker's
// collector turns these records into rows; it never needs to know which source it reads.
import type {
  FaultKind,
  JobEventKind,
  JobKind,
  JobState,
  NodeState,
  PricingClass,
  SchedulerKind,
} from '@/lib/domain/enums';

export interface GpuInfo {
  index: number;
  uuid: string;
  model: string;
  memoryMib: number;
}

export interface NodeInfo {
  hostname: string;
  pool: string;
  gpus: GpuInfo[];
}

export interface PoolInfo {
  name: string;
  gpuModel: string;
  pricingClass: PricingClass;
  gpusPerNode: number;
  desiredNodes: number;
}

export interface Topology {
  cluster: { name: string; scheduler: SchedulerKind; region?: string };
  pools: PoolInfo[];
  nodes: NodeInfo[];
  teams: { name: string; projects: string[] }[];
}

/** One GPU's readings for one whole minute (ts is the minute's start, UTC, seconds = 0). */
export interface GpuSampleRecord {
  uuid: string;
  ts: Date;
  /** DCGM_FI_DEV_GPU_UTIL, percent 0..100. */
  util: number;
  /** DCGM_FI_PROF_SM_ACTIVE, ratio 0..1, null where profiling metrics are not collected. */
  smActive: number | null;
  /** DCGM_FI_PROF_PIPE_TENSOR_ACTIVE, ratio 0..1. */
  tensorActive: number | null;
  fbUsedMib: number;
  powerW: number;
  tempC: number;
  /** Last XID seen in the minute (DCGM_FI_DEV_XID_ERRORS), 0 for none. */
  xid: number;
  eccSbe: number;
  eccDbe: number;
  throttled: boolean;
  /** The job that held the GPU in that minute, by its external id. */
  jobExternalId: string | null;
}

export interface NodeStatusRecord {
  hostname: string;
  state: NodeState;
  reason: string | null;
  since: Date;
}

export interface JobRecord {
  externalId: string;
  name: string;
  kind: JobKind;
  team: string;
  project: string;
  owner: string | null;
  state: JobState;
  gpusRequested: number;
  submittedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  restartCount: number;
  lastCheckpointAt: Date | null;
  step: number | null;
  tokensPerSecond: number | null;
  replicas: number | null;
  desiredReplicas: number | null;
  /** GPUs the job holds at the snapshot's time. */
  gpuUuids: string[];
}

export interface JobEventRecord {
  jobExternalId: string;
  at: Date;
  kind: JobEventKind;
  message: string;
  data?: Record<string, unknown>;
}

export interface CheckpointRecord {
  jobExternalId: string;
  at: Date;
  step: number;
  sizeGib: number | null;
}

export interface FaultRecord {
  hostname: string;
  gpuUuid: string | null;
  at: Date;
  kind: FaultKind;
  /** The XID number when kind = 'xid'. */
  code: number | null;
  fatal: boolean;
  message: string;
}

/** What a source saw in (from, to]: samples for each whole minute in the window, states as of `to`. */
export interface Snapshot {
  at: Date;
  samples: GpuSampleRecord[];
  nodes: NodeStatusRecord[];
  jobs: JobRecord[];
  events: JobEventRecord[];
  checkpoints: CheckpointRecord[];
  faults: FaultRecord[];
}

export interface Source {
  readonly name: string;
  topology(): Promise<Topology>;
  /**
   * Reads the window (from, to]. Throws SourceError when the source cannot be read. With sampleEveryMinutes = n,
   * samples are emitted only for minutes whose epoch-minute index is divisible by n (default 1), and each one
   * stands for its n minutes: rates and power are their mean, as dcgm-exporter averages over its interval.
   */
  collect(from: Date, to: Date, options?: { sampleEveryMinutes?: number }): Promise<Snapshot>;
}

export class SourceError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'unauthorized' | 'timeout' | 'bad_response',
  ) {
    super(message);
  }
}
