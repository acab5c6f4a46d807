// No GPU readings: a scheduler read alone (a cluster without Prometheus and dcgm-exporter). Jobs, placements,
// allocations and costs are the scheduler's; every minute's utilization, power and health is unknown.
import type { GpuReadingsSource, GpuSighting, Snapshot, Topology } from '@/lib/sources/types';

export class NoGpuReadings implements GpuReadingsSource {
  readonly name = 'no-readings';

  chargeWith(): void {}

  sightings(): ReadonlyMap<string, GpuSighting> {
    return new Map();
  }

  async topology(): Promise<Topology> {
    return { cluster: { name: '', scheduler: 'slurm' }, pools: [], nodes: [], teams: [] };
  }

  async collect(_from: Date, to: Date): Promise<Snapshot> {
    return { at: to, samples: [], nodes: [], jobs: [], events: [], checkpoints: [], faults: [] };
  }
}
