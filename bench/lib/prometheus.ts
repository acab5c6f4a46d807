// A real Prometheus (Debian's package) over blocks built from the bench's history, on a free port on 127.0.0.1,
// and the requests Grafana sends it: query_range with the step Grafana picks for a panel's width, instant queries.
import { readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../lib/db/embedded';
import { runToEnd, signalGroup, start, type Started } from './processes';

const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? 'prometheus';
const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? 'promtool';

/** Bytes under a folder, as `du` counts them (allocated blocks). */
export function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(full);
    else if (entry.isFile()) total += statSync(full).blocks * 512;
  }
  return total;
}

/** Grafana's kbn.round_interval: the "nice" interval at or under a raw one, in ms. */
function roundInterval(ms: number): number {
  const table: [number, number][] = [
    [45_000, 30_000],
    [90_000, 60_000],
    [210_000, 120_000],
    [450_000, 300_000],
    [750_000, 600_000],
    [1_050_000, 900_000],
    [1_500_000, 1_200_000],
    [2_700_000, 1_800_000],
    [5_400_000, 3_600_000],
    [9_000_000, 7_200_000],
    [16_200_000, 10_800_000],
    [32_400_000, 21_600_000],
    [86_400_000, 43_200_000],
  ];
  return table.find(([under]) => ms < under)?.[1] ?? 86_400_000;
}

/**
 * The step Grafana sends for a panel `widthPx` wide (its max data points) over [from, to], never under the data
 * source's scrape interval, with the range aligned to the step as its Prometheus data source does.
 */
export function grafanaRange(from: Date, to: Date, widthPx: number, scrapeIntervalMs = 60_000) {
  const stepMs = Math.max(scrapeIntervalMs, roundInterval((to.getTime() - from.getTime()) / widthPx));
  const align = (t: number) => Math.floor(t / stepMs) * stepMs;
  return { start: align(from.getTime()) / 1000, end: align(to.getTime()) / 1000, step: stepMs / 1000 };
}

export interface Prometheus {
  base: string;
  dataDir: string;
  run: Started;
  /** GET /api/v1/query_range, read to its end; throws unless it answered success with at least one series. */
  range(query: string, range: { start: number; end: number; step: number }): Promise<number>;
  /** GET /api/v1/query at `time` (seconds), likewise. */
  instant(query: string, time: number): Promise<number>;
  /** The series and samples a query_range answers (parsed, so not for the timed requests). */
  rangeSamples(query: string, range: { start: number; end: number; step: number }): Promise<AnswerSize>;
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

export interface AnswerSize {
  series: number;
  samples: number;
}

async function answered(url: string): Promise<number> {
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200 || !body.startsWith('{"status":"success"') || body.includes('"result":[]')) {
    throw new Error(`Prometheus answered ${response.status} to ${url}: ${body.slice(0, 300)}`);
  }
  return body.length;
}

/** Starts Prometheus over `dataDir` with no scrape targets (the history is all it serves) and waits until ready. */
export async function startPrometheus(dataDir: string): Promise<Prometheus> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = path.join(path.dirname(dataDir), `prometheus-${port}.yml`);
  writeFileSync(config, 'global:\n  scrape_interval: 1m\n');
  const run = start(PROMETHEUS_BIN, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${dataDir}`,
    // Longer than the history, so nothing of it ages out while it is measured.
    '--storage.tsdb.retention.time=60d',
    // A raw fleet panel over 24 h at 32,768 GPUs loads about 47 M samples per selector, near the default limit of
    // 50 M, and is refused above it; an operator of such a fleet raises it, and so does the bench.
    '--query.max-samples=1000000000',
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const deadline = Date.now() + 600_000;
  for (;;) {
    const ready = await fetch(`${base}/-/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (run.child.exitCode !== null || Date.now() > deadline) {
      signalGroup(run.child, 'SIGKILL');
      throw new Error(
        `Prometheus did not start:\n${run.lines
          .map((l) => l.text)
          .join('\n')
          .slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  return {
    base,
    dataDir,
    run,
    range: (query, { start, end, step }) =>
      answered(
        `${base}/api/v1/query_range?${q({ query, start: String(start), end: String(end), step: String(step) })}`,
      ),
    instant: (query, time) => answered(`${base}/api/v1/query?${q({ query, time: String(time) })}`),
    async rangeSamples(query, { start, end, step }) {
      const url = `${base}/api/v1/query_range?${q({ query, start: String(start), end: String(end), step: String(step) })}`;
      const body = (await (await fetch(url)).json()) as {
        status: string;
        error?: string;
        data?: { result: { values: unknown[] }[] };
      };
      if (body.status !== 'success' || !body.data) throw new Error(`Prometheus refused ${query}: ${body.error}`);
      const { result } = body.data;
      return { series: result.length, samples: result.reduce((sum, series) => sum + series.values.length, 0) };
    },
    async metric(name) {
      const text = await (await fetch(`${base}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line ? Number(line.split(' ')[1]) : NaN;
    },
    async stop() {
      signalGroup(run.child, 'SIGTERM');
      await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      signalGroup(run.child, 'SIGKILL');
    },
  };
}

/**
 * Waits until Prometheus has compacted the backfilled two-hour blocks as it does its own (into blocks of up to
 * a tenth of the retention): the block count unchanged for three compaction cycles (a minute each).
 */
export async function settled(prometheus: Prometheus, maxMs = 30 * 60_000) {
  const t0 = performance.now();
  let blocks = await prometheus.metric('prometheus_tsdb_blocks_loaded');
  let stableSince = performance.now();
  while (performance.now() - stableSince < 190_000 && performance.now() - t0 < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const now = await prometheus.metric('prometheus_tsdb_blocks_loaded');
    if (now !== blocks) {
      blocks = now;
      stableSince = performance.now();
    }
  }
  return { blocks, waitedMs: Math.round(performance.now() - t0) };
}

/**
 * Evaluates recording rules over the history as Prometheus would have every minute (`promtool tsdb
 * create-blocks-from rules`, which asks the running Prometheus), and moves the blocks into its data folder;
 * Prometheus must be restarted to load them.
 */
export async function backfillRules(prometheus: Prometheus, rulesFile: string, from: Date, to: Date, outDir: string) {
  const t0 = performance.now();
  await runToEnd(PROMTOOL_BIN, [
    'tsdb',
    'create-blocks-from',
    'rules',
    `--start=${Math.floor(from.getTime() / 1000)}`,
    `--end=${Math.floor(to.getTime() / 1000)}`,
    `--url=${prometheus.base}`,
    `--output-dir=${outDir}`,
    '--eval-interval=60s',
    rulesFile,
  ]);
  const blocks = readdirSync(outDir).filter((name) => statSync(path.join(outDir, name)).isDirectory());
  const bytes = diskBytes(outDir);
  for (const block of blocks) renameSync(path.join(outDir, block), path.join(prometheus.dataDir, block));
  return { blocks: blocks.length, bytes, ms: Math.round(performance.now() - t0) };
}
