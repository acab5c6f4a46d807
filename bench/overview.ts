// Targets: the overview page's whole server render under 150 ms median on the demo cluster with 30 days of
// history, and under 300 ms at 8,192 GPUs with 7 days of minute samples. Measures, on a data set built by the
// real path: (a) getOverview() in this process, (b) the same SQL statements straight through pg (the baseline:
// what the page cannot do without), (c) the whole render of `/` by a production `next start`, signed in.
// Run under `node --conditions=react-server --import tsx` (npm run bench does), where `server-only` is allowed.
import pg from 'pg';
import { presetRange, type RangePreset } from '../lib/time-range';
import { benchLiveCollect } from './collect';
import { builtApp } from './lib/app';
import { DEMO, LARGE, openDataset, type Dataset } from './lib/dataset';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain } from './lib/processes';
import { withScratchDatabase } from './lib/scratch';
import { captureStatements, directTimes, explainTimes, type Statement } from './lib/sql';
import { ratio, timeRuns, type Summary } from './lib/stats';
import { asBenchViewer, fetchWhole } from './lib/web';

const RANGES: RangePreset[] = ['1h', '24h', '7d', '30d'];
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

type GetOverview = (range: ReturnType<typeof presetRange>, options?: { now?: Date }) => Promise<unknown>;

/** getOverview's time, and the time of its own statements replayed straight through pg (the baseline). */
async function measure(sqlPool: pg.Pool, call: () => Promise<unknown>) {
  const getOverviewTime = await timeRuns(RUNS, call);
  // The statements of one warm call, replayed with that call's parameters.
  const statements = await captureStatements(call);
  const raw = await directTimes(sqlPool, statements, RUNS);
  return {
    getOverview: getOverviewTime,
    rawSql: { statements: statements.length, ...raw, explain: await explainTimes(sqlPool, statements) },
    getOverviewToRawSql: ratio(getOverviewTime.medianMs, raw.allInParallel.medianMs),
  };
}

const brief = (m: Awaited<ReturnType<typeof measure>>) => ({
  getOverviewMs: m.getOverview.medianMs,
  rawSqlMs: m.rawSql.allInParallel.medianMs,
});

async function inProcess(getOverview: GetOverview, ds: Dataset) {
  // The first call of a process also connects and fills the per-process cache of this week's closed days.
  // Parameters hold "now": a later warm call pinned to the same instant shows which statements were cached.
  const pinned = new Date();
  const key = (statement: Statement) => JSON.stringify([statement.text, statement.values]);
  const t0 = performance.now();
  const cold = await captureStatements(() => getOverview(presetRange('24h', pinned), { now: pinned }));
  const firstCallMs = performance.now() - t0;

  const sqlPool = new pg.Pool({ connectionString: ds.url, max: 10 }); // as many connections as the web's Prisma pool
  try {
    const warm = new Set(
      (await captureStatements(() => getOverview(presetRange('24h', pinned), { now: pinned }))).map(key),
    );
    const statementsOnlyInFirstCall = await explainTimes(
      sqlPool,
      cold.filter((statement) => !warm.has(key(statement))),
    );
    const byRange: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const preset of RANGES) {
      byRange[preset] = await measure(sqlPool, () => getOverview(presetRange(preset)));
      console.log(`[bench] ${ds.spec.name} ${preset}: ${JSON.stringify(brief(byRange[preset]))}`);
    }
    // Today's spend grows with the day: the same page as at 23:59 UTC yesterday, a whole day of allocations.
    const lateNow = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 60_000);
    const endOfDay24h = await measure(sqlPool, () => getOverview(presetRange('24h', lateNow), { now: lateNow }));
    console.log(`[bench] ${ds.spec.name} 24h at 23:59: ${JSON.stringify(brief(endOfDay24h))}`);
    return {
      firstCallMs: Math.round(firstCallMs),
      statementsOnlyInFirstCall,
      byRange,
      endOfDay24h: { now: lateNow, ...endOfDay24h },
    };
  } finally {
    await sqlPool.end();
  }
}

async function overHttp(appDir: string, ds: Dataset) {
  return asBenchViewer(appDir, ds.url, async (web, cookie) => {
    const byRange: Record<string, Summary> = {};
    for (const preset of RANGES) {
      byRange[preset] = await timeRuns(RUNS, () =>
        fetchWhole(`${web.base}/?range=${preset}`, cookie, 'Fleet overview'),
      );
      console.log(`[bench] ${ds.spec.name} ${preset}: GET / ${byRange[preset].medianMs} ms`);
    }
    const health = await timeRuns(RUNS, () => fetchWhole(`${web.base}/api/health`, cookie, '"database"'));
    return { pageRender: byRange, apiHealth: health };
  });
}

export async function benchOverview(which: 'demo' | '8192') {
  const loadBefore = loadAverage();
  const spec = which === '8192' ? LARGE : DEMO;
  const targetMs = which === '8192' ? 300 : 150;
  return withScratchDatabase(
    spec.name,
    ({ dir }) => openDataset(spec, dir),
    async (ds, work) => {
      const { getOverview } = await import('../lib/queries/overview');
      const collect = which === '8192' ? await benchLiveCollect(ds) : null;
      const inProc = await inProcess(getOverview, ds);
      const http = process.env.BENCH_SKIP_HTTP ? null : await overHttp(await builtApp(work.dir), ds);
      const ranges = inProc.byRange;
      const verdict = Object.fromEntries(
        RANGES.map((preset) => {
          const page = http?.pageRender[preset];
          const raw = ranges[preset].rawSql.allInParallel.medianMs;
          return [
            preset,
            page
              ? {
                  pageMedianMs: page.medianMs,
                  meetsTarget: page.medianMs < targetMs,
                  pageToRawSql: ratio(page.medianMs, raw),
                }
              : null,
          ];
        }),
      );
      if (collect) writeResult('collect-8192', { dataSet: { ...spec, build: ds.build }, ...collect }, loadBefore);
      return writeResult(
        `overview-${which}`,
        {
          target: `overview page, whole server render, median under ${targetMs} ms`,
          targetMs,
          dataSet: { ...spec, build: ds.build },
          baseline: {
            what: "the page's own SQL statements, replayed straight through pg, all at once (10 connections)",
          },
          verdict,
          inProcess: inProc,
          http,
        },
        loadBefore,
      );
    },
  );
}

if (import.meta.filename === process.argv[1]) {
  const which = process.argv[2] === '8192' ? '8192' : 'demo';
  benchMain(`overview-${which}`, () => benchOverview(which));
}
