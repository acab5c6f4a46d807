// The fleet map's payload: every GPU of the cluster in columns (parallel arrays), so 8,192 GPUs travel as a few
// hundred kilobytes and the browser colours them without building an object per GPU. Types only.
import type { GpuCondition } from '@/lib/domain/gpu-condition';
import type { JobHealth, NodeState, PricingClass } from '@/lib/domain/enums';
import type { NodeSilence } from '@/lib/domain/readings';
import type { Freshness } from '../types';

export interface MapPool {
  id: number;
  name: string;
  /** The cluster the pool belongs to. */
  cluster: string;
  gpuModel: string;
  pricingClass: PricingClass;
}

export interface MapNode {
  id: number;
  hostname: string;
  pool: number;
  state: NodeState;
  stateReason: string | null;
  /** Whether every GPU of it has stopped reporting, and since when (its newest reading). */
  silence: NodeSilence;
}

export interface MapJob {
  id: number;
  name: string;
  team: string;
  project: string;
  health: JobHealth;
}

/** Column i describes the i-th GPU; GPUs are ordered by pool, node hostname, GPU index. */
export interface MapGpus {
  /** Index into nodes. */
  node: number[];
  index: number[];
  /** DCGM_FI_DEV_GPU_UTIL, percent; null without a reading. */
  util: (number | null)[];
  /** Framebuffer used as a percent of the GPU's memory. */
  memory: (number | null)[];
  powerW: (number | null)[];
  tempC: (number | null)[];
  /** When the latest reading was taken (epoch seconds, the end of its minute); null for a GPU never read. */
  readingAt: (number | null)[];
  /** Index into conditions. */
  condition: number[];
  /** Index into jobs, -1 when unallocated. */
  job: number[];
  /** Last XID in the latest reading, 0 for none. */
  xid: number[];
}

export interface FleetMap {
  /** The newest reading of any GPU; null before the first collection. Each GPU's own time is in readingAt. */
  asOf: string | null;
  generatedAt: string;
  timeZone: string;
  freshness: Freshness;
  pools: MapPool[];
  nodes: MapNode[];
  jobs: MapJob[];
  teams: string[];
  conditions: readonly GpuCondition[];
  gpus: MapGpus;
}
