// The shapes of the jobs list and the job page, JSON-safe (ISO strings, numbers, null for "unknown", never a
// made-up 0). Types only: client components import them from here without pulling in server code.
import type { FaultKind, JobEventKind, JobHealth, JobState, NodeState, WaitReason } from '@/lib/domain/enums';
import type { HealthRuleId } from '@/lib/domain/health';
import type { LedgerFigures } from '@/lib/domain/ledger';
import type { XidSeverity } from '@/lib/domain/xid';
import type { JobRecord } from '@/lib/sources/types';
import type { Freshness } from '../types';
import type { RangePreset } from '@/lib/time-range';
import type { ParamIssue } from '@/lib/url-state';
import type { JobListParams } from './params';

export interface RangeInfo {
  from: string;
  to: string;
  preset: RangePreset | null;
}

/** Why a pending job waits, as its scheduler says, where it stands in the queue and since when. */
export interface JobWaitView {
  reason: WaitReason;
  detail: string | null;
  position: number | null;
  since: string;
}

/**
 * What names a job and says how it is, the same in the list and on its page: what its scheduler reports, and the
 * health the evaluator gave it.
 */
export interface JobIdentity extends Pick<
  JobRecord,
  'externalId' | 'name' | 'kind' | 'team' | 'project' | 'owner' | 'state'
> {
  id: number;
  health: JobHealth;
  healthReason: string | null;
  /** Where it was submitted to run: a Slurm partition (several, comma-separated, while it waits), a Kueue queue. */
  partition: string | null;
  /** Pending jobs: why they wait. */
  wait: JobWaitView | null;
}

export interface JobListRow extends JobIdentity {
  /** The cluster the job runs on. */
  cluster: string;
  gpus: number;
  /** Mean GPU utilization over the job's allocated GPU-time in the range (0..1); null with no data there. */
  utilization: number | null;
  submittedAt: string;
  endedAt: string | null;
  restarts: number;
  /** All its allocated time up to now, priced by the rate card; rounded to cents. */
  cost: number;
  /** GPU-hours no rate covered (priced at nothing). */
  unpricedGpuHours: number;
}

export interface FacetValue {
  value: string;
  /** Jobs with this value that the other filters let through. */
  count: number;
}

export interface JobList {
  generatedAt: string;
  range: RangeInfo;
  timeZone: string;
  freshness: Freshness;
  currency: string;
  params: JobListParams;
  issues: ParamIssue[];
  /** Jobs matching every filter. */
  total: number;
  /** The page shown: the one asked for, or the last one when that is past the end. */
  page: number;
  pageCount: number;
  rows: JobListRow[];
  facets: {
    team: FacetValue[];
    /** Projects by name, counted over every team that has one of that name. */
    project: (FacetValue & { teams: string[] })[];
    kind: FacetValue[];
    state: FacetValue[];
    health: FacetValue[];
    /** Partitions (Slurm) or queues (Kueue) by name; a waiting job counts in each it may run in. */
    partition: FacetValue[];
  };
}

export interface GpuLabel {
  gpuId: number;
  nodeId: number;
  hostname: string;
  index: number;
}

export interface HealthEvaluation {
  /** The time the evaluation stands at: the newest collected minute, as the worker uses it. */
  asOf: string;
  health: JobHealth;
  rule: HealthRuleId;
  reason: string;
  /** The GPUs the rule fired on. */
  gpus: GpuLabel[];
}

/** Per time bucket, utilization in percent (0..100), null where the bucket holds no data. */
export interface JobSeries {
  bucketSeconds: number;
  /** Where the values come from: minute samples, or hourly rollups for long ranges and big jobs. */
  resolution: 'minute' | 'hourly';
  /** Some buckets fell back to hourly means because their minute samples have aged out. */
  hourlyFallback: boolean;
  /** Bucket start times (epoch ms). */
  t: number[];
  min: (number | null)[];
  median: (number | null)[];
  max: (number | null)[];
  /** One line per GPU, only for jobs of at most 16 GPUs. */
  gpus: (GpuLabel & { values: (number | null)[] })[] | null;
  /** The heat strip: per node, the mean and the lowest of its GPUs in each bucket. */
  nodes: { nodeId: number; hostname: string; gpus: number; mean: (number | null)[]; min: (number | null)[] }[];
}

export type TimelineEntry =
  | { type: 'event'; at: string; kind: JobEventKind; message: string | null }
  | { type: 'checkpoint'; at: string; step: number; sizeGib: number | null };

export interface JobTimeline {
  /** Newest first, at most `limit` of them. */
  entries: TimelineEntry[];
  /** Every checkpoint time in the range (epoch ms), for the strip; the list above may leave old ones out. */
  checkpointTimes: number[];
  total: number;
  counts: { events: number; checkpoints: number; restarts: number; failures: number };
}

export interface JobCost {
  currency: string;
  /** Everything it has cost up to now; rounded to cents. */
  allTime: number;
  /** Its cost within the range; rounded to cents. */
  inRange: number;
  unpricedGpuHours: number;
  /** Blast radius: the GPUs it holds now x their rates, per hour. */
  atRiskPerHour: number;
  gpusHeld: number;
  /** Of the GPUs it holds, those no rate covers now: their part of the blast radius is unpriced, not 0. */
  gpusUnpriced: number;
}

export interface LostWorkAtRisk {
  /** Time since the last checkpoint (or since it started, with none since). */
  sinceCheckpointMs: number;
  /** DOMAIN.md's recovery target, the time a restart takes. */
  recoveryMs: number;
  gpuHours: number;
  /** Rounded to cents. */
  cost: number;
  lastCheckpointAt: string | null;
}

export interface FaultRow {
  id: string;
  at: string;
  nodeId: number;
  hostname: string;
  gpuIndex: number | null;
  kind: FaultKind;
  code: number | null;
  fatal: boolean;
  message: string | null;
  /** For an XID: its meaning and severity from NVIDIA's catalog. */
  xid: { meaning: string; severity: XidSeverity; action: string } | null;
}

export interface JobNode {
  nodeId: number;
  hostname: string;
  pool: string;
  state: NodeState;
  stateReason: string | null;
  /** The job's GPUs on it now, and over the range. */
  gpusNow: number;
  gpusInRange: number;
  faults: number;
  fatalFaults: number;
}

export interface JobDetail {
  generatedAt: string;
  /** The range shown; `lifetime` when the asked relative range began before the job and was narrowed to its life. */
  range: RangeInfo & { lifetime: boolean };
  timeZone: string;
  freshness: Freshness;
  job: JobIdentity & {
    healthSince: string | null;
    gpusRequested: number;
    submittedAt: string;
    startedAt: string | null;
    endedAt: string | null;
    restarts: number;
    lastCheckpointAt: string | null;
    step: number | null;
    tokensPerSecond: number | null;
    replicas: number | null;
    desiredReplicas: number | null;
  };
  evaluation: HealthEvaluation | null;
  /** Mean utilization over its allocated GPU-time in the range (0..1). */
  utilization: number | null;
  cost: JobCost;
  /** What an interruption now would lose; null when it has nothing to lose (not running, or a service). */
  lostWork: LostWorkAtRisk | null;
  series: JobSeries;
  timeline: JobTimeline;
  nodes: JobNode[];
  faults: { rows: FaultRow[]; total: number };
  /** Where its GPU-hours went over its whole life, and its ETTR (DOMAIN.md, "Where the GPU-hours go"). */
  ledger: LedgerFigures;
  /** The run it is an attempt of, when it was resubmitted or resumes a failed attempt; null when it stands alone. */
  lineage: JobLineage | null;
}

export interface JobAttempt {
  id: number;
  externalId: string;
  name: string;
  state: JobState;
  restarts: number;
  submittedAt: string;
  endedAt: string | null;
  /** Everything the attempt cost, all its life. */
  cost: number;
}

export interface JobLineage {
  /** Oldest first; the open page's attempt among them. */
  attempts: JobAttempt[];
  cost: number;
  unpricedGpuHours: number;
  /** Restarts within the attempts, and resubmissions (attempts after the first). */
  restarts: number;
  resubmissions: number;
  /** Productive / allocated GPU-hours over every attempt (DOMAIN.md). */
  ettr: number | null;
}
