import { describe, expect, it } from 'vitest';
import { PrometheusSource } from '@/lib/sources/prometheus';
import type { PrometheusConfig } from '@/lib/sources/prometheus';
import { SourceError, type Snapshot } from '@/lib/sources/types';
import { fakeGpus, FakePrometheusApi, type Reading } from '../fakes/prometheus-api';
import { sourceFailure } from '../source-failure';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const config: PrometheusConfig = {
  url: 'http://prometheus.test:9090',
  timeoutMs: 1_000,
  scrapeSeconds: 15,
  pricingClass: 'on_demand',
  clusterName: 'test',
};
/** Minutes are read once their last scrape has landed: scrape interval + 10 s after they end, at least 30 s. */
const LAG = 30_000;

/** Utilization is the minute's index (so each sample says which window it came from); a few gauges; no errors. */
const GAUGES: Record<string, number> = {
  DCGM_FI_DEV_POWER_USAGE: 500,
  DCGM_FI_DEV_GPU_TEMP: 60,
  DCGM_FI_DEV_FB_USED: 1000,
};
const byMinute: Reading = (metric, _gpu, at) =>
  metric === 'DCGM_FI_DEV_GPU_UTIL' ? (at / MINUTE) % 100 : GAUGES[metric];

function setup(read: Reading = byMinute, nodes = 2, clockAt = T0) {
  const api = new FakePrometheusApi(fakeGpus(nodes, 2), read);
  const clock = { now: clockAt };
  const source = new PrometheusSource(config, { api, now: () => clock.now });
  return { api, clock, source };
}

/**
 * What the collector does: one call per minute boundary from `from` to `to`. The first call resumes with the
 * minute that ended a lag before `from` (a cursor's last minute is read a lag late).
 */
async function catchUp(source: PrometheusSource, from: number, to: number, every = 1): Promise<Snapshot[]> {
  const snapshots: Snapshot[] = [];
  for (let cursor = from; cursor < to;) {
    const next = Math.min(to, Math.floor(cursor / MINUTE) * MINUTE + MINUTE);
    snapshots.push(await source.collect(new Date(cursor), new Date(next), { sampleEveryMinutes: every }));
    cursor = next;
  }
  return snapshots;
}

const minutesOf = (snapshots: Snapshot[]) => [
  ...new Set(snapshots.flatMap((s) => s.samples.map((sample) => sample.ts.getTime()))),
];

describe('PrometheusSource', () => {
  it('catches up with one range read per metric for a stretch, and a live step is one instant read', async () => {
    const now = T0 + 30 * MINUTE + 45_000;
    const { api, clock, source } = setup(byMinute, 2, now);
    const snapshots = await catchUp(source, T0 + MINUTE, now);
    expect(api.calls.every((call) => call.kind === 'query_range')).toBe(true);
    expect(api.calls).toHaveLength(14);
    // Every minute that ended by now - lag, once, for all 4 GPUs; each sample stands for the minute it ends.
    const minutes = minutesOf(snapshots);
    expect(minutes).toEqual(Array.from({ length: 30 }, (_, i) => T0 + (i + 1) * MINUTE));
    const samples = snapshots.flatMap((s) => s.samples);
    expect(samples).toHaveLength(30 * 4);
    for (const sample of samples) expect(sample.util).toBe((sample.ts.getTime() / MINUTE) % 100);

    api.calls.length = 0;
    clock.now += MINUTE;
    const live = await source.collect(new Date(now), new Date(clock.now));
    expect(api.calls.map((call) => call.kind)).toEqual(Array(14).fill('query'));
    expect(minutesOf([live])).toEqual([T0 + 31 * MINUTE]);
  });

  it('waits for a minute’s last scrape to land before reading it', async () => {
    const { api, clock, source } = setup(byMinute, 1, T0 + MINUTE + LAG - 1_000);
    const early = await source.collect(new Date(T0 + MINUTE), new Date(clock.now));
    expect(early.samples).toEqual([]);
    expect(api.calls).toHaveLength(0);
    clock.now += 2_000;
    const due = await source.collect(new Date(early.at), new Date(clock.now));
    expect(minutesOf([due])).toEqual([T0 + MINUTE]);
  });

  it('skips a stretch Prometheus holds nothing for, but fails when the latest minutes have no metrics', async () => {
    const from = T0 - 2 * 3_600_000;
    const startsAt: Reading = (metric, gpu, at) => (at > T0 ? byMinute(metric, gpu, at) : undefined);
    const now = T0 + 5 * MINUTE + 30_000;
    const { source } = setup(startsAt, 1, now);
    const snapshots = await catchUp(source, from, now);
    expect(minutesOf(snapshots)).toEqual([1, 2, 3, 4, 5].map((i) => T0 + i * MINUTE));
    // Before the data began, nodes were neither up nor down: no node states were invented.
    expect(snapshots[0].nodes).toEqual([]);

    const stopped: Reading = (metric, gpu, at) => (at <= T0 + 3 * MINUTE ? byMinute(metric, gpu, at) : undefined);
    const dead = setup(stopped, 1, now);
    const error = await sourceFailure(catchUp(dead.source, T0, now));
    expect(error.reason).toBe('bad_response');
    expect(error.message).toContain('holds no dcgm-exporter metrics (DCGM_FI_DEV_GPU_UTIL) since');
  });

  it('does not report again, after a restart, an XID the gauge still holds', async () => {
    const sticky: Reading = (metric, gpu, at) =>
      metric === 'DCGM_FI_DEV_XID_ERRORS'
        ? gpu.uuid === 'GPU-1-0' && at > T0 + 2 * MINUTE
          ? 79
          : 0
        : byMinute(metric, gpu, at);
    const first = setup(sticky, 1, T0 + 6 * MINUTE);
    const before = await catchUp(first.source, T0, T0 + 6 * MINUTE);
    const faults = before.flatMap((s) => s.faults);
    expect(faults).toMatchObject([{ kind: 'xid', code: 79, fatal: true, gpuUuid: 'GPU-1-0' }]);
    expect(before.flatMap((s) => s.samples).filter((s) => s.xid)).toHaveLength(1);

    const restarted = setup(sticky, 1, T0 + 12 * MINUTE);
    const after = await catchUp(restarted.source, T0 + 6 * MINUTE, T0 + 12 * MINUTE);
    expect(after.flatMap((s) => s.samples).length).toBeGreaterThan(0);
    expect(after.flatMap((s) => s.faults)).toEqual([]);
  });

  it('leaves a node whose GPUs vanish as it was, with no fault and no samples for them', async () => {
    const lost: Reading = (metric, gpu, at) =>
      gpu.hostname === 'node-2' && at > T0 + 3 * MINUTE ? undefined : byMinute(metric, gpu, at);
    const { source } = setup(lost, 2, T0 + 6 * MINUTE);
    const snapshots = await catchUp(source, T0, T0 + 6 * MINUTE);
    const last = snapshots[snapshots.length - 1];
    // Prometheus cannot tell a dead node from a dead exporter: not reporting is shown as such, never as down.
    expect(last.nodes.map((n) => [n.hostname, n.state])).toEqual([
      ['node-1', 'ready'],
      ['node-2', 'ready'],
    ]);
    const node2 = snapshots.flatMap((s) => s.samples).filter((s) => s.uuid.startsWith('GPU-2-'));
    expect(Math.max(...node2.map((s) => s.ts.getTime()))).toBe(T0 + 3 * MINUTE);
    expect(snapshots.flatMap((s) => s.faults)).toEqual([]);
  });

  it('reads one sample per period when asked to, averaged over the period', async () => {
    const now = T0 + 60 * MINUTE + 30_000;
    const { api, source } = setup(byMinute, 1, now);
    const snapshots = await catchUp(source, T0 + MINUTE, now, 10);
    expect(minutesOf(snapshots)).toEqual([1, 2, 3, 4, 5, 6].map((i) => T0 + i * 10 * MINUTE));
    expect(api.calls[0].promql).toContain('[600s]');
  });

  it('fails with the API’s error and returns nothing', async () => {
    const { api, source } = setup(byMinute, 1, T0 + 5 * MINUTE);
    api.failure = new SourceError('Prometheus at http://prometheus.test:9090 answered 401: check it', 'unauthorized');
    await expect(source.collect(new Date(T0), new Date(T0 + 5 * MINUTE))).rejects.toMatchObject({
      reason: 'unauthorized',
    });
  });

  it('reads the topology from the last hour of labels, and fails when there is none', async () => {
    const { source } = setup(byMinute, 2, T0);
    const topology = await source.topology();
    expect(topology.nodes.map((n) => n.hostname)).toEqual(['node-1', 'node-2']);
    expect(topology.pools).toMatchObject([{ name: 'h100-on-demand', desiredNodes: 2, gpusPerNode: 2 }]);
    const none = setup(() => undefined, 2, T0);
    await expect(none.source.topology()).rejects.toMatchObject({ reason: 'bad_response' });
  });

  it('lets a composition charge each sample, handing it the labels dcgm-exporter put on the GPU', async () => {
    const labels: Record<string, string>[] = [{ hpc_job: '4101' }, { pod_namespace: 'ml', pod_name: 'train-0' }, {}];
    const gpus = fakeGpus(1, 3).map((gpu, i) => ({ ...gpu, labels: labels[i] }));
    const api = new FakePrometheusApi(gpus, byMinute);
    const source = new PrometheusSource({ ...config, synthesizeJobs: false }, { api, now: () => T0 + 2 * MINUTE });
    const seen: [string | null, string | null, number][] = [];
    source.chargeWith((gpu, at) => {
      seen.push([gpu.pod, gpu.hpcJob, at.getTime()]);
      return gpu.hpcJob ?? gpu.pod;
    });
    const snapshot = await source.collect(new Date(T0 + MINUTE), new Date(T0 + 2 * MINUTE));
    expect(snapshot.samples.map((s) => [s.uuid, s.jobExternalId])).toEqual([
      ['GPU-1-0', '4101'],
      ['GPU-1-1', 'ml/train-0'],
      ['GPU-1-2', null],
    ]);
    expect(seen).toEqual([
      [null, '4101', T0],
      ['ml/train-0', null, T0],
      [null, null, T0],
    ]);
    expect(snapshot.jobs).toEqual([]);
    expect([...source.sightings().values()].map((gpu) => [gpu.uuid, gpu.hostname, gpu.index])).toEqual([
      ['GPU-1-0', 'node-1', 0],
      ['GPU-1-1', 'node-1', 1],
      ['GPU-1-2', 'node-1', 2],
    ]);
  });
});
