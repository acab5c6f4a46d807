// An in-memory stand-in for Prometheus's query API, for unit tests of the Prometheus source: it answers the
// source's queries from a function of (metric, GPU, evaluation time), labelled as dcgm-exporter labels, and
// records every call. It evaluates no PromQL: the test's function says what each metric reads at each time.
import type { Labels, QueryResult } from '@/lib/sources/prometheus/api';
import type { PrometheusApi } from '@/lib/sources/prometheus/client';

export interface FakeGpu {
  uuid: string;
  hostname: string;
  index: number;
  model?: string;
  /** The pod holding the GPU at a time, if any. */
  podAt?: (at: number) => { namespace: string; pod: string } | null;
  /** Labels added to (or replacing) the usual ones on the utilization series, e.g. `{ hostname: 'n1' }`. */
  labels?: Labels;
}

/** What `metric` reads for `gpu` in the window ending at `at` (epoch ms); undefined: no series then. */
export type Reading = (metric: string, gpu: FakeGpu, at: number) => number | undefined;

export interface FakeCall {
  kind: 'query' | 'query_range';
  promql: string;
  start: number;
  end: number;
}

export class FakePrometheusApi implements PrometheusApi {
  readonly calls: FakeCall[] = [];
  /** When set, every call fails with it. */
  failure: Error | null = null;

  constructor(
    public gpus: FakeGpu[],
    public read: Reading,
  ) {}

  async query(promql: string, at: Date): Promise<QueryResult> {
    this.calls.push({ kind: 'query', promql, start: at.getTime(), end: at.getTime() });
    if (this.failure) throw this.failure;
    const series = this.evaluate(promql, [at.getTime()]);
    return { resultType: 'vector', result: series.map(({ metric, values }) => ({ metric, value: values[0] })) };
  }

  async queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<QueryResult> {
    this.calls.push({ kind: 'query_range', promql, start: start.getTime(), end: end.getTime() });
    if (this.failure) throw this.failure;
    const times: number[] = [];
    for (let t = start.getTime(); t <= end.getTime(); t += stepSeconds * 1000) times.push(t);
    return { resultType: 'matrix', result: this.evaluate(promql, times) };
  }

  private evaluate(promql: string, times: number[]) {
    const metric = /DCGM_FI_[A-Z_]+/.exec(promql)?.[0] ?? '';
    const identity = promql.includes('modelName');
    const out: { metric: Labels; values: [number, string][] }[] = [];
    for (const gpu of this.gpus) {
      // One series per label set, as Prometheus answers: a GPU handed to another pod makes a second series.
      const bySeries = new Map<string, { metric: Labels; values: [number, string][] }>();
      for (const t of times) {
        const value = this.read(metric, gpu, t);
        if (value === undefined) continue;
        const labels = identity ? identityLabels(gpu, t) : { UUID: gpu.uuid };
        const key = JSON.stringify(labels);
        let series = bySeries.get(key);
        if (!series) bySeries.set(key, (series = { metric: labels, values: [] }));
        series.values.push([t / 1000, String(value)]);
      }
      out.push(...bySeries.values());
    }
    return out;
  }
}

function identityLabels(gpu: FakeGpu, at: number): Labels {
  const pod = gpu.podAt?.(at);
  return {
    UUID: gpu.uuid,
    gpu: String(gpu.index),
    modelName: gpu.model ?? 'NVIDIA H100 80GB HBM3',
    Hostname: gpu.hostname,
    ...(pod ? { namespace: pod.namespace, pod: pod.pod } : {}),
    ...gpu.labels,
  };
}

/** `count` nodes of `perNode` GPUs named node-1…, with UUIDs GPU-<node>-<index>. */
export function fakeGpus(count: number, perNode = 8, extra: Partial<FakeGpu> = {}): FakeGpu[] {
  return Array.from({ length: count * perNode }, (_, i) => ({
    uuid: `GPU-${Math.floor(i / perNode) + 1}-${i % perNode}`,
    hostname: `node-${Math.floor(i / perNode) + 1}`,
    index: i % perNode,
    ...extra,
  }));
}
