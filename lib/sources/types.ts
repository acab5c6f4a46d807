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
  WaitReason,
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

/**
 * One GPU's readings for one whole minute, or for the period of n minutes it stands for. `ts` is the period's end
 * (UTC, seconds = 0): the time the reading is as of, as a Prometheus range query point at t holds (t - 1m, t].
 */
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
  /** DCGM_FI_DEV_FB_FREE and DCGM_FI_DEV_FB_RESERVED, MiB, where the source gives them. */
  fbFreeMib?: number | null;
  fbReservedMib?: number | null;
  /** DCGM_FI_DEV_POWER_USAGE, watts, as precise as the source gives it. */
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
  /** Changes when the machine restarts (Kubernetes: status.nodeInfo.bootID); a restart clears a fatal GPU fault. */
  bootId?: string | null;
  /** What took a down node down, for the fault recorded when a scheduler reports it down (default: node_lost). */
  downFault?: FaultKind;
  /** What the scheduler and GPU health tools report on the node (conditions, taints, labels), for its page. */
  signals?: NodeSignal[];
}

/** One health signal on a node: a condition, a taint, a label, or its allocatable GPUs. */
export interface NodeSignal {
  kind: 'condition' | 'taint' | 'label' | 'gpus' | 'validator';
  name: string;
  /** Whether it says something is wrong with the node. */
  problem: boolean;
  message: string | null;
  since: Date | null;
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
  /**
   * The scheduler's words for a state other than running (why a job waits, how it ended: Slurm's reason and exit
   * code), shown as the job's health reason; the evaluator gives a running job its own.
   */
  stateReason?: string | null;
  /** A pending job: why it waits, as its scheduler says. Null or absent where the source cannot tell. */
  wait?: JobWait | null;
  /**
   * Where it was submitted to run, in its scheduler's words: Slurm's partition (a pending job may name several,
   * `gpu,debug`; a running one the one it runs in), a Kueue LocalQueue, the simulator's pools. Null or absent
   * where the source has no such thing (Prometheus alone).
   */
  partition?: string | null;
  /** The job this one resumes (a run resubmitted after it failed, from its checkpoint), where the source knows. */
  resumes?: string | null;
}

/**
 * The training progress and elastic replicas of a job whose source cannot see them: only the training framework
 * reports checkpoints, steps and throughput, and only an elastic controller its replicas.
 */
export const NO_TRAINING_PROGRESS = {
  lastCheckpointAt: null,
  step: null,
  tokensPerSecond: null,
  replicas: null,
  desiredReplicas: null,
} as const satisfies Partial<JobRecord>;

/**
 * Why a pending job waits. Each source maps its scheduler's own words: Slurm's `reason` field (Resources,
 * Priority, QOS/association limits, ReqNodeNotAvail, Dependency), Kubernetes' PodScheduled condition message
 * ("Insufficient nvidia.com/gpu", "node(s) were unschedulable") and quota events, the simulator's queue.
 */
export interface JobWait {
  reason: WaitReason;
  /** The scheduler's own sentence: "needs 4 whole nodes of h800-reserved; 1 is free". */
  detail: string;
  /** 1-based place in the queue, where the scheduler has one. */
  position: number | null;
  /** When it last entered the queue (its submission, or an eviction). */
  since: Date;
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
  /** When the write finished. */
  at: Date;
  step: number;
  sizeGib: number | null;
  /** Seconds the write held training up (the time before `at`), where the framework reports it. */
  durationSeconds?: number | null;
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
  /**
   * How far behind the clock the newest reading is in normal operation (a source read after its scrapes land);
   * 0 when absent. Freshness allows for it before calling the data stale.
   */
  readonly expectedLagMs?: number;
  topology(): Promise<Topology>;
  /**
   * Reads the window (from, to]. Throws SourceError when the source cannot be read. With sampleEveryMinutes = n,
   * samples are emitted only for minutes whose epoch-minute index is divisible by n (default 1), and each one
   * stands for the n minutes up to its ts: rates and power are their mean, as dcgm-exporter averages over its
   * interval. Samples come in time order, all of one ts before the next; a minute with no sample for a GPU is
   * one the source did not cover (unknown), unless the node's state says why.
   */
  collect(from: Date, to: Date, options?: { sampleEveryMinutes?: number }): Promise<Snapshot>;
}

/**
 * A GPU as a metrics source (dcgm-exporter through Prometheus) names it: its real UUID, where it sits, and who its
 * labels say holds it.
 */
export interface GpuSighting {
  uuid: string;
  hostname: string;
  index: number;
  model: string;
  /** `namespace/pod` from dcgm-exporter's pod labels (Kubernetes), or null. */
  pod: string | null;
  /** dcgm-exporter's `hpc_job` label, the job its HPC job mapping names (Slurm), or null. */
  hpcJob: string | null;
}

/** GPUs a job holds on one node, as its scheduler placed them. */
export interface GpuClaim {
  jobExternalId: string;
  hostname: string;
  count: number;
  /** Their indices on the node where the scheduler knows them (Slurm's GRES `IDX`); null where not (Kubernetes). */
  indices: number[] | null;
  /** The pod holding them, `namespace/pod` (Kubernetes), or null. */
  pod: string | null;
}

/**
 * What a scheduler (Kubernetes, Slurm) knows, read at one time: the cluster's shape (GPU UUIDs may be
 * placeholders: a scheduler rarely knows them), node states, jobs (their `gpuUuids` left empty: the claims say
 * where they run) and what happened since the last read.
 */
export interface SchedulerSnapshot {
  topology: Topology;
  nodes: NodeStatusRecord[];
  jobs: JobRecord[];
  claims: GpuClaim[];
  events: JobEventRecord[];
  checkpoints: CheckpointRecord[];
  faults: FaultRecord[];
  /**
   * Other ids a job goes by → its external id: Slurm's own numeric id of an array task (`1240` for `1234_7`) or of
   * a heterogeneous component, which is what a Slurm prolog writes for dcgm-exporter's `hpc_job` label.
   */
  jobAliases?: ReadonlyMap<string, string>;
}

/** A scheduler, read by the composition of lib/sources/compose (docs/architecture.md, "Sources"). */
export interface SchedulerSource {
  readonly name: string;
  /** The scheduler as of now; `since` is the previous read's time (null on the first), for what happened since. */
  read(since: Date | null): Promise<SchedulerSnapshot>;
}

/** A source of per-GPU readings (Prometheus + dcgm-exporter) that a composition charges to the scheduler's jobs. */
export interface GpuReadingsSource extends Source {
  /**
   * Names the job each sample belongs to, from what its labels say and the minute it stands for; set by the
   * composition before it reads.
   */
  chargeWith(charge: (gpu: GpuSighting, at: Date) => string | null): void;
  /** The GPUs that reported in the last period read, by UUID. */
  sightings(): ReadonlyMap<string, GpuSighting>;
}

export class SourceError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'unauthorized' | 'timeout' | 'bad_response',
  ) {
    super(message);
  }
}
