// Prometheus fed by dcgm-exporter as a source. The collector asks for one minute at a time while it catches up;
// the source reads ahead a bounded stretch with query_range and serves the next minutes from it, so catching up
// costs one round trip per metric per stretch, and a live step costs one per metric.
import type { NodeState } from '@/lib/domain/enums';
import {
  SourceError,
  type FaultRecord,
  type GpuReadingsSource,
  type GpuSampleRecord,
  type GpuSighting,
  type Snapshot,
  type Topology,
} from '@/lib/sources/types';
import type { QueryResult } from './api';
import { PrometheusClient, type PrometheusApi } from './client';
import { displayUrl, type PrometheusConfig } from './config';
import { PodJobs, type KnownPodJob } from './jobs';
import type { GpuIdentity } from './labels';
import { readMinute, type GpuMemo } from './minute';
import { NodePresence } from './nodes';
import { sampleQueries, TOPOLOGY_QUERIES, type MetricKey, type TopologyKey } from './queries';
import { buildTable, lastIndexWithData, type ReadingTable } from './table';
import { topologyFromResults } from './topology';
import { MINUTE_MS } from '@/lib/domain/time';

/** Points one range query may answer while catching up, which bounds each answer's size (8,192 GPUs: 15 min). */
const POINTS_PER_QUERY = 125_000;
const MAX_STEPS_PER_READ = 60;

export interface PrometheusSourceOptions {
  /** The HTTP API; a PrometheusClient for the configured URL unless given. */
  api?: PrometheusApi;
  now?: () => number;
  /** Nodes and their states as the console holds them. */
  knownNodes?: { hostname: string; state: NodeState }[];
  /** Pod jobs the console holds as running. */
  knownJobs?: KnownPodJob[];
}

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

async function runAll<K extends string>(queries: Record<K, string>, run: (promql: string) => Promise<QueryResult>) {
  const keys = Object.keys(queries) as K[];
  const answers = await Promise.all(keys.map((key) => run(queries[key])));
  return Object.fromEntries(keys.map((key, i) => [key, answers[i]])) as Record<K, QueryResult>;
}

const sightingOf = (id: GpuIdentity): GpuSighting => ({
  uuid: id.uuid,
  hostname: id.hostname,
  index: id.index,
  model: id.model,
  pod: id.jobExternalId,
  hpcJob: id.hpcJob,
});

export class PrometheusSource implements GpuReadingsSource {
  readonly name = 'prometheus';
  private readonly api: PrometheusApi;
  private readonly now: () => number;
  private readonly nodes: NodePresence;
  private readonly jobs: PodJobs | null;
  private readonly memo = new Map<string, GpuMemo>();
  /** The end of the last period read; later periods are read next. */
  private readUntil: number | null = null;
  private primed = false;
  private cache: { periodMs: number; table: ReadingTable; lastReporting: number } | null = null;
  private gpuCount = 0;
  private charge: ((gpu: GpuSighting, at: Date) => string | null) | null = null;
  private lastSightings = new Map<string, GpuSighting>();

  constructor(
    private readonly config: PrometheusConfig,
    options: PrometheusSourceOptions = {},
  ) {
    this.api = options.api ?? new PrometheusClient(config);
    this.now = options.now ?? Date.now;
    this.nodes = new NodePresence(options.knownNodes);
    this.jobs = config.synthesizeJobs === false ? null : new PodJobs(options.knownJobs, new Date(this.now()));
  }

  /** A composition's way of charging samples to its scheduler's jobs; without one, a sample's job is its pod. */
  chargeWith(charge: (gpu: GpuSighting, at: Date) => string | null): void {
    this.charge = charge;
  }

  sightings(): ReadonlyMap<string, GpuSighting> {
    return this.lastSightings;
  }

  /**
   * How long after a period ends it is read: its last scrape must have landed, and some stores show the newest
   * samples late (VictoriaMetrics by 30 s by default).
   */
  get lagMs(): number {
    const { readDelaySeconds, scrapeSeconds } = this.config;
    return readDelaySeconds !== undefined ? readDelaySeconds * 1000 : Math.max(30_000, scrapeSeconds * 1000 + 10_000);
  }

  /** The newest reading is a period behind the lag at most: the next one is not read until its period is over. */
  get expectedLagMs(): number {
    return this.lagMs + MINUTE_MS;
  }

  /** An empty period this close to now is a failure to report, not a stretch Prometheus never held. */
  private get recentMs(): number {
    return Math.max(10 * MINUTE_MS, 2 * this.lagMs);
  }

  async topology(): Promise<Topology> {
    const at = new Date(this.now());
    const results = await runAll<TopologyKey>(TOPOLOGY_QUERIES, (promql) => this.api.query(promql, at));
    const topology = topologyFromResults(results, this.config);
    if (!topology.nodes.length) {
      throw new SourceError(
        `Prometheus at ${displayUrl(this.config.url)} holds no dcgm-exporter metrics (DCGM_FI_DEV_GPU_UTIL with ` +
          'UUID, gpu and Hostname labels) from the last hour: check that it scrapes dcgm-exporter',
        'bad_response',
      );
    }
    this.gpuCount = topology.nodes.reduce((sum, node) => sum + node.gpus.length, 0);
    return topology;
  }

  /**
   * Reads the periods that ended in (from, to] less the lag (the first call resumes from there; later calls carry
   * on where the previous one stopped). Node and job states are as of the last period read.
   */
  async collect(from: Date, to: Date, options?: { sampleEveryMinutes?: number }): Promise<Snapshot> {
    const periodMs = Math.max(1, Math.floor(options?.sampleEveryMinutes ?? 1)) * MINUTE_MS;
    const readable = to.getTime() - this.lagMs;
    this.readUntil ??= floorTo(from.getTime() - this.lagMs, MINUTE_MS);
    const samples: GpuSampleRecord[] = [];
    const faults: FaultRecord[] = [];
    let end = floorTo(this.readUntil, periodMs) + periodMs;
    while (end <= readable) {
      const { table, lastReporting } = await this.tableFrom(end, readable, periodMs);
      const { times } = table;
      for (let i = Math.round((end - times[0]) / periodMs); i < times.length && times[i] <= readable; i++) {
        const reading = readMinute(table, i, this.memo);
        const start = new Date(times[i] - periodMs);
        const periodEnd = new Date(times[i]);
        if (reading.present.size) {
          const sightings = new Map([...reading.present].map(([uuid, id]) => [uuid, sightingOf(id)]));
          for (const sample of reading.samples) {
            if (this.charge) sample.jobExternalId = this.charge(sightings.get(sample.uuid)!, start);
            samples.push(sample);
          }
          this.lastSightings = sightings;
          for (const fault of reading.faults) faults.push(fault);
          const hosts = new Set([...reading.present.values()].map((gpu) => gpu.hostname));
          this.nodes.observe(start, hosts);
          this.jobs?.observe(start, periodEnd, reading.present);
        } else if (i > lastReporting && this.now() - times[i] < this.recentMs) {
          throw this.noData(start);
        }
        // Otherwise a stretch Prometheus holds nothing for (before it ran, or past its retention): skipped.
        this.readUntil = times[i];
        end = times[i] + periodMs;
      }
    }
    const { jobs, events } = this.jobs?.take() ?? { jobs: [], events: [] };
    return { at: to, samples, nodes: this.nodes.records(), jobs, events, checkpoints: [], faults };
  }

  /** A table holding `end`: the one read ahead before, or a new read from `end` on. */
  private async tableFrom(end: number, readable: number, periodMs: number) {
    const cached = this.cache?.periodMs === periodMs ? this.cache : null;
    if (cached && end >= cached.table.times[0] && end <= cached.table.times[cached.table.times.length - 1]) {
      return cached;
    }

    const clockReadable = floorTo(this.now() - this.lagMs, periodMs);
    const steps = Math.min(MAX_STEPS_PER_READ, Math.max(1, Math.floor(POINTS_PER_QUERY / Math.max(1, this.gpuCount))));
    let last = Math.max(end, Math.min(end + (steps - 1) * periodMs, Math.max(clockReadable, readable)));
    // The recent stretch is read whole, so an empty period in it is judged with what follows it.
    if (clockReadable - last <= this.recentMs) last = Math.max(last, clockReadable);
    // The first read starts one period early, to know what the gauges held before (an XID already reported).
    const first = this.primed ? end : end - periodMs;
    const times: number[] = [];
    for (let t = first; t <= last; t += periodMs) times.push(t);

    const windowSeconds = Math.max(periodMs, this.config.scrapeSeconds * 1000) / 1000;
    const queries = sampleQueries(windowSeconds);
    const results = await runAll<MetricKey>(queries, (promql) =>
      times.length === 1
        ? this.api.query(promql, new Date(first))
        : this.api.queryRange(promql, new Date(first), new Date(last), periodMs / 1000),
    );
    const table = buildTable(times, results);
    if (!this.primed) {
      readMinute(table, 0, this.memo);
      this.primed = true;
    }
    this.cache = { periodMs, table, lastReporting: lastIndexWithData(table) };
    return this.cache;
  }

  private noData(since: Date) {
    return new SourceError(
      `Prometheus at ${displayUrl(this.config.url)} holds no dcgm-exporter metrics (DCGM_FI_DEV_GPU_UTIL) since ` +
        `${since.toISOString()}: check that it still scrapes dcgm-exporter`,
      'bad_response',
    );
  }
}
