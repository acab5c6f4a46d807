// Coverage through a real Prometheus (Debian's package) scraping the simulator's dcgm-exporter endpoint every
// second, in real time: the console's history begins an hour before Prometheus started (started late), then minute
// by minute, each phase switched 2 s before or after a minute's end so that it holds whole minutes:
//   A  minute ending at B+1: all 16 GPUs (2 nodes of 8) are exposed
//   B  minute ending at B+2: node 2 and GPU 1 of node 1 are gone from the exposition (a silent node, and a silent
//      GPU on a live node)
//   C  minute ending at B+3: the exporter is stopped (Prometheus's scrapes fail: an outage)
//   D  minute ending at B+4: the exporter is back, all 16 GPUs
// The collector reads after each. Expected rows, by hand (provisioned, healthy, allocated, silent): the minutes up to
// B (Prometheus's first, the GPUs all exposed) and A: 16 16 0 0; B: 7 7 0 9; C: none; D: 16 16 0 0; none in the
// hour before Prometheus's first scrape. No job holds a GPU (the exposition carries no pods).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSimulator } from '@/lib/sources/simulator';
import { startExporterServer, type ExporterServer } from '@/lib/sources/simulator/exporter-server';
import { toDcgmExposition } from '@/lib/sources/simulator/exposition';
import { SourceError } from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { openPrometheus, type PrometheusSessionConfig } from '@/lib/worker/prometheus-session';
import { evaluateSlos } from '@/lib/worker/slo';
import { session } from './fake-session';
import { ALL_MINUTES } from './minutes';
import { freePort, PROMETHEUS_MISSING, PrometheusProcess, sleepUntil } from './prometheus-process';
import { failWhenMissing } from './installed';
import { stopStarted } from './stop-started';

// The console watches the cluster this test collects (the URL is the test's own, given to the collector below);
// a GPU silent for 10 s beyond Prometheus's normal lag (30 s + a minute) is not reporting: 100 s in all.
process.env.FLEET_SOURCE = 'prometheus';
process.env.PROMETHEUS_URL = 'http://127.0.0.1:9';
process.env.PROMETHEUS_CLUSTER_NAME = 'prom-coverage';
process.env.FLEET_STALE_AFTER_SECONDS = '10';
vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { getFleetMap } = await import('@/lib/queries/fleet/map');
const { getOverview } = await import('@/lib/queries/overview');
const { GET: getMapRoute } = await import('@/app/api/fleet/map/route');
const { GET: getNodeRoute } = await import('@/app/api/nodes/[id]/route');

const MINUTE = 60_000;
/** The source reads a minute 30 s after it ends; a little more, so its last scrapes have landed. */
const READ_AFTER_MS = 32_000;
const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE) * MINUTE;

/** Sixteen GPUs' readings held still, as dcgm-exporter exposes them, all or without node 2 and one GPU of node 1. */
async function expositions() {
  const start = new Date('2026-11-02T08:00:00Z');
  const sim = createSimulator({ seed: 11, nodes: 2, startTime: start });
  const snapshot = sim.collectSync(start, new Date(start.getTime() + 20 * MINUTE));
  const topology = await sim.topology();
  const last = Math.max(...snapshot.samples.map((s) => s.ts.getTime()));
  const samples = snapshot.samples
    .filter((s) => s.ts.getTime() === last)
    .map((s) => ({ ...s, jobExternalId: null, throttled: false, xid: 0 }));
  const [node1, node2] = topology.nodes;
  const gone = new Set([...node2.gpus.map((gpu) => gpu.uuid), node1.gpus[1].uuid]);
  return {
    topology,
    all: toDcgmExposition(samples, topology),
    partial: toDcgmExposition(
      samples.filter((s) => !gone.has(s.uuid)),
      topology,
    ),
    power: new Map(samples.map((s) => [s.uuid, s.powerW])),
  };
}

failWhenMissing('coverage through Prometheus', PROMETHEUS_MISSING);

describe.skipIf(PROMETHEUS_MISSING)('coverage through a real Prometheus, started late and stopped midway', () => {
  let pool: pg.Pool;
  let exporter: ExporterServer | null = null;
  let prometheus: PrometheusProcess;
  let text = '';
  let exporterPort = 0;
  let collector: Collector;
  let b = 0;
  let prometheusStartedAt = 0;
  let data: Awaited<ReturnType<typeof expositions>>;

  const config = (): PrometheusSessionConfig => ({
    prometheus: prometheus.sourceConfig('prom-coverage'),
    backfillSampleHours: 1,
  });
  const serve = async () => {
    exporter = await startExporterServer(() => text, { host: '127.0.0.1', port: exporterPort });
    exporterPort = exporter.port;
  };
  /** Collects as the worker does: a failure is recorded in data_source and returned. */
  const step = async (): Promise<SourceError | null> => {
    try {
      await collector.advance(new Date());
      return null;
    } catch (error) {
      await collector.recordFailure('prometheus', error);
      if (error instanceof SourceError) return error;
      throw error;
    }
  };
  const rows = async () =>
    (
      await pool.query<{ ts: Date; p: number; h: number; a: number; s: number }>(
        `SELECT ts, sum(provisioned_gpus)::int AS p, sum(healthy_gpus)::int AS h, sum(allocated_gpus)::int AS a,
                sum(silent_gpus)::int AS s FROM pool_minute GROUP BY ts ORDER BY ts`,
      )
    ).rows.map((row) => [row.ts.getTime(), row.p, row.h, row.a, row.s]);
  const dataUntil = async () =>
    (await pool.query<{ data_until: Date | null }>('SELECT data_until FROM data_source')).rows[0]?.data_until ?? null;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    data = await expositions();
    text = data.all;
    await serve();
    prometheus = new PrometheusProcess(await freePort(), `127.0.0.1:${exporterPort}`);
    prometheusStartedAt = Date.now();
    await prometheus.start();
    await prometheus.holdsGpus(16);
    b = ceilMinute(Date.now() + 3_000);
    collector = new Collector(pool, { openSource: (p) => openPrometheus(p, config()), backfillSampleHours: 1 });
    expect(await collector.lead()).toBe(true);
  }, 90_000);

  afterAll(() => stopStarted({ collector, prometheus, exporter, pool }));

  it('writes nothing for the hour before Prometheus had data, then every GPU of each minute it covered', async () => {
    await sleepUntil(b + MINUTE - 2_000);
    text = data.partial; // phase B from 2 s before its minute
    await sleepUntil(b + MINUTE + READ_AFTER_MS);
    expect(await step()).toBeNull();
    const written = await rows();
    // The minutes up to A: Prometheus's first (partial) minute and the ones after it, all 16 GPUs.
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(written[0][0]).toBeGreaterThan(prometheusStartedAt);
    expect(written.at(-1)![0]).toBe(b + MINUTE);
    for (const row of written) expect(row.slice(1)).toEqual([16, 16, 0, 0]);
    expect(await dataUntil()).toEqual(new Date(b + MINUTE));
    // Power to the tenth of a watt, as exposed.
    const { rows: samples } = await pool.query<{ uuid: string; power_w: number }>(
      `SELECT g.uuid, s.power_w FROM ${ALL_MINUTES} s JOIN gpu g ON g.id = s.gpu_id WHERE s.ts = $1`,
      [new Date(b + MINUTE)],
    );
    expect(samples).toHaveLength(16);
    for (const row of samples) expect(row.power_w).toBe(data.power.get(row.uuid));
  }, 200_000);

  it('counts a silent node and a silent GPU on a live node as silent, in no other count', async () => {
    await sleepUntil(b + 2 * MINUTE - 2_000);
    await exporter!.close(); // phase C: the exporter stops 2 s before its minute
    exporter = null;
    await sleepUntil(b + 2 * MINUTE + READ_AFTER_MS);
    expect(await step()).toBeNull();
    expect((await rows()).at(-1)).toEqual([b + 2 * MINUTE, 7, 7, 0, 9]);
    expect(await dataUntil()).toEqual(new Date(b + 2 * MINUTE));
  }, 200_000);

  it('writes nothing for the outage, says why, and keeps data until at the last real reading', async () => {
    await sleepUntil(b + 3 * MINUTE + 2_000);
    text = data.all;
    await serve(); // phase D: back 2 s after its minute began
    await sleepUntil(b + 3 * MINUTE + READ_AFTER_MS);
    const error = await step();
    expect(error?.message).toContain('holds no dcgm-exporter metrics (DCGM_FI_DEV_GPU_UTIL) since');
    expect((await rows()).at(-1)![0]).toBe(b + 2 * MINUTE);
    expect(await dataUntil()).toEqual(new Date(b + 2 * MINUTE));

    // As of 35 s after C's end (a fixed instant, whatever this machine's load): node 2 and GPU 1 of node 1 last
    // read at A's end, 155 s before, past the 100 s limit; node 1's other GPUs read at B's end, 95 s before.
    const now = new Date(b + 3 * MINUTE + 35_000);
    const map = await getFleetMap(now);
    const [node1, node2] = map.nodes;
    expect(node2.silence).toEqual({ silent: true, since: new Date(b + MINUTE).toISOString() });
    expect(node1.silence).toEqual({ silent: false, since: null });
    const conditions = map.gpus.condition.map((c) => map.conditions[c]);
    expect(conditions.slice(0, 8)).toEqual(['idle', 'no_data', 'idle', 'idle', 'idle', 'idle', 'idle', 'idle']);
    expect(conditions.slice(8)).toEqual(Array(8).fill('no_data'));
    // Each GPU's last reading, whatever the lag: none is "no reading".
    expect(map.gpus.util.every((util) => util !== null)).toBe(true);
    const { freshness, nodes } = await getOverview({ from: new Date(b - 3_600_000), to: now }, { now });
    expect(freshness).toMatchObject({ failing: true, dataUntil: new Date(b + 2 * MINUTE).toISOString() });
    expect(Object.fromEntries(nodes.byState.map((row) => [row.state, row.count]))).toMatchObject({
      ready: 1,
      not_reporting: 1,
    });

    // The routes answer as of the clock: node 2 is silent by then whatever the time this took.
    session.user = { id: 1, email: 'v@x', name: 'V', role: 'viewer' };
    const answer = await (await getMapRoute(new Request('http://x/api/fleet/map'))).json();
    expect(answer.nodes[1].silence).toEqual({ silent: true, since: new Date(b + MINUTE).toISOString() });
    const node = await (
      await getNodeRoute(new Request(`http://x/api/nodes/${node2.id}`), {
        params: Promise.resolve({ id: String(node2.id) }),
      })
    ).json();
    expect(node.silence).toEqual({ silent: true, since: new Date(b + MINUTE).toISOString() });
    expect(node.gpus.map((gpu: { readingAt: string }) => gpu.readingAt)).toEqual(
      Array(8).fill(new Date(b + MINUTE).toISOString()),
    );
  }, 200_000);

  it('resumes after the outage without filling it, and the SLO says how much of its window was measured', async () => {
    await sleepUntil(b + 4 * MINUTE + READ_AFTER_MS);
    expect(await step()).toBeNull();
    const written = await rows();
    expect(written.slice(-3)).toEqual([
      [b + MINUTE, 16, 16, 0, 0],
      [b + 2 * MINUTE, 7, 7, 0, 9],
      [b + 4 * MINUTE, 16, 16, 0, 0],
    ]);
    expect(written.some(([ts]) => ts === b + 3 * MINUTE)).toBe(false);
    expect(await dataUntil()).toEqual(new Date(b + 4 * MINUTE));

    await pool.query(
      `INSERT INTO slo (name, kind, target, window_days) VALUES ('GPU availability', 'gpu_availability', 0.999, 1)`,
    );
    expect(await evaluateSlos(pool, new Date())).toBe(1);
    const { rows: snapshots } = await pool.query('SELECT at, sli, good, total, coverage FROM slo_snapshot');
    // Every minute written is whole but B (7 of 16 GPUs covered): the full ones and 7/16, of 1,440 minutes.
    const full = written.length - 1;
    const provisioned = full * 16 + 7;
    expect(snapshots).toEqual([
      {
        at: new Date(b + 4 * MINUTE),
        sli: 1,
        good: provisioned,
        total: provisioned,
        coverage: (full + 7 / 16) / 1440,
      },
    ]);
  }, 200_000);
});
