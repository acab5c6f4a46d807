// The bench's data sets, built by the real path: embedded PostgreSQL, migrations, the demo seed, then the
// collector backfilling simulated history, and one evaluation pass as the worker's tick does after collecting.
import { chmodSync, mkdirSync, statfsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../lib/db/embedded';
import { migrate } from '../../lib/db/migrate';
import { loadClusters } from '../../lib/clusters/config';
import { parseEnv } from '../../lib/env';
import type { Snapshot, Topology } from '../../lib/sources/types';
import { Collector } from '../../lib/worker/collector';
import { evaluateJobHealth } from '../../lib/worker/evaluate';
import { beat } from '../../lib/worker/heartbeat';
import { openSimulator } from '../../lib/worker/simulator-session';
import { evaluateSlos } from '../../lib/worker/slo';
import { seedDatabase } from '../../scripts/seed';
import { onInterrupt } from './processes';
import { round } from './stats';

export interface DatasetSpec {
  name: string;
  nodes: number;
  backfillDays: number;
  backfillSampleHours: number;
  /** Simulated minutes per write transaction while catching up (the collector's default is a day). */
  catchUpBatchMinutes?: number;
  /** Free disk the build needs, checked before it starts. */
  needsFreeGiB: number;
}

/** What `npm start` seeds and backfills: 128 nodes x 8 GPUs, 30 days, the last 6 hours as minute samples. */
export const DEMO: DatasetSpec = {
  name: 'demo',
  nodes: 128,
  backfillDays: 30,
  backfillSampleHours: 6,
  needsFreeGiB: 3,
};

/** 8,192 GPUs with 7 days of minute samples kept (~83 M rows, ~10 GB). */
export const LARGE: DatasetSpec = {
  name: '8192',
  nodes: 1024,
  backfillDays: 7,
  backfillSampleHours: 168,
  needsFreeGiB: 30,
};

export const BENCH_PASSWORD = 'bench-password-1';
export const BENCH_USER = 'viewer@fleet.local';

export interface Dataset {
  spec: DatasetSpec;
  url: string;
  pool: pg.Pool;
  collector: Collector;
  build: Record<string, unknown>;
  stop(): Promise<void>;
}

const freeGiB = (dir: string) => {
  const stats = statfsSync(dir);
  return (stats.bavail * stats.bsize) / 2 ** 30;
};

async function tableSizes(pool: pg.Pool) {
  const { rows } = await pool.query<{ table: string; rows: string; size: string }>(
    `SELECT c.relname AS table, (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions,
            pg_size_pretty(coalesce((SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i
                                     WHERE i.inhparent = c.oid), 0) + pg_total_relation_size(c.oid)) AS size
     FROM pg_class c WHERE c.relname = ANY($1) ORDER BY 1`,
    [['gpu_sample', 'pool_minute', 'gpu_sample_hourly', 'allocation', 'job']],
  );
  const counted: Record<string, { rows: number; size: string }> = {};
  for (const row of rows) {
    const { rows: count } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${row.table}`);
    counted[row.table] = { rows: Number(count[0].n), size: row.size };
  }
  const { rows: db } = await pool.query<{ size: string }>(
    'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
  );
  return { tables: counted, databaseSize: db[0].size };
}

export interface DatasetOptions {
  /** Sees every snapshot the collector reads from the simulator, in order (the bench's Prometheus history). */
  watch?(topology: Topology): (snapshot: Snapshot) => void | Promise<void>;
}

export async function openDataset(spec: DatasetSpec, workDir: string, options: DatasetOptions = {}): Promise<Dataset> {
  const free = freeGiB(workDir);
  if (free < spec.needsFreeGiB) {
    throw new Error(
      `The ${spec.name} data set needs ${spec.needsFreeGiB} GiB free in ${workDir}; ${round(free)} GiB are.`,
    );
  }
  const dataDir = path.join(workDir, `data-${spec.name}`);
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const t0 = performance.now();
  const lap = () => round((performance.now() - t0) / 1000);
  let server: EmbeddedPostgres | undefined;
  let pool: pg.Pool | undefined;
  let collector: Collector | undefined;
  try {
    server = await startEmbeddedPostgres({ dataDir });
    onInterrupt(server.stop);
    // lib/db and lib/env read it on first use, which the evaluation below is (SLO incidents go through Prisma).
    process.env.DATABASE_URL = server.url;
    const startS = lap();
    await migrate(server.url);
    const migrateS = lap();
    // The cluster is this one alone, whatever the bench's own environment names.
    const vars = {
      FLEET_SIM_NODES: String(spec.nodes),
      FLEET_BACKFILL_DAYS: String(spec.backfillDays),
      FLEET_DEMO_PASSWORD_VIEWER: BENCH_PASSWORD,
    };
    const env = parseEnv(vars);
    await seedDatabase(server.url, env, loadClusters(vars));
    const seedS = lap();
    pool = new pg.Pool({ connectionString: server.url, max: 6 });
    pool.on('error', () => {});
    let lastReport = 0;
    collector = new Collector(pool, {
      openSource: async (p) => {
        const session = await openSimulator(p, {
          seed: env.FLEET_SIM_SEED,
          nodes: spec.nodes,
          backfillDays: spec.backfillDays,
        });
        if (!options.watch) return session;
        const see = options.watch(await session.source.topology());
        const { source } = session;
        const collect: typeof source.collect = async (from, to, readOptions) => {
          const snapshot = await source.collect(from, to, readOptions);
          await see(snapshot);
          return snapshot;
        };
        return { ...session, source: { name: source.name, topology: () => source.topology(), collect } };
      },
      backfillSampleHours: spec.backfillSampleHours,
      catchUpBatchMinutes: spec.catchUpBatchMinutes,
      onProgress(until, target) {
        const left = Math.round((target.getTime() - until.getTime()) / 3_600_000);
        if (left === 0 || performance.now() - lastReport < 60_000) return;
        lastReport = performance.now();
        console.log(`[bench] ${spec.name}: backfilling, ${left} simulated hours to go (${lap()} s)`);
      },
    });
    if (!(await collector.lead())) throw new Error('could not become the collecting worker');
    // The collector holds a whole write batch in memory: its peak heap is part of the backfill's cost.
    let peakHeap = 0;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
    const until = await collector.advance(new Date()).finally(() => clearInterval(sampler));
    const backfillS = lap();
    await evaluateJobHealth(pool, until);
    await evaluateSlos(pool, until);
    await beat(pool, 'bench', new Date());
    await pool.query('ANALYZE');
    const evaluateS = lap();
    const build = {
      seconds: {
        databaseStart: startS,
        migrate: round(migrateS - startS),
        seed: round(seedS - migrateS),
        backfill: round(backfillS - seedS),
        evaluateAndAnalyze: round(evaluateS - backfillS),
      },
      collectorStats: { ...collector.stats },
      backfillPeakHeapMiB: Math.round(peakHeap / 2 ** 20),
      ...(await tableSizes(pool)),
    };
    console.log(`[bench] ${spec.name}: data set built in ${lap()} s`);
    const [openPool, openServer, openCollector] = [pool, server, collector];
    return {
      spec,
      url: server.url,
      pool,
      collector,
      build,
      async stop() {
        await closeAll(openCollector, openPool);
        await openServer.stop();
      },
    };
  } catch (error) {
    await closeAll(collector, pool);
    await server?.stop();
    throw error;
  }
}

/**
 * The collector holds the leader lock on one of the pool's connections, and `pool.end()` waits for every
 * connection to come back: it resigns first, and the pool gets a few seconds before the server is stopped anyway.
 */
async function closeAll(collector: Collector | undefined, pool: pg.Pool | undefined) {
  await collector?.resign();
  if (!pool) return;
  const ended = pool.end().catch(() => {});
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
}
