// A scheduler (Kubernetes, Slurm) and GPU readings (Prometheus + dcgm-exporter) as one source. The scheduler gives
// the cluster's shape, node states, jobs and where they run; dcgm-exporter gives each GPU's readings, faults and
// real UUID. Samples are charged to the scheduler's jobs by the pod labels dcgm-exporter puts on them, else its
// `hpc_job` label, else the scheduler's placement of the GPU's slot. docs/architecture.md ("Sources") has the whole contract.
import type {
  FaultRecord,
  GpuReadingsSource,
  GpuSampleRecord,
  GpuSighting,
  JobEventRecord,
  NodeSignal,
  SchedulerSnapshot,
  SchedulerSource,
  Snapshot,
  Source,
  Topology,
} from '@/lib/sources/types';
import { resolveClaims, type Holdings } from './claims';
import { JobLedger } from './jobs';
import { NodeHealth, type KnownNode } from './nodes';
import { mergeTopology, noteSightings, readingsOf, SlotIndex, type SlotReadings } from './slots';
import { MINUTE_MS } from '@/lib/domain/time';

export { HELD_PREFIX, type KnownNode } from './nodes';

/** A read this close to the scheduler's is live: its placements say who holds a slot. Older minutes are history. */
const LIVE_MS = 3 * MINUTE_MS;
/** A pod's job is remembered this long after it was last listed, for readings that arrive late. */
const POD_MEMORY_MS = 60 * MINUTE_MS;

export interface ComposedSourceOptions {
  /** Node states as the console holds them, so a restarted worker keeps a node held down and notices changes. */
  knownNodes?: readonly KnownNode[];
  /** How long one scheduler read serves (catching up on history reads it once). Default 5 s. */
  schedulerReuseMs?: number;
  now?: () => number;
}

interface SchedulerRead {
  at: number;
  snapshot: SchedulerSnapshot;
  /** Whether a collect has taken its jobs, events and faults (each is reported once). */
  taken: boolean;
}

const topologyKey = (topology: Topology) =>
  JSON.stringify(topology.nodes.map((node) => [node.hostname, node.pool, node.gpus.map((gpu) => gpu.uuid)]));

export class ComposedSource implements Source {
  readonly name: string;
  private readonly now: () => number;
  private readonly reuseMs: number;
  private readonly readings: SlotReadings = new Map();
  private readonly nodes: NodeHealth;
  private readonly ledger = new JobLedger();
  /** The topology as the last topology() gave it (what the database holds). */
  private slots: SlotIndex | null = null;
  private committedKey = '';
  private stale = false;
  private read: SchedulerRead | null = null;
  private jobs: SchedulerSnapshot['jobs'] = [];
  private knownJobs = new Set<string>();
  /** The scheduler's other ids of its jobs (Slurm's numeric id of an array task), as `hpc_job` may name them. */
  private jobAliases: ReadonlyMap<string, string> = new Map();
  private readonly podJobs = new Map<string, { job: string; seen: number }>();
  /** A reading's UUID → the UUID its slot has in the committed topology (the same, or a placeholder). */
  private readonly alias = new Map<string, string>();
  private holdings: Holdings = { byJob: new Map(), byGpu: new Map() };
  /** What the latest readings charged to each job, for minutes of history. */
  private evidence = new Map<string, string[]>();
  /** Each node's health signals as last reported, and those changed since the session last took them. */
  private readonly signalKeys = new Map<string, string>();
  private changedSignals = new Map<string, NodeSignal[]>();

  constructor(
    private readonly scheduler: SchedulerSource,
    private readonly metrics: GpuReadingsSource,
    options: ComposedSourceOptions = {},
  ) {
    this.name = scheduler.name;
    this.now = options.now ?? Date.now;
    this.reuseMs = options.schedulerReuseMs ?? 5_000;
    this.nodes = new NodeHealth(options.knownNodes);
    metrics.chargeWith((gpu, at) => this.chargeOf(gpu, at));
  }

  /** The readings come from Prometheus, as late as it is read. */
  get expectedLagMs(): number | undefined {
    return this.metrics.expectedLagMs;
  }

  /** Whether the scheduler or dcgm-exporter shows nodes or GPU UUIDs that the last topology() did not. */
  get topologyStale(): boolean {
    return this.stale;
  }

  /** The scheduler's topology, each GPU named by its real UUID wherever dcgm-exporter has reported it. */
  async topology(): Promise<Topology> {
    const [read, metricsTopology] = await Promise.all([this.readScheduler(true), this.metrics.topology()]);
    for (const [hostname, gpus] of readingsOf(metricsTopology)) this.readings.set(hostname, gpus);
    noteSightings(this.readings, this.metrics.sightings().values());
    const topology = mergeTopology(read.snapshot.topology, this.readings);
    this.slots = new SlotIndex(topology);
    this.committedKey = topologyKey(topology);
    this.stale = false;
    this.alias.clear();
    return topology;
  }

  async collect(from: Date, to: Date, options?: { sampleEveryMinutes?: number }): Promise<Snapshot> {
    if (!this.slots) await this.topology();
    const slots = this.slots!;
    const read = await this.readScheduler(false);
    const { snapshot } = read;
    const fresh = !read.taken;
    read.taken = true;
    const live = to.getTime() >= read.at - LIVE_MS;
    const events: JobEventRecord[] = fresh ? [...snapshot.events] : [];
    if (fresh) {
      const now = this.now();
      for (const claim of snapshot.claims)
        if (claim.pod) this.podJobs.set(claim.pod, { job: claim.jobExternalId, seen: now });
      for (const [pod, { seen }] of this.podJobs) if (now - seen > POD_MEMORY_MS) this.podJobs.delete(pod);
      const ledger = this.ledger.update(snapshot.jobs, new Date(now));
      this.jobs = ledger.jobs;
      this.knownJobs = new Set(this.jobs.map((job) => job.externalId));
      this.jobAliases = snapshot.jobAliases ?? new Map();
      events.push(...ledger.events);
    }
    if (live) this.holdings = resolveClaims(snapshot.claims, slots, this.metrics.sightings().values());

    const readings = await this.metrics.collect(from, to, options);
    const sightings = this.metrics.sightings();
    if (noteSightings(this.readings, sightings.values()) || fresh) {
      this.stale ||= topologyKey(mergeTopology(snapshot.topology, this.readings)) !== this.committedKey;
    }
    if (live) this.holdings = resolveClaims(snapshot.claims, slots, sightings.values());
    const samples = this.committedSamples(readings.samples);
    const faults = [...(fresh ? snapshot.faults : []), ...this.committedFaults(readings.faults)];
    this.nodes.noteFaults(faults);
    const nodes = this.nodes.merge(snapshot.nodes, new Date(this.now()));
    if (fresh) this.noteSignals(snapshot);

    const held = live ? this.holdings.byJob : this.evidence;
    return {
      at: to,
      samples,
      nodes: nodes.nodes,
      jobs: this.jobs.map((job) =>
        job.state === 'cancelled' ? job : { ...job, gpuUuids: held.get(job.externalId) ?? [] },
      ),
      events,
      checkpoints: fresh ? snapshot.checkpoints : [],
      faults: [...faults, ...nodes.faults],
    };
  }

  /** The health signals that changed since the last call, by node, for the session to write with its batch. */
  takeSignals(): Map<string, NodeSignal[]> {
    const changed = this.changedSignals;
    this.changedSignals = new Map();
    return changed;
  }

  private noteSignals(snapshot: SchedulerSnapshot) {
    for (const node of snapshot.nodes) {
      const signals = node.signals ?? [];
      const key = JSON.stringify(signals);
      if (this.signalKeys.get(node.hostname) === key) continue;
      this.signalKeys.set(node.hostname, key);
      this.changedSignals.set(node.hostname, signals);
    }
  }

  private async readScheduler(force: boolean): Promise<SchedulerRead> {
    const now = this.now();
    if (!force && this.read && now - this.read.at < this.reuseMs) return this.read;
    const since = this.read ? new Date(this.read.at) : null;
    const snapshot = await this.scheduler.read(since);
    // A read nobody collected yet keeps its events for the next collect.
    const pending = this.read && !this.read.taken ? this.read.snapshot : null;
    if (pending) {
      snapshot.events = [...pending.events, ...snapshot.events];
      snapshot.checkpoints = [...pending.checkpoints, ...snapshot.checkpoints];
      snapshot.faults = [...pending.faults, ...snapshot.faults];
    }
    this.read = { at: now, snapshot, taken: false };
    return this.read;
  }

  /** The job a reading belongs to: by its pod, else its HPC job, else (live) whoever the scheduler placed there. */
  private chargeOf(gpu: GpuSighting, at: Date): string | null {
    const slot = this.slots?.uuidAt(gpu.hostname, gpu.index);
    if (slot) this.alias.set(gpu.uuid, slot);
    if (gpu.pod) return this.podJobs.get(gpu.pod)?.job ?? null;
    const hpcJob = gpu.hpcJob && (this.jobAliases.get(gpu.hpcJob) ?? gpu.hpcJob);
    if (hpcJob && this.knownJobs.has(hpcJob)) return hpcJob;
    const live = this.read && at.getTime() >= this.read.at - LIVE_MS;
    return live && slot ? (this.holdings.byGpu.get(slot) ?? null) : null;
  }

  /** Samples under the UUIDs the database knows; those of GPUs on nodes the scheduler does not list are left out. */
  private committedSamples(samples: GpuSampleRecord[]): GpuSampleRecord[] {
    const kept: GpuSampleRecord[] = [];
    let latest = -1;
    for (const sample of samples) {
      const uuid = this.alias.get(sample.uuid);
      if (!uuid) continue;
      kept.push(uuid === sample.uuid ? sample : { ...sample, uuid });
      latest = Math.max(latest, sample.ts.getTime());
    }
    if (latest >= 0) {
      const evidence = new Map<string, string[]>();
      for (const sample of kept) {
        if (sample.ts.getTime() !== latest || !sample.jobExternalId) continue;
        evidence.set(sample.jobExternalId, [...(evidence.get(sample.jobExternalId) ?? []), sample.uuid]);
      }
      for (const uuids of evidence.values()) uuids.sort();
      this.evidence = evidence;
    }
    return kept;
  }

  /**
   * GPU faults under the UUIDs the database knows. Node presence is the scheduler's to say: the readings' own
   * "node lost" (its GPUs stopped reporting) is left to coverage, which shows the silence.
   */
  private committedFaults(faults: FaultRecord[]): FaultRecord[] {
    return faults.flatMap((fault) => {
      if (!fault.gpuUuid) return [];
      const uuid = this.alias.get(fault.gpuUuid);
      return uuid ? [{ ...fault, gpuUuid: uuid }] : [];
    });
  }
}
