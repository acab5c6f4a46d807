// The simulated cluster's fixed shape and each GPU's physical character (idle draw, peak draw, how well it is
// cooled), derived from the seed; only which nodes were replaced with new hardware is saved (renewNodes).
import type { PricingClass } from '@/lib/domain/enums';
import type { Topology } from '@/lib/sources/types';
import { TEAMS } from './catalog';
import { hash01, hash32 } from './random';

export const CLUSTER_NAME = 'demo-h800';
export const GPU_MODEL = 'NVIDIA H800 80GB HBM3';
export const GPU_MEMORY_MIB = 81559;
export const GPUS_PER_NODE = 8;
export const GPU_TDP_W = 700;

interface PoolSpec {
  name: string;
  pricingClass: PricingClass;
  hostPrefix: string;
}

export const POOLS: readonly PoolSpec[] = [
  { name: 'h800-reserved', pricingClass: 'reserved', hostPrefix: 'gpu-r' },
  { name: 'h800-spot', pricingClass: 'spot', hostPrefix: 'gpu-s' },
];
export const RESERVED_POOL = 0;
export const SPOT_POOL = 1;

export interface Layout {
  topology: Topology;
  nodeCount: number;
  gpuCount: number;
  hostnames: string[];
  nodePool: number[];
  poolNodes: number[][];
  uuids: string[];
  hostIndex: Map<string, number>;
  idleW: Float64Array;
  peakW: Float64Array;
  /** Degrees above the room a GPU runs at the same power: a few sit in poor airflow and throttle when busy. */
  thermalOffset: Float64Array;
  hotGpus: number[];
  /** Lemon nodes: the few that cause most of the trouble, as in real fleets (faults, and slow, hot GPUs). */
  lemon: Uint8Array;
  /** Each node's share of the interruptions: cumulative weights, a lemon weighing LEMON_FAULT_WEIGHT. */
  faultWeights: Float64Array;
}

/** About one node in fifty is a lemon (at least one); it draws this many times a sound node's interruptions. */
export const LEMON_SHARE = 0.02;
export const LEMON_FAULT_WEIGHT = 25;

function pickLemons(seed: number, nodeCount: number): Uint8Array {
  const lemon = new Uint8Array(nodeCount);
  const count = Math.max(1, Math.round(nodeCount * LEMON_SHARE));
  // The nodes with the smallest hashes: a fixed choice for the seed, the same at every start.
  const order = Array.from({ length: nodeCount }, (_, n) => n).sort(
    (a, b) => hash01(seed, 0x1e40, a, 0) - hash01(seed, 0x1e40, b, 0),
  );
  for (const n of order.slice(0, count)) lemon[n] = 1;
  return lemon;
}

/** Each node's share of the interruptions, as cumulative weights. */
function weighFaults(lemon: Uint8Array, faultWeights: Float64Array) {
  let weight = 0;
  for (let n = 0; n < lemon.length; n++) {
    weight += lemon[n] ? LEMON_FAULT_WEIGHT : 1;
    faultWeights[n] = weight;
  }
}

/** Degrees above the room of a well-cooled GPU. */
const soundOffset = (seed: number, g: number) => 4 * hash01(seed, 0x4079, g, 0);

/**
 * Replaced nodes are new hardware: sound, whatever the seed made the nodes they replace. Each draws a sound node's
 * share of the interruptions, and its GPUs are cooled and run at pace as a sound node's do.
 */
export function renewNodes(layout: Layout, seed: number, nodes: readonly number[]) {
  if (nodes.length === 0) return;
  const renewed = new Set(nodes);
  for (const n of nodes) {
    layout.lemon[n] = 0;
    for (let g = n * GPUS_PER_NODE; g < (n + 1) * GPUS_PER_NODE; g++) layout.thermalOffset[g] = soundOffset(seed, g);
  }
  weighFaults(layout.lemon, layout.faultWeights);
  layout.hotGpus = layout.hotGpus.filter((g) => !renewed.has(Math.floor(g / GPUS_PER_NODE)));
}

const hex = (value: number, digits: number) =>
  value
    .toString(16)
    .padStart(8, '0')
    .slice(8 - digits);

/** A UUID in the shape nvidia-smi prints, fixed by the seed and the GPU's position. */
function gpuUuid(seed: number, gpu: number): string {
  const words = [0, 1, 2, 3].map((k) => hash32(seed, 0x5555, gpu, k));
  const tail = hex(words[3], 8) + hex(hash32(seed, 0x5556, gpu, 4), 4);
  return `GPU-${hex(words[0], 8)}-${hex(words[1], 4)}-${hex(words[1] >>> 16, 4)}-${hex(words[2], 4)}-${tail}`;
}

const reservedNodesOf = (nodeCount: number) => Math.max(1, Math.round((nodeCount * 3) / 4));

/** How many nodes each pool has in the layout, in POOLS order: its capacity. */
export function poolSizes(nodeCount: number): number[] {
  const reserved = reservedNodesOf(nodeCount);
  return [reserved, nodeCount - reserved];
}

export function buildLayout(seed: number, nodeCount: number): Layout {
  const reservedNodes = reservedNodesOf(nodeCount);
  const hostnames: string[] = [];
  const nodePool: number[] = [];
  const poolNodes: number[][] = POOLS.map(() => []);
  for (let n = 0; n < nodeCount; n++) {
    const pool = n < reservedNodes ? RESERVED_POOL : SPOT_POOL;
    const ordinal = pool === RESERVED_POOL ? n + 1 : n - reservedNodes + 1;
    hostnames.push(`${POOLS[pool].hostPrefix}-${String(ordinal).padStart(3, '0')}`);
    nodePool.push(pool);
    poolNodes[pool].push(n);
  }
  const gpuCount = nodeCount * GPUS_PER_NODE;
  const uuids: string[] = [];
  const idleW = new Float64Array(gpuCount);
  const peakW = new Float64Array(gpuCount);
  const thermalOffset = new Float64Array(gpuCount);
  const hotGpus: number[] = [];
  const lemon = pickLemons(seed, nodeCount);
  const faultWeights = new Float64Array(nodeCount);
  weighFaults(lemon, faultWeights);
  for (let g = 0; g < gpuCount; g++) {
    uuids.push(gpuUuid(seed, g));
    idleW[g] = 70 + 20 * hash01(seed, 0x1d1e, g, 0);
    peakW[g] = 660 + 40 * hash01(seed, 0x9ea4, g, 0);
    // A lemon's GPUs run hot (a failing fan, poor contact to the heatsink) and throttle under load.
    const hot = lemon[Math.floor(g / GPUS_PER_NODE)] === 1 || hash01(seed, 0x4077, g, 0) < 0.012;
    thermalOffset[g] = hot ? 9 + 4 * hash01(seed, 0x4078, g, 0) : soundOffset(seed, g);
    if (hot) hotGpus.push(g);
  }
  const topology: Topology = {
    cluster: { name: CLUSTER_NAME, scheduler: 'simulator', region: 'sim-dc-1' },
    pools: POOLS.map((pool, p) => ({
      name: pool.name,
      gpuModel: GPU_MODEL,
      pricingClass: pool.pricingClass,
      gpusPerNode: GPUS_PER_NODE,
      desiredNodes: poolNodes[p].length,
    })),
    nodes: hostnames.map((hostname, n) => ({
      hostname,
      pool: POOLS[nodePool[n]].name,
      gpus: Array.from({ length: GPUS_PER_NODE }, (_, index) => ({
        index,
        uuid: uuids[n * GPUS_PER_NODE + index],
        model: GPU_MODEL,
        memoryMib: GPU_MEMORY_MIB,
      })),
    })),
    teams: TEAMS.map((team) => ({ name: team.name, projects: [...team.projects] })),
  };
  const hostIndex = new Map(hostnames.map((hostname, n) => [hostname, n]));
  return {
    topology,
    nodeCount,
    gpuCount,
    hostnames,
    nodePool,
    poolNodes,
    uuids,
    hostIndex,
    idleW,
    peakW,
    thermalOffset,
    hotGpus,
    lemon,
    faultWeights,
  };
}
