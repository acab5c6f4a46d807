// Targets: the jobs list of 5,000 jobs, filtered and sorted on the server, under 100 ms; the job page of a
// 512-GPU job over 7 days under 300 ms, its chart downsampled to what a screen shows. Measures, on the data set
// of ./lib/jobs-dataset.ts: (a) listJobs() and getJob() in this process, "now" pinned to the data set's,
// (b) the same SQL statements straight through pg (the baseline), (c) the whole render of /jobs and /jobs/:id
// by a production `next start`, signed in, and (d) the slowest pages, warm in Chromium, with the server's time
// beside each. Run under `node --conditions=react-server --import tsx`.
import pg from 'pg';
import { presetRange, type RangePreset } from '../lib/time-range';
import { builtApp } from './lib/app';
import { launchChromium, newContext, timePageLoad, type PageLoad } from './lib/browser';
import { JOBS_SET, openJobsDataset, type JobsDataset } from './lib/jobs-dataset';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain } from './lib/processes';
import { withScratchDatabase } from './lib/scratch';
import { captureStatements, directTimes, explainTimes } from './lib/sql';
import { ratio, summarize, timeRuns, type Summary } from './lib/stats';
import { asBenchViewer, fetchWhole } from './lib/web';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LIST_TARGET_MS = 100;
const JOB_TARGET_MS = 300;
/** Every job sorted by its utilization over a week: from the per-job hourly rollup. */
const UTIL_WEEK_CASE = 'all 5,000 sorted by utilization, 7 days';
const UTIL_WEEK_TARGET_MS = 150;

/** The first is the target's case: a filter and a sort on a computed column, over the default range. */
const LIST_CASES: { name: string; query: string; range: RangePreset }[] = [
  {
    name: 'team + state filter, sorted by cost',
    query: 'team=foundation-models&state=running&sort=cost&dir=desc',
    range: '24h',
  },
  { name: 'no filter, newest first (the default)', query: '', range: '24h' },
  { name: 'kind filter, sorted by GPUs, page 3', query: 'kind=evaluation&sort=gpus&page=3', range: '24h' },
  { name: 'search, sorted by name', query: 'q=rlhf&sort=name', range: '24h' },
  {
    name: 'team + state filter, sorted by cost, 7 days',
    query: 'team=foundation-models&state=running&sort=cost&dir=desc',
    range: '7d',
  },
  { name: 'all 5,000 sorted by cost', query: 'sort=cost&dir=desc', range: '24h' },
  { name: 'all 5,000 sorted by utilization', query: 'sort=utilization&dir=desc', range: '24h' },
  { name: UTIL_WEEK_CASE, query: 'sort=utilization&dir=desc', range: '7d' },
];
const JOB_RANGES: RangePreset[] = ['7d', '24h', '6h', '1h'];

const BROWSER_RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 7);
const PAGE_TARGET_MS = 1000;
/** The pages found slowest, each with what shows it is drawn. `:node` is the big job's first node. */
const PAGES: { name: string; path: string; ready: string }[] = [
  { name: 'the 512-GPU job', path: '/jobs/1', ready: '[data-testid="job-chart"] svg' },
  { name: 'the 512-GPU job, 7 days', path: '/jobs/1?range=7d', ready: '[data-testid="job-chart"] svg' },
  { name: 'costs, 30 days', path: '/costs?range=30d', ready: '[data-testid="spend-chart"] svg' },
  { name: 'a node, 24 hours', path: '/nodes/:node?range=24h', ready: '[data-testid="node-charts"] svg' },
  { name: 'a node, 30 days', path: '/nodes/:node?range=30d', ready: '[data-testid="node-charts"] svg' },
  {
    name: 'jobs, 7 days, sorted by utilization',
    path: '/jobs?range=7d&sort=utilization&dir=desc',
    ready: '[data-testid="jobs-table"] tbody tr',
  },
];

type Call = () => Promise<unknown>;

/** A call's time, and the time of its own statements replayed straight through pg (the baseline). */
async function measure(sqlPool: pg.Pool, call: Call) {
  const inProcess = await timeRuns(RUNS, call);
  const statements = await captureStatements(call);
  const raw = await directTimes(sqlPool, statements, RUNS);
  const sequentialMs = Math.round(raw.each.reduce((sum, each) => sum + each.time.medianMs, 0) * 10) / 10;
  return {
    inProcess,
    rawSql: {
      statements: statements.length,
      allInParallelMs: raw.allInParallel.medianMs,
      oneAfterAnotherMs: sequentialMs,
      each: raw.each.map((each) => ({ label: each.label, medianMs: each.time.medianMs })),
      explain: await explainTimes(sqlPool, statements),
    },
    ratioToRawSql: ratio(inProcess.medianMs, raw.allInParallel.medianMs),
  };
}

async function inProcess(ds: JobsDataset) {
  const { listJobs, getJob, parseJobListParams } = await import('../lib/queries/jobs');
  const now = ds.now;
  const sqlPool = new pg.Pool({ connectionString: ds.url, max: 10 });
  try {
    const list: Record<string, Awaited<ReturnType<typeof measure>> & { query: string; range: string }> = {};
    for (const { name, query, range } of LIST_CASES) {
      const call = () => listJobs(parseJobListParams(new URLSearchParams(query)), presetRange(range, now), { now });
      list[name] = { query, range, ...(await measure(sqlPool, call)) };
      console.log(
        `[bench] list, ${name}: ${list[name].inProcess.medianMs} ms (raw SQL ${list[name].rawSql.allInParallelMs} ms)`,
      );
    }
    const job: Record<string, Awaited<ReturnType<typeof measure>> & { points: number; resolution: string }> = {};
    for (const range of JOB_RANGES) {
      const call = () => getJob(ds.bigJobId, presetRange(range, now), { now });
      const detail = (await call())!;
      job[range] = {
        points: detail.series.t.length,
        resolution: `${detail.series.resolution}, ${detail.series.bucketSeconds} s buckets`,
        ...(await measure(sqlPool, call)),
      };
      console.log(
        `[bench] job page ${range}: ${job[range].inProcess.medianMs} ms (raw SQL ${job[range].rawSql.allInParallelMs} ms)`,
      );
    }
    return { list, job };
  } finally {
    await sqlPool.end();
  }
}

/** Each page warm in Chromium (its scripts cached, after two untimed loads), and its server render alone. */
async function pagesInChromium(base: string, cookie: string, ds: JobsDataset) {
  const sqlPool = new pg.Pool({ connectionString: ds.url, max: 1 });
  const [node] = (
    await sqlPool.query<{ id: number }>(
      'SELECT min(g.node_id) AS id FROM allocation a JOIN gpu g ON g.id = a.gpu_id WHERE a.job_id = $1',
      [ds.bigJobId],
    )
  ).rows;
  await sqlPool.end();
  const browser = await launchChromium();
  try {
    const context = await newContext(browser, base, cookie);
    const pages: Record<string, { path: string; server: Summary; chromium: Record<keyof PageLoad, Summary> }> = {};
    for (const { name, path: pagePath, ready } of PAGES) {
      const url = `${base}${pagePath.replace(':node', String(node.id))}`;
      const server = await timeRuns(BROWSER_RUNS, () => fetchWhole(url, cookie, '</html>', 'could not be loaded'), 2);
      const loads: PageLoad[] = [];
      for (let i = 0; i < BROWSER_RUNS + 2; i++) {
        const load = await timePageLoad(context, url, ready);
        if (i >= 2) loads.push(load);
      }
      pages[name] = {
        path: new URL(url).pathname + new URL(url).search,
        server,
        chromium: { readyMs: summarize(loads.map((l) => l.readyMs)), htmlMs: summarize(loads.map((l) => l.htmlMs)) },
      };
      console.log(
        `[bench] ${name} in Chromium: ${pages[name].chromium.readyMs.medianMs} ms (server ${server.medianMs} ms)`,
      );
    }
    return pages;
  } finally {
    await browser.close();
  }
}

async function overHttp(appDir: string, ds: JobsDataset) {
  return asBenchViewer(appDir, ds.url, async (web, cookie) => {
    const list: Record<string, Summary> = {};
    for (const { name, query, range } of LIST_CASES.slice(0, 2)) {
      list[name] = await timeRuns(RUNS, () =>
        fetchWhole(`${web.base}/jobs?range=${range}&${query}`, cookie, 'jobs-table', 'Database unreachable'),
      );
      console.log(`[bench] GET /jobs (${name}): ${list[name].medianMs} ms`);
    }
    const job: Record<string, Summary> = {};
    for (const range of ['7d', '24h'] as const) {
      job[range] = await timeRuns(RUNS, () =>
        fetchWhole(`${web.base}/jobs/${ds.bigJobId}?range=${range}`, cookie, 'job-chart', 'could not be loaded'),
      );
      console.log(`[bench] GET /jobs/${ds.bigJobId}?range=${range}: ${job[range].medianMs} ms`);
    }
    const health = await timeRuns(RUNS, () => fetchWhole(`${web.base}/api/health`, cookie, '"database"'));
    const pages = process.env.BENCH_SKIP_BROWSER === '1' ? null : await pagesInChromium(web.base, cookie, ds);
    return { list, job, apiHealth: health, pages };
  });
}

export async function benchJobs() {
  const loadBefore = loadAverage();
  return withScratchDatabase(
    JOBS_SET.name,
    ({ dir }) => openJobsDataset(dir),
    async (ds, work) => {
      process.env.DATABASE_URL = ds.url; // read by lib/db on first use
      const measured = await inProcess(ds);
      const http = process.env.BENCH_SKIP_HTTP ? null : await overHttp(await builtApp(work.dir), ds);
      const target = measured.list[LIST_CASES[0].name];
      const week = measured.list[UTIL_WEEK_CASE];
      const page = measured.job['7d'];
      return writeResult(
        'jobs',
        {
          targets: {
            list: `${LIST_CASES[0].name}, server time under ${LIST_TARGET_MS} ms`,
            utilizationWeek: `${UTIL_WEEK_CASE}, server time under ${UTIL_WEEK_TARGET_MS} ms`,
            job: `the 512-GPU job over 7 days, server time under ${JOB_TARGET_MS} ms`,
            pages: `each page warm in Chromium, drawn under ${PAGE_TARGET_MS} ms`,
          },
          dataSet: { ...JOBS_SET, now: ds.now, build: ds.build },
          baseline: { what: "the call's own SQL statements, replayed straight through pg (10 connections)" },
          verdict: {
            list: { medianMs: target.inProcess.medianMs, meetsTarget: target.inProcess.medianMs < LIST_TARGET_MS },
            utilizationWeek: {
              medianMs: week.inProcess.medianMs,
              meetsTarget: week.inProcess.medianMs < UTIL_WEEK_TARGET_MS,
            },
            job: { medianMs: page.inProcess.medianMs, meetsTarget: page.inProcess.medianMs < JOB_TARGET_MS },
            pages:
              http?.pages &&
              Object.fromEntries(
                Object.entries(http.pages).map(([name, { chromium, server }]) => [
                  name,
                  {
                    chromiumMs: chromium.readyMs.medianMs,
                    serverMs: server.medianMs,
                    meetsTarget: chromium.readyMs.medianMs < PAGE_TARGET_MS,
                  },
                ]),
              ),
          },
          inProcess: measured,
          http,
        },
        loadBefore,
      );
    },
  );
}

if (import.meta.filename === process.argv[1]) benchMain('jobs', () => benchJobs());
