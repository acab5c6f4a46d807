// GPU slots: a GPU is (node, index) to a scheduler and a UUID to dcgm-exporter. The composition's topology is the
// scheduler's, with each slot's UUID, model and memory taken from dcgm-exporter wherever it names them. Pure.
import type { GpuInfo, GpuSighting, NodeInfo, PoolInfo, Topology } from '@/lib/sources/types';

/** What dcgm-exporter says of one slot. */
export interface SlotReading {
  uuid: string;
  model: string;
  memoryMib: number;
}

/** hostname → index → what dcgm-exporter says is there. */
export type SlotReadings = Map<string, Map<number, SlotReading>>;

export function readingsOf(topology: Topology | null): SlotReadings {
  const readings: SlotReadings = new Map();
  for (const node of topology?.nodes ?? []) {
    readings.set(node.hostname, new Map(node.gpus.map((gpu) => [gpu.index, { ...gpu }])));
  }
  return readings;
}

/** Adds what the latest sightings say; returns whether any slot changed its UUID. */
export function noteSightings(readings: SlotReadings, sightings: Iterable<GpuSighting>): boolean {
  let changed = false;
  for (const gpu of sightings) {
    let node = readings.get(gpu.hostname);
    if (!node) readings.set(gpu.hostname, (node = new Map()));
    const seen = node.get(gpu.index);
    if (seen?.uuid === gpu.uuid) continue;
    node.set(gpu.index, { uuid: gpu.uuid, model: gpu.model, memoryMib: seen?.memoryMib ?? 0 });
    changed = true;
  }
  return changed;
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best === null || count > counts.get(best)!) best = value;
  return best;
}

/** The scheduler's topology with each slot named as dcgm-exporter names it. */
export function mergeTopology(scheduler: Topology, readings: SlotReadings): Topology {
  const modelsByPool = new Map<string, string[]>();
  const nodes: NodeInfo[] = scheduler.nodes.map((node) => {
    const read = readings.get(node.hostname);
    const gpus: GpuInfo[] = node.gpus.map((gpu) => {
      const slot = read?.get(gpu.index);
      if (!slot) return gpu;
      const models = modelsByPool.get(node.pool) ?? [];
      models.push(slot.model);
      modelsByPool.set(node.pool, models);
      return { index: gpu.index, uuid: slot.uuid, model: slot.model, memoryMib: slot.memoryMib || gpu.memoryMib };
    });
    return { ...node, gpus };
  });
  const pools: PoolInfo[] = scheduler.pools.map((pool) => {
    const model = mostCommon(modelsByPool.get(pool.name) ?? []);
    return model ? { ...pool, gpuModel: model } : pool;
  });
  return { ...scheduler, pools, nodes };
}

/** hostname → index → UUID, and UUID → slot, of a topology. */
export class SlotIndex {
  private readonly byHost = new Map<string, Map<number, string>>();
  private readonly byUuid = new Map<string, { hostname: string; index: number }>();

  constructor(topology: Topology) {
    for (const node of topology.nodes) {
      this.byHost.set(node.hostname, new Map(node.gpus.map((gpu) => [gpu.index, gpu.uuid])));
      for (const gpu of node.gpus) this.byUuid.set(gpu.uuid, { hostname: node.hostname, index: gpu.index });
    }
  }

  uuidAt(hostname: string, index: number): string | undefined {
    return this.byHost.get(hostname)?.get(index);
  }

  /** The node's GPUs, by index. */
  gpusOn(hostname: string): ReadonlyMap<number, string> {
    return this.byHost.get(hostname) ?? new Map();
  }

  slotOf(uuid: string) {
    return this.byUuid.get(uuid);
  }

  hosts(): Iterable<string> {
    return this.byHost.keys();
  }
}
