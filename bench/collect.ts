// Target: one 8,192-GPU minute collected into PostgreSQL in under 2 s, and within 2 x a bare COPY of the same
// rows. Times single live collection steps of one minute each (the source read, the in-memory processing and
// the write transaction), then COPYs that minute's 8,192 sample rows straight into gpu_sample. The fleet
// benchmarks run it on their own data sets; `collect-8192` runs it alone on a fleet of 8,192 GPUs with an hour of
// history (a minute's writes go to the hour under way and each GPU's latest row, whatever the history behind).
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { ensurePartitions } from '../lib/worker/maintenance';
import { writeTimings } from '../lib/worker/ingest/write';
import { removeDir, workDir } from './lib/app';
import { openDataset, type Dataset, type DatasetSpec } from './lib/dataset';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain, onInterrupt } from './lib/processes';
import { ratio, round, summarize } from './lib/stats';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

function diff(after: Record<string, number>, before: Record<string, number>) {
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, round(value - (before[key] ?? 0))]));
}

/** Live steps as the worker makes them, one real minute apart: each collects exactly one whole minute. */
async function liveMinutes(ds: Dataset, count: number) {
  const { collector } = ds;
  // Catch up, then stop on a minute boundary (untimed), so that each timed step is one whole minute.
  const cursor = await collector.advance(new Date());
  let boundary = Math.ceil(cursor.getTime() / MINUTE) * MINUTE;
  await sleepUntil(boundary + 1_000);
  await collector.advance(new Date(boundary));
  const steps = [];
  for (let i = 0; i < count; i++) {
    boundary += MINUTE;
    await sleepUntil(boundary + 1_000);
    const stats = { ...collector.stats };
    const writes = { ...writeTimings };
    const t0 = performance.now();
    await collector.advance(new Date(boundary));
    const ms = performance.now() - t0;
    const step = { stats: diff(collector.stats, stats), writeTimings: diff(writeTimings, writes) };
    // The rest of the write transaction, less the source's saved state (stateMs): BEGIN, the cursor, COMMIT.
    const tables = Object.values(step.writeTimings).reduce((sum, value) => sum + value, 0);
    steps.push({
      ms: round(ms),
      ...step,
      writeOutsideTablesMs: round(step.stats.writeMs - tables - step.stats.stateMs),
    });
    console.log(`[bench] live minute ${i + 1}/${count}: ${round(ms)} ms`);
  }
  return { steps, lastMinute: new Date(boundary - MINUTE) };
}

async function copyOut(client: pg.PoolClient, sql: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(client.query(copyTo(sql)), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

const copyIn = (client: pg.PoolClient, sql: string, data: Buffer) =>
  pipeline(Readable.from([data]), client.query(copyFrom(sql)));

/** COPY of one minute's rows: into a bare table (the floor), and into gpu_sample itself (its primary key). */
async function bulkCopy(pool: pg.Pool, minute: Date, runs: number) {
  await ensurePartitions(pool);
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'gpu_sample' ORDER BY ordinal_position`,
    );
    const columns = rows.map((row) => `"${row.name}"`).join(', ');
    // The same rows two minutes later: a minute no step has written, so the primary key takes them.
    const shifted = rows
      .map((row) => (row.name === 'ts' ? `ts + interval '2 minutes' AS ts` : `"${row.name}"`))
      .join(', ');
    const at = minute.toISOString();
    const data = await copyOut(client, `COPY (SELECT ${shifted} FROM gpu_sample WHERE ts = '${at}') TO STDOUT`);
    const rowCount = data.toString().split('\n').length - 1;
    await client.query('CREATE TEMP TABLE bench_copy (LIKE gpu_sample)');
    const timeCopy = async (table: string) => {
      const samples: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        await client.query('BEGIN');
        const t0 = performance.now();
        await copyIn(client, `COPY ${table} (${columns}) FROM STDIN`, data);
        await client.query('COMMIT');
        if (i > 0) samples.push(performance.now() - t0);
        await client.query(
          table === 'bench_copy'
            ? 'TRUNCATE bench_copy'
            : `DELETE FROM gpu_sample WHERE ts = '${at}'::timestamptz + interval '2 minutes'`,
        );
      }
      return summarize(samples);
    };
    return { rows: rowCount, intoBareTable: await timeCopy('bench_copy'), intoGpuSample: await timeCopy('gpu_sample') };
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_copy').catch(() => {});
    client.release();
  }
}

export async function benchLiveCollect(ds: Dataset, minutes = 3) {
  const { steps, lastMinute } = await liveMinutes(ds, minutes);
  const { rows } = await ds.pool.query<{ n: string }>('SELECT count(*) AS n FROM gpu_sample WHERE ts = $1', [
    lastMinute,
  ]);
  const copy = await bulkCopy(ds.pool, lastMinute, 5);
  const live = summarize(steps.map((step) => step.ms));
  // What a real cluster's step costs: the simulator's saved model is the simulator's, not the console's.
  const withoutState = summarize(steps.map((step) => step.ms - step.stats.stateMs));
  // The console's own writes: every table, without the source's saved state (the simulator's model) or the commit.
  const tables = summarize(steps.map((step) => Object.values(step.writeTimings).reduce((sum, ms) => sum + ms, 0)));
  return {
    target: 'one minute of the fleet collected within 2 x a bare COPY of the same sample rows (and under 2 s)',
    targetMs: 2000,
    sampleRowsPerMinute: Number(rows[0].n),
    liveMinute: { ...live, steps },
    withoutSourceStateMedianMs: withoutState.medianMs,
    tablesMedianMs: tables.medianMs,
    baseline: { what: "COPY of the same minute's sample rows (text format) into gpu_sample, committed", ...copy },
    ratioToBaseline: ratio(live.medianMs, copy.intoGpuSample.medianMs),
    withoutSourceStateRatioToBaseline: ratio(withoutState.medianMs, copy.intoGpuSample.medianMs),
    tablesRatioToBaseline: ratio(tables.medianMs, copy.intoGpuSample.medianMs),
    meetsTarget: live.medianMs < 2000,
  };
}

const COLLECT_8192: DatasetSpec = {
  name: 'collect-8192',
  nodes: 1024,
  backfillDays: 0,
  backfillSampleHours: 1,
  needsFreeGiB: 2,
};

export async function benchCollect8192() {
  const loadBefore = loadAverage();
  const work = workDir();
  let ds: Dataset | undefined;
  const cleanup = () => removeDir(work.owned ? work.dir : path.join(work.dir, `data-${COLLECT_8192.name}`));
  onInterrupt(cleanup);
  onInterrupt(() => ds?.stop());
  try {
    ds = await openDataset(COLLECT_8192, work.dir);
    const collect = await benchLiveCollect(ds);
    return writeResult(
      'collect-8192',
      {
        gpus: COLLECT_8192.nodes * 8,
        dataSet: { ...COLLECT_8192, build: ds.build },
        ...collect,
        withinTwiceCopy: collect.ratioToBaseline <= 2,
      },
      loadBefore,
    );
  } finally {
    await ds?.stop();
    cleanup();
  }
}

if (import.meta.filename === process.argv[1]) benchMain('collect-8192', benchCollect8192);
