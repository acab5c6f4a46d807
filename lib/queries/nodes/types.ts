// The node page's data, JSON-safe; null is "no reading", never a made-up zero. Types only.
import type { FaultKind, NodeState, PricingClass } from '@/lib/domain/enums';
import type { NodeSilence } from '@/lib/domain/readings';
import type { XidSeverity } from '@/lib/domain/xid';
import type { JobIdentity } from '../jobs/types';
import type { ActionView } from '../actions';
import type { Freshness } from '../types';

export interface NodeGpu {
  id: number;
  index: number;
  uuid: string;
  model: string;
  memoryMib: number;
  healthy: boolean;
  /** When its latest reading was taken (the end of its minute); null for a GPU never read. */
  readingAt: string | null;
  /** Its latest reading, whatever the source's lag. */
  util: number | null;
  fbUsedMib: number | null;
  /** Memory free and reserved (DCGM_FI_DEV_FB_FREE, _RESERVED) where the source gives them. */
  fbFreeMib: number | null;
  fbReservedMib: number | null;
  powerW: number | null;
  tempC: number | null;
  throttled: boolean | null;
  job: { id: number; name: string } | null;
  /** Minutes throttled within the range. */
  throttledMinutes: number;
}

/** Per-GPU series on shared time buckets: values[g][b] belongs to gpus[g] and t[b]. */
export interface NodeSeries {
  bucketSeconds: number;
  t: number[];
  util: (number | null)[][];
  fbUsedGib: (number | null)[][];
  powerW: (number | null)[][];
  tempC: (number | null)[][];
}

export interface NodeFault {
  at: string;
  gpuIndex: number | null;
  kind: FaultKind;
  code: number | null;
  fatal: boolean;
  message: string | null;
  /** For XIDs: NVIDIA's meaning and what an operator does about it. */
  meaning: string | null;
  action: string | null;
  severity: XidSeverity | null;
}

export interface NodeJobRun extends Pick<
  JobIdentity,
  'id' | 'name' | 'kind' | 'team' | 'project' | 'state' | 'health'
> {
  gpus: number;
  from: string;
  /** null while it still holds GPUs here. */
  to: string | null;
}

export interface NodeStateSpan {
  state: NodeState;
  reason: string | null;
  from: string;
  /** null: the current state. */
  to: string | null;
}

export interface NodeDetail {
  id: number;
  hostname: string;
  pool: { id: number; name: string; gpuModel: string; pricingClass: PricingClass };
  cluster: string;
  state: NodeState;
  stateReason: string | null;
  stateSince: string;
  lastSeenAt: string | null;
  range: { from: string; to: string };
  /** The newest reading of its GPUs; null when none was ever read. */
  asOf: string | null;
  /** Whether every GPU of it has stopped reporting, and since when. */
  silence: NodeSilence;
  generatedAt: string;
  timeZone: string;
  freshness: Freshness;
  gpus: NodeGpu[];
  series: NodeSeries;
  faults: NodeFault[];
  jobs: NodeJobRun[];
  states: NodeStateSpan[];
  /** Actions asked of it in the range (cordons, reboots, recoveries), oldest first, the newest 50 at most. */
  actions: ActionView[];
  /** What the scheduler and GPU health tools report on it (Kubernetes: conditions, taints, labels). */
  signals: NodeHealthSignal[];
}

/** One health signal on a node, as lib/sources/types.ts NodeSignal, with its time as text. */
export interface NodeHealthSignal {
  kind: 'condition' | 'taint' | 'label' | 'gpus' | 'validator';
  name: string;
  problem: boolean;
  message: string | null;
  since: string | null;
}
