// The console beside what its users run today, Grafana over Prometheus fed by dcgm-exporter, on the same
// simulated history, at 1,024, 8,192 or 32,768 GPUs (`bench/fleet.ts <gpus>`). One data set per run, built by the
// real path (bench/lib/dataset.ts) while every minute the collector reads is also written as dcgm-exporter's
// series into a real Prometheus (bench/lib/dcgm-history.ts, promtool). Then, interleaved request by request
// over HTTP: the console's endpoints (a production `next start`, signed in) against the requests Grafana sends
// for the same view, raw and with the recording rules a tuned Prometheus has. Also the live collection of one
// minute, the overview page, the fleet map in the server and in Chromium, and the disk per stored GPU-minute.
// Run under `node --conditions=react-server --import tsx` (npm run bench does), where `server-only` is allowed.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchLiveCollect } from './collect';
import { mapInChromium, mapInProcess, mapVerdict } from './fleet-map';
import { builtApp, removeDir, workDir } from './lib/app';
import { chartProfile, type ChartProfile } from './lib/chart-profile';
import { BENCH_PASSWORD, BENCH_USER, openDataset, type Dataset, type DatasetSpec } from './lib/dataset';
import { DcgmHistory } from './lib/dcgm-history';
import { loadAverage, writeResult } from './lib/machine';
import {
  backfillRules,
  diskBytes,
  grafanaRange,
  settled,
  startPrometheus,
  type AnswerSize,
  type Prometheus,
} from './lib/prometheus';
import { benchMain, onInterrupt, stopAll } from './lib/processes';
import { sampleStore } from './lib/sample-store';
import { ratio, round, summarize, timeRuns, type Summary } from './lib/stats';
import { fetchWhole, signIn, startWeb, type WebServer } from './lib/web';

export const FLEET_SETS: Record<string, DatasetSpec> = {
  '1024': { name: 'fleet-1024', nodes: 128, backfillDays: 7, backfillSampleHours: 168, needsFreeGiB: 10 },
  // The collector holds a write batch in memory: a simulated day of 8,192 GPUs, with the peer's history written
  // beside it, ran out of node's 4 GB heap, so it writes every 8 hours (half the GPU-minutes of 32,768's 4-hour batches).
  '8192': {
    name: 'fleet-8192',
    nodes: 1024,
    backfillDays: 7,
    backfillSampleHours: 168,
    catchUpBatchMinutes: 480,
    needsFreeGiB: 45,
  },
  // One day of minute samples is enough to see how the cost of "now" and of a day grows; it writes every 4 hours.
  '32768': {
    name: 'fleet-32768',
    nodes: 4096,
    backfillDays: 1,
    backfillSampleHours: 24,
    catchUpBatchMinutes: 240,
    needsFreeGiB: 45,
  },
};

const RUNS = Number(process.env.BENCH_PEER_RUNS ?? 15);
/**
 * The least pause before each request of the interleaved runs; after a request it is at least as long as that
 * request took. A raw query over 7 days (seconds of work) leaves Prometheus collecting its garbage after its answer,
 * and that must not be billed to whichever request of either system comes next.
 */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 250);
const PAGE_RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WITH_BROWSER = process.env.BENCH_SKIP_BROWSER !== '1';

/** Grafana's panels on a 1440-px screen: a full-width fleet chart, node panels two to a row. */
const FULL_WIDTH_PX = 1300;
const HALF_WIDTH_PX = 650;

/** What a tuned Prometheus records every minute for the fleet chart (DOMAIN.md's figures, in PromQL). */
const FLEET_RAW = {
  utilization: 'avg(DCGM_FI_DEV_GPU_UTIL{pod!=""})',
  allocation: 'count(DCGM_FI_DEV_GPU_UTIL{pod!=""}) / count(DCGM_FI_DEV_GPU_UTIL)',
  healthy: 'count(DCGM_FI_DEV_XID_ERRORS == 0) / count(DCGM_FI_DEV_XID_ERRORS)',
};
const FLEET_RULES = {
  utilization: 'fleet:gpu_utilization:avg',
  allocation: 'fleet:gpu_allocation:ratio',
  healthy: 'fleet:gpu_healthy:ratio',
};
const RULES_YAML = `groups:
  - name: fleet
    interval: 1m
    rules:
${Object.entries(FLEET_RULES)
  .map(([key, record]) => `      - record: ${record}\n        expr: ${FLEET_RAW[key as keyof typeof FLEET_RAW]}`)
  .join('\n')}
`;
/** The four panels of NVIDIA's DCGM dashboard for one host. */
const NODE_METRICS = ['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_POWER_USAGE', 'DCGM_FI_DEV_GPU_TEMP'];

const prometheusVersion = () =>
  execFileSync(process.env.PROMETHEUS_BIN ?? 'prometheus', ['--version'])
    .toString()
    .split('\n')[0];

/** A request read to its end: the bytes of its answer (of all its answers, for a panel's queries). */
type Request = () => Promise<number>;
interface PeerSide {
  what: string[];
  request: Request;
  /** What the panel's answers hold, asked once before the timed runs: a bench that timed empty answers is wrong. */
  answers?: () => Promise<AnswerSize[]>;
}
interface View {
  name: string;
  console: { what: string; request: Request };
  peer: Record<'raw' | 'tuned', PeerSide | undefined>;
}

const sum = (sizes: number[]) => sizes.reduce((total, size) => total + size, 0);

type Figures = Summary & { bytes: number; samples: number[] };

/** A view's requests alternated with one peer's, the order reversed every other run, each after a pause. */
async function alternate(sides: [string, Request][]): Promise<(key: string) => Figures> {
  const times: Record<string, number[]> = Object.fromEntries(sides.map(([key]) => [key, []]));
  const bytes: Record<string, number> = {};
  let lastMs = 0;
  for (let run = -2; run < RUNS; run++) {
    for (const [key, request] of run % 2 ? [...sides].reverse() : sides) {
      await sleep(Math.max(SETTLE_MS, lastMs));
      const t0 = performance.now();
      bytes[key] = await request();
      lastMs = performance.now() - t0;
      if (run >= 0) times[key].push(lastMs);
    }
  }
  return (key) => ({ bytes: bytes[key], ...summarize(times[key]), samples: times[key].map(round) });
}

/**
 * Each view's console request beside each of the peer's ways of answering it, one pair at a time: the console and
 * the raw Prometheus alternated, then the console and the tuned one, so that neither comparison carries the other's
 * after-effects (a raw query over 7 days leaves Prometheus collecting gigabytes of garbage on the same two cores,
 * which slowed whichever request came next by several milliseconds). Grafana sends a panel's queries at once: the
 * peer's time is the last of them answered.
 */
async function interleaved(view: View) {
  const answers: Record<string, AnswerSize[]> = {};
  for (const [key, side] of Object.entries(view.peer)) {
    if (!side?.answers) continue;
    answers[key] = await side.answers();
    const thin = answers[key].findIndex((answer) => answer.samples < 2);
    if (thin >= 0) throw new Error(`${view.name}: ${side.what[thin]} answered ${JSON.stringify(answers[key][thin])}`);
  }
  const pairs = Object.entries(view.peer).flatMap(([key, side]) => (side ? [[key, side] as const] : []));
  const consoleBeside: Record<string, Figures> = {};
  const peer: Record<string, Figures & { queries: string[]; answers?: AnswerSize[] }> = {};
  const ratios: Record<string, number> = {};
  for (const [key, side] of pairs) {
    const figures = await alternate([
      ['console', view.console.request],
      [key, side.request],
    ]);
    consoleBeside[key] = figures('console');
    const own = figures(key);
    peer[key] = { queries: side.what, answers: answers[key], ...own };
    // console / peer: under 1 the console is faster.
    ratios[key] = ratio(consoleBeside[key].medianMs, own.medianMs);
  }
  // The console's figure shown alone: beside the tuned peer where there is one (the target), else the raw one.
  const alone = pairs.length ? null : (await alternate([['console', view.console.request]]))('console');
  const shown = consoleBeside.tuned ?? consoleBeside.raw ?? alone!;
  const result = {
    console: { what: view.console.what, ...shown },
    consoleBeside,
    peer,
    ratio: ratios,
  };
  console.log(
    `[bench] ${view.name}: ${
      pairs.length
        ? pairs
            .map(
              ([key]) =>
                `console ${consoleBeside[key].medianMs} ms beside ${key} ${peer[key].medianMs} ms (x${ratios[key]})`,
            )
            .join('; ')
        : `console ${shown.medianMs} ms`
    }`,
  );
  return result;
}

function views(web: WebServer, cookie: string, prometheus: Prometheus, to: Date, node: { id: number; host: string }) {
  const span = (ms: number) => ({ from: new Date(to.getTime() - ms), to });
  const q = (range: { from: Date; to: Date }) => `from=${range.from.toISOString()}&to=${range.to.toISOString()}`;
  const fleetChart = (label: string, ms: number): View => {
    const range = span(ms);
    const grafana = grafanaRange(range.from, range.to, FULL_WIDTH_PX);
    const panel = (queries: string[]): PeerSide => ({
      what: queries.map((query) => `query_range ${query} step=${grafana.step}s`),
      request: async () => sum(await Promise.all(queries.map((query) => prometheus.range(query, grafana)))),
      answers: () => Promise.all(queries.map((query) => prometheus.rangeSamples(query, grafana))),
    });
    return {
      name: `fleet chart ${label}`,
      console: {
        what: `GET /api/fleet/series?${q(range)}`,
        request: () => fetchWhole(`${web.base}/api/fleet/series?${q(range)}`, cookie, '"points"'),
      },
      peer: { raw: panel(Object.values(FLEET_RAW)), tuned: panel(Object.values(FLEET_RULES)) },
    };
  };
  const nodeHistory = (label: string, ms: number): View => {
    const range = span(ms);
    const grafana = grafanaRange(range.from, range.to, HALF_WIDTH_PX);
    const queries = NODE_METRICS.map((metric) => `${metric}{Hostname="${node.host}"}`);
    return {
      name: `node ${label}`,
      console: {
        what: `GET /api/nodes/${node.id}/series?${q(range)}`,
        request: () => fetchWhole(`${web.base}/api/nodes/${node.id}/series?${q(range)}`, cookie, '"series"'),
      },
      // No recording rule makes one host's raw series cheaper: the tuned Prometheus sends the same.
      peer: {
        raw: {
          what: queries.map((query) => `query_range ${query} step=${grafana.step}s`),
          request: async () => sum(await Promise.all(queries.map((query) => prometheus.range(query, grafana)))),
          answers: () => Promise.all(queries.map((query) => prometheus.rangeSamples(query, grafana))),
        },
        tuned: undefined,
      },
    };
  };
  const at = to.getTime() / 1000;
  const map: View = {
    name: 'fleet map now',
    console: {
      what: 'GET /api/fleet/map',
      request: () => fetchWhole(`${web.base}/api/fleet/map`, cookie, '"gpus"'),
    },
    peer: {
      raw: {
        what: NODE_METRICS.map((metric) => `query ${metric}`),
        request: async () => sum(await Promise.all(NODE_METRICS.map((metric) => prometheus.instant(metric, at)))),
      },
      tuned: undefined,
    },
  };
  // The whole overview (what the overview page refreshes from) beside the raw panel, and the floor of a request.
  const overview: View = {
    ...fleetChart('7d', 7 * 86_400_000),
    name: 'overview 7d (whole)',
    console: {
      what: `GET /api/overview?${q(span(7 * 86_400_000))}`,
      request: () => fetchWhole(`${web.base}/api/overview?${q(span(7 * 86_400_000))}`, cookie, '"series"'),
    },
  };
  const health: View = {
    name: 'api health (floor)',
    console: { what: 'GET /api/health', request: () => fetchWhole(`${web.base}/api/health`, cookie, '"database"') },
    peer: { raw: undefined, tuned: undefined },
  };
  return [
    health,
    overview,
    fleetChart('24h', 86_400_000),
    fleetChart('7d', 7 * 86_400_000),
    nodeHistory('24h', 86_400_000),
    nodeHistory('7d', 7 * 86_400_000),
    map,
  ];
}

/**
 * Where each chart request's time goes (bench/lib/chart-profile.ts), beside its median over HTTP. The fleet chart is
 * kept per process until the rollup changes, so the timed requests are answered from what is kept; `computed` is
 * the work of the first request after a new minute (the same points, worked out again from the rollup).
 */
async function chartProfiles(ds: Dataset, to: Date, nodeId: number, versus: Record<string, { console: Summary }>) {
  const { getFleetSeries } = await import('../lib/queries/fleet/series');
  const { fleetSeries } = await import('../lib/queries/overview/series');
  const { getNodeSeries } = await import('../lib/queries/nodes');
  const { bucketSeconds } = await import('../lib/time-range');
  const span = (ms: number) => ({ from: new Date(to.getTime() - ms), to });
  const computed = (ms: number) => () => fleetSeries(span(ms), bucketSeconds(span(ms)));
  const charts: [string, () => Promise<unknown>][] = [
    ['fleet chart 24h', () => getFleetSeries(span(86_400_000))],
    ['fleet chart 24h, computed', computed(86_400_000)],
    ['fleet chart 7d', () => getFleetSeries(span(7 * 86_400_000))],
    ['fleet chart 7d, computed', computed(7 * 86_400_000)],
    ['node 24h', () => getNodeSeries(nodeId, span(86_400_000))],
    ['node 7d', () => getNodeSeries(nodeId, span(7 * 86_400_000))],
  ];
  const profile: Record<string, ChartProfile> = {};
  for (const [name, work] of charts) {
    profile[name] = await chartProfile(work, ds.url, versus[name]?.console.medianMs ?? null, RUNS);
    const { inProcess, sql, json, routeMs } = profile[name];
    console.log(
      `[bench] ${name}: in process ${inProcess.medianMs} ms (SQL ${sql.staged.medianMs} ms), JSON ${json.bytes} B, route ${routeMs ?? '-'} ms`,
    );
  }
  return profile;
}

/** The history in a real Prometheus: raw blocks (compacted as Prometheus does), then the recording rules. */
async function buildPeer(history: DcgmHistory, dir: string, from: Date, to: Date) {
  const built = await history.finish();
  console.log(`[bench] Prometheus history: ${JSON.stringify(built)}`);
  let prometheus = await startPrometheus(history.blocksDir);
  onInterrupt(() => prometheus.stop());
  const rawSettled = await settled(prometheus);
  const rawBytes = diskBytes(history.blocksDir);
  const series = await prometheus.metric('prometheus_tsdb_head_series');
  const rulesFile = path.join(dir, 'rules.yml');
  writeFileSync(rulesFile, RULES_YAML);
  const rules = await backfillRules(prometheus, rulesFile, from, to, path.join(dir, 'rules-out'));
  await prometheus.stop();
  prometheus = await startPrometheus(history.blocksDir);
  const tunedSettled = await settled(prometheus);
  console.log(`[bench] Prometheus: ${round(rawBytes / 2 ** 20)} MiB raw, rules ${JSON.stringify(rules)}`);
  return {
    prometheus,
    figures: {
      history: built,
      raw: { ...rawSettled, bytes: rawBytes, headSeries: series },
      rules: { file: RULES_YAML, ...rules, settled: tunedSettled, bytesAfter: diskBytes(history.blocksDir) },
      bytesPerGpuMinute: round(rawBytes / built.gpuMinutes),
    },
  };
}

function partialRun(days: number, fullDays: number): string | null {
  const left = [
    ...(days < fullDays ? [`${days} of ${fullDays} days of history`] : []),
    ...(WITH_BROWSER ? [] : ['no Chromium (BENCH_SKIP_BROWSER)']),
  ];
  return left.length ? left.join('; ') : null;
}

export async function benchFleet(size: string) {
  const known = FLEET_SETS[size];
  if (!known) throw new Error(`No fleet data set of ${size} GPUs; known: ${Object.keys(FLEET_SETS).join(', ')}`);
  // BENCH_FLEET_DAYS shortens the history for a quick look at the harness; the result says which it was.
  const days = Number(process.env.BENCH_FLEET_DAYS ?? known.backfillDays);
  const spec = { ...known, backfillDays: days, backfillSampleHours: days * 24 };
  const gpus = spec.nodes * 8;
  const loadBefore = loadAverage();
  const work = workDir();
  const peerDir = path.join(work.dir, `prometheus-${size}`);
  const dataDir = path.join(work.dir, `data-${spec.name}`);
  let ds: Dataset | undefined;
  let prometheus: Prometheus | undefined;
  let web: WebServer | undefined;
  const cleanup = () => {
    removeDir(dataDir);
    removeDir(peerDir);
    if (work.owned) removeDir(work.dir);
  };
  onInterrupt(cleanup);
  onInterrupt(() => ds?.stop());
  try {
    let history: DcgmHistory | undefined;
    ds = await openDataset(spec, work.dir, {
      watch(topology) {
        const writer = new DcgmHistory(path.join(peerDir, 'text'), path.join(peerDir, 'data'), topology);
        onInterrupt(() => writer.stop());
        history = writer;
        return (snapshot) => writer.add(snapshot);
      },
    });
    if (!history) throw new Error('the collector read no history');
    const from = new Date(history.firstMinute);
    const to = new Date(history.lastMinute + 60_000);
    const console_ = await sampleStore(ds.pool);
    const peer = await buildPeer(history, peerDir, from, to);
    prometheus = peer.prometheus;
    rmSync(path.join(peerDir, 'text'), { recursive: true, force: true });

    const collect = await benchLiveCollect(ds);
    const { getFleetMap } = await import('../lib/queries/fleet/map');
    const mapServer = await mapInProcess(() => getFleetMap(), ds, gpus);

    web = await startWeb(await builtApp(work.dir), ds.url);
    const cookie = await signIn(web.base, BENCH_USER, BENCH_PASSWORD);
    const { rows } = await ds.pool.query<{ id: number; hostname: string }>(
      'SELECT id, hostname FROM node ORDER BY id LIMIT 1',
    );
    const node = { id: rows[0].id, host: rows[0].hostname };
    const versus: Record<string, Awaited<ReturnType<typeof interleaved>>> = {};
    for (const view of views(web, cookie, prometheus, to, node)) versus[view.name] = await interleaved(view);
    const profile = await chartProfiles(ds, to, node.id, versus);

    const page: Record<string, Summary> = {};
    for (const [label, ms] of [
      ['24h', 86_400_000],
      ['7d', 7 * 86_400_000],
    ] as const) {
      const range = `from=${new Date(to.getTime() - ms).toISOString()}&to=${to.toISOString()}`;
      page[label] = await timeRuns(PAGE_RUNS, () => fetchWhole(`${web!.base}/?${range}`, cookie, 'Fleet overview'));
      console.log(`[bench] GET / (${label}): ${page[label].medianMs} ms`);
    }
    // The fleet keeps reporting while the map is drawn, as fleet-map-<gpus> has it: the peer's part left the
    // history's last minute behind, and a map of silent GPUs is not what users look at.
    const mapBrowser = WITH_BROWSER
      ? await mapInChromium(web, cookie, gpus, () => ds!.collector.advance(new Date()))
      : null;

    return writeResult(
      spec.name,
      {
        gpus,
        // What this run left out of the full benchmark, so no table takes it for one; null for a full run.
        partial: partialRun(days, known.backfillDays),
        dataSet: { ...spec, build: ds.build, history: { from, to } },
        peer: {
          what: 'Prometheus (Debian) over the same history as dcgm-exporter series, queried as Grafana does',
          prometheus: prometheusVersion(),
          panelWidthPx: { full: FULL_WIDTH_PX, half: HALF_WIDTH_PX },
          ...peer.figures,
        },
        versus,
        profile,
        disk: {
          console: console_,
          prometheus: { bytes: peer.figures.raw.bytes, bytesPerGpuMinute: peer.figures.bytesPerGpuMinute },
          ratio: ratio(console_.bytesPerGpuMinute, peer.figures.bytesPerGpuMinute),
        },
        collect,
        overviewPage: page,
        fleetMap: {
          inProcess: mapServer,
          browser: mapBrowser,
          verdict: mapBrowser ? mapVerdict(mapBrowser) : null,
        },
      },
      loadBefore,
    );
  } finally {
    await (globalThis as { fleetDb?: { $disconnect(): Promise<void> } }).fleetDb?.$disconnect().catch(() => {});
    await web?.stop();
    await prometheus?.stop();
    await stopAll();
    await ds?.stop();
    cleanup();
  }
}

if (import.meta.filename === process.argv[1]) benchMain(`fleet-${process.argv[2]}`, () => benchFleet(process.argv[2]));
