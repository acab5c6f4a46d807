// Target: collecting one live minute of 8,192 GPUs through a real Prometheus in under 2 s (median). The fleet is
// the simulator's, 1,024 nodes x 8 GPUs, served as dcgm-exporter serves it (a process of its own) and scraped by
// Debian's Prometheus every 15 s; the console reads it as FLEET_SOURCE=prometheus does, into a database of its
// own. The baseline, in the same run and on the same PostgreSQL: the simulator's own collection of the same
// minute into another database, as the demo's worker does. Each round waits for a minute to end and to be
// readable (30 s after it, the source's lag), then times both collections of that minute, alternating which goes
// first. Also recorded: where the Prometheus step's time goes (the read, the processing, the write), the CPU time
// each process spent on each step (Prometheus answering, the console, PostgreSQL), since on a shared machine the
// wall time is mostly a wait for a core, and how long Prometheus itself took to scrape the 8,192 GPUs.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { migrate } from '../lib/db/migrate';
import { Collector } from '../lib/worker/collector';
import { writeTimings } from '../lib/worker/ingest/write';
import { openPrometheus } from '../lib/worker/prometheus-session';
import {
  freePort,
  PROMETHEUS_MISSING,
  PROMETHEUS_PASSWORD,
  PROMETHEUS_USER,
  PrometheusProcess,
} from '../tests/integration/prometheus-process';
import { removeDir, workDir } from './lib/app';
import { openDataset } from './lib/dataset';
import { cpuMs, loadAverage, writeResult } from './lib/machine';
import { benchMain, onInterrupt, start, stopAll } from './lib/processes';
import { ratio, round, summarize } from './lib/stats';

const MINUTE = 60_000;
const NODES = 1024;
const GPUS = NODES * 8;
const SEED = 7;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET_MS = 2000;
/** The Prometheus source reads a minute 30 s after it ends at a 15 s scrape interval; a second more for slack. */
const READ_AFTER_MS = 31_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

async function prometheusQuery(prometheus: PrometheusProcess, promql: string): Promise<number> {
  const auth = Buffer.from(`${PROMETHEUS_USER}:${PROMETHEUS_PASSWORD}`).toString('base64');
  const answer = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`, {
    headers: { authorization: `Basic ${auth}` },
  }).then((response) => response.json());
  return Number(answer.data?.result?.[0]?.value?.[1] ?? NaN);
}

/** A second database on the data set's server, migrated, for the console that reads Prometheus. */
async function secondDatabase(url: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const other = new URL(url);
  other.pathname = `/${name}`;
  await migrate(other.toString());
  return other.toString();
}

export async function benchPrometheusCollect() {
  if (PROMETHEUS_MISSING) throw new Error(PROMETHEUS_MISSING);
  const loadBefore = loadAverage();
  const work = workDir();
  const spec = { name: 'prom-live', nodes: NODES, backfillDays: 0, backfillSampleHours: 1, needsFreeGiB: 2 };
  const ds = await openDataset(spec, work.dir);
  let prometheus: PrometheusProcess | null = null;
  let promPool: pg.Pool | null = null;
  let promCollector: Collector | null = null;
  let simCollector: Collector | null = null;
  try {
    // The exporter: the same fleet (seed, size) the baseline simulates, live.
    const exporterPort = await freePort();
    const exporter = start(
      process.execPath,
      ['--import', 'tsx', 'bench/lib/sim-exporter.ts', String(exporterPort), String(SEED), String(NODES)],
      { echo: 'exporter' },
    );
    await exporter.waitForLine(/^ready /, 120_000);
    prometheus = new PrometheusProcess(await freePort(), `127.0.0.1:${exporterPort}`, { scrapeSeconds: 15 });
    onInterrupt(() => prometheus?.remove());
    await prometheus.start();
    const deadline = Date.now() + 120_000;
    while ((await prometheusQuery(prometheus, 'count(DCGM_FI_DEV_GPU_UTIL)')) !== GPUS) {
      if (Date.now() > deadline) throw new Error(`Prometheus did not hold ${GPUS} GPUs within 120 s`);
      await sleep(1_000);
    }
    console.log(`[bench] Prometheus holds ${GPUS} GPUs`);

    const promUrl = await secondDatabase(ds.url, 'prom');
    promPool = new pg.Pool({ connectionString: promUrl, max: 6 });
    promPool.on('error', () => {});
    promCollector = new Collector(promPool, {
      openSource: (pool) =>
        openPrometheus(pool, {
          prometheus: { ...prometheus!.sourceConfig('prom-live'), timeoutMs: 30_000 },
          backfillSampleHours: 1,
        }),
      backfillSampleHours: 1,
    });
    if (!(await promCollector.lead())) throw new Error('could not collect from Prometheus');
    simCollector = ds.collector;

    // Untimed: each catches up to the present, and waits for a minute to begin. Prometheus has held the GPUs for
    // seconds only: until a minute it covers is readable, the source says it has no data (as it should), so the
    // catch-up is tried again, as the worker's next tick would.
    const catchUpBy = Date.now() + 3 * MINUTE;
    for (;;) {
      try {
        await promCollector.advance(new Date());
        break;
      } catch (error) {
        if (Date.now() > catchUpBy) throw error;
        await sleep(5_000);
      }
    }
    let boundary = Math.ceil(Date.now() / MINUTE) * MINUTE;
    await simCollector.advance(new Date(boundary - MINUTE));
    await sleepUntil(boundary + READ_AFTER_MS);
    await promCollector.advance(new Date());
    await simCollector.advance(new Date(boundary));

    const { rows: backend } = await promPool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const postmaster = Number(readFileSync(`/proc/${backend[0].pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    const prometheusPid = prometheus.pid!;
    /** CPU time (ms) each process spends on `step`: the console (this process), Prometheus, PostgreSQL. */
    const cpuOf = async (step: () => Promise<unknown>) => {
      const prometheus0 = cpuMs(prometheusPid);
      const postgres0 = cpuMs(postmaster, true);
      const console0 = process.cpuUsage();
      const t0 = performance.now();
      await step();
      const wallMs = performance.now() - t0;
      const consoleUsage = process.cpuUsage(console0);
      return {
        wallMs,
        cpu: {
          consoleMs: round((consoleUsage.user + consoleUsage.system) / 1000),
          prometheusMs: round(cpuMs(prometheusPid) - prometheus0),
          postgresMs: round(cpuMs(postmaster, true) - postgres0),
        },
      };
    };

    const rounds: {
      minute: string;
      prometheusMs: number;
      simulatorMs: number;
      first: 'prometheus' | 'simulator';
      load1: number;
      prometheusStep: Record<string, number>;
      prometheusCpu: Record<string, number>;
      simulatorCpu: Record<string, number>;
      writeTimings: Record<string, number>;
      lastScrapeSeconds: number;
      gpusCovered: number;
    }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      boundary += MINUTE;
      await sleepUntil(boundary + READ_AFTER_MS);
      const load1 = round(loadAverage()[0]);
      const before = { ...promCollector.stats };
      let writes: Record<string, number> = {};
      const timePrometheus = async () => {
        const written = { ...writeTimings };
        const measured = await cpuOf(() => promCollector!.advance(new Date()));
        writes = Object.fromEntries(
          Object.entries(writeTimings).map(([table, ms]) => [`${table}Ms`, round(ms - (written[table] ?? 0))]),
        );
        return measured;
      };
      const timeSimulator = () => cpuOf(() => simCollector!.advance(new Date(boundary)));
      const first = i % 2 === 0 ? 'prometheus' : 'simulator';
      let prometheusRun: Awaited<ReturnType<typeof cpuOf>>;
      let simulatorRun: Awaited<ReturnType<typeof cpuOf>>;
      if (first === 'prometheus') {
        prometheusRun = await timePrometheus();
        simulatorRun = await timeSimulator();
      } else {
        simulatorRun = await timeSimulator();
        prometheusRun = await timePrometheus();
      }
      const prometheusMs = prometheusRun.wallMs;
      const simulatorMs = simulatorRun.wallMs;
      const after = promCollector.stats;
      const lastScrapeSeconds = await prometheusQuery(prometheus, 'max(scrape_duration_seconds)');
      const { rows } = await promPool.query<{ covered: number }>(
        'SELECT coalesce(sum(provisioned_gpus), 0)::int AS covered FROM pool_minute WHERE ts = $1',
        [new Date(boundary)],
      );
      rounds.push({
        minute: new Date(boundary).toISOString(),
        prometheusMs: round(prometheusMs),
        simulatorMs: round(simulatorMs),
        first,
        load1,
        prometheusStep: {
          readMs: round(after.readMs - before.readMs),
          processMs: round(after.processMs - before.processMs),
          writeMs: round(after.writeMs - before.writeMs),
        },
        prometheusCpu: prometheusRun.cpu,
        simulatorCpu: simulatorRun.cpu,
        writeTimings: writes,
        lastScrapeSeconds: round(lastScrapeSeconds),
        gpusCovered: rows[0].covered,
      });
      const cpu = prometheusRun.cpu;
      console.log(
        `[bench] minute ${i + 1}/${ROUNDS} at load ${load1}: Prometheus ${round(prometheusMs)} ms ` +
          `(${rows[0].covered} GPUs; CPU: console ${cpu.consoleMs}, Prometheus ${cpu.prometheusMs}, ` +
          `PostgreSQL ${cpu.postgresMs} ms), simulator ${round(simulatorMs)} ms`,
      );
    }
    const incomplete = rounds.filter((row) => row.gpusCovered !== GPUS);
    if (incomplete.length) {
      throw new Error(`minutes without all ${GPUS} GPUs: ${incomplete.map((row) => row.minute).join(', ')}`);
    }
    const prom = summarize(rounds.map((row) => row.prometheusMs));
    const sim = summarize(rounds.map((row) => row.simulatorMs));
    const medianOf = (pick: (row: (typeof rounds)[number]) => number) => summarize(rounds.map(pick)).medianMs;
    const cpuMedians = (pick: (row: (typeof rounds)[number]) => Record<string, number>) => ({
      consoleMs: medianOf((row) => pick(row).consoleMs),
      prometheusMs: medianOf((row) => pick(row).prometheusMs),
      postgresMs: medianOf((row) => pick(row).postgresMs),
    });
    const scrapeSeconds = await prometheusQuery(prometheus, 'max_over_time(scrape_duration_seconds[10m])');
    writeResult(
      'prometheus-collect-8192',
      {
        target: `one live minute of ${GPUS.toLocaleString('en-US')} GPUs collected through a real Prometheus in under 2 s (median)`,
        targetMs: TARGET_MS,
        gpus: GPUS,
        scrapeIntervalSeconds: 15,
        prometheus: prom,
        baseline: { what: "the simulator's own collection of the same minute, same size, same PostgreSQL", ...sim },
        ratioToBaseline: ratio(prom.medianMs, sim.medianMs),
        cpuMedian: {
          what: 'CPU time (ms) spent on one minute by each process, medians over the rounds',
          prometheusStep: cpuMedians((row) => row.prometheusCpu),
          simulatorStep: cpuMedians((row) => row.simulatorCpu),
        },
        meetsTarget: prom.medianMs < TARGET_MS,
        prometheusScrapeSecondsMax: round(scrapeSeconds),
        rounds,
      },
      loadBefore,
    );
    console.log(
      `[bench] Prometheus median ${prom.medianMs} ms, simulator ${sim.medianMs} ms: ${ratio(prom.medianMs, sim.medianMs)} x`,
    );
  } finally {
    await promCollector?.resign();
    await promPool?.end().catch(() => {});
    await prometheus?.remove();
    await stopAll();
    await ds.stop();
    removeDir(`${work.dir}/data-${spec.name}`);
    if (work.owned) removeDir(work.dir);
  }
}

if (import.meta.filename === process.argv[1]) benchMain('prometheus-collect-8192', () => benchPrometheusCollect());
