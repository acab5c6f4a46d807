// The shape of the fleet overview, JSON-safe (ISO strings, numbers, null for "unknown" so a page never shows a
// made-up 0). Types only: client components import them from here without pulling in server code.
import type { IncidentSeverity, IncidentState, JobHealth } from '@/lib/domain/enums';
import type { ShownNodeState } from '@/lib/domain/readings';
import type { SloDefinition } from '@/lib/domain/slo';
import type { RangePreset } from '@/lib/time-range';
import type { Freshness } from '../types';

export interface PoolNow {
  poolId: number;
  name: string;
  /** The cluster the pool belongs to. */
  cluster: string;
  gpuModel: string;
  provisionedGpus: number;
  healthyGpus: number;
  allocatedGpus: number;
  /** GPUs the source did not cover in the minute: in none of the other counts. */
  silentGpus: number;
  allocation: number | null;
  utilization: number | null;
}

/**
 * The fleet at its latest minute measured; every figure null when no minute has been written yet. Provisioned,
 * healthy and allocated count the GPUs the source covered; silent ones are counted apart.
 */
export interface FleetNow {
  asOf: string | null;
  provisionedGpus: number | null;
  healthyGpus: number | null;
  allocatedGpus: number | null;
  silentGpus: number | null;
  allocation: number | null;
  /** Mean utilization of allocated GPUs (0..1). */
  utilization: number | null;
  healthy: number | null;
  pools: PoolNow[];
}

/** One bucket of the chart; ratios 0..1, null where the bucket holds no data (a gap, not a zero). */
export interface SeriesPoint {
  t: number;
  allocation: number | null;
  utilization: number | null;
  healthy: number | null;
}

export interface NodeCounts {
  /** Nodes not retired. */
  total: number;
  /** By the state shown: a serving node whose GPUs all stopped reporting is `not_reporting`. */
  byState: { state: ShownNodeState; count: number }[];
}

export interface JobCounts {
  /** Jobs not ended (pending, running, recovering). */
  active: number;
  /** The health of the jobs not ended, worst first. */
  byHealth: { health: JobHealth; count: number }[];
  /** Jobs that ended failed within the range: ended jobs, so never among byHealth. */
  failedInRange: number;
  /** The queue now: pending jobs, the GPUs they ask for, and since when the longest has waited. */
  queue: { jobs: number; gpus: number; oldestSince: string | null };
}

export interface OpenIncidents {
  open: number;
  bySeverity: Record<IncidentSeverity, number>;
  newest: { id: number; title: string; severity: IncidentSeverity; state: IncidentState; openedAt: string }[];
}

/** An incident opened within the range, marked on the fleet chart. */
export interface IncidentMark {
  id: number;
  title: string;
  severity: IncidentSeverity;
  openedAt: string;
}

export interface SpendWindow {
  from: string;
  to: string;
  /** Rounded to cents. */
  amount: number;
  gpuHours: number;
  /** GPU-hours no rate card row covered: priced at nothing, shown so the gap is noticed. */
  unpricedGpuHours: number;
}

export interface Spend {
  currency: string;
  today: SpendWindow;
  week: SpendWindow;
}

export interface SloStatus extends SloDefinition {
  /** null: the worker has not evaluated it yet, or cannot measure it (`notMeasured` says why). */
  latest: { at: string; sli: number; budgetRemaining: number; coverage: number | null } | null;
  notMeasured: string | null;
}

export type { Freshness } from '../types';

export interface Overview {
  generatedAt: string;
  range: { from: string; to: string; preset: RangePreset | null; bucketSeconds: number };
  timeZone: string;
  fleet: FleetNow;
  series: SeriesPoint[];
  nodes: NodeCounts;
  jobs: JobCounts;
  incidents: OpenIncidents;
  /** Incidents opened within the range, oldest first (the newest 100). */
  incidentMarks: IncidentMark[];
  spend: Spend;
  slos: SloStatus[];
  freshness: Freshness;
}
