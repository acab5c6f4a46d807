// Target: on a fresh clone after install, `npm start` has the console ready in under 60 s, seeding included.
// Measures a first start (fresh data folder: initdb, migrate, seed, build, 30-day backfill), Ctrl-C (and that no
// PostgreSQL is left), then a second start on the same data. Baseline: a bare `next build` of the same clone,
// timed in the same run after the starts, the one step of a first start that no design of ours can skip.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../lib/db/embedded';
import { freshClone, nextBuild, removeDir, workDir } from './lib/app';
import { loadAverage, writeResult } from './lib/machine';
import {
  benchMain,
  groupMembers,
  onInterrupt,
  postgresProcessesFor,
  signalGroup,
  start,
  stopAll,
  userEnv,
  type Started,
} from './lib/processes';
import { ratio, round } from './lib/stats';

const READY_LIMIT_MS = 10 * 60_000;
const CAUGHT_UP_LAG_S = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : round(ms / 1000));

/** Polls /api/health: when it first answers 200, and when the data first lags less than a minute. */
async function watchHealth(run: Started, port: number) {
  let healthyAt: number | null = null;
  let caughtUpAt: number | null = null;
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (!exited && caughtUpAt === null && performance.now() - run.startedAt < READY_LIMIT_MS) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const at = performance.now() - run.startedAt;
      if (response.status === 200) {
        healthyAt ??= at;
        const body = (await response.json()) as { data?: { lagSeconds?: number | null } };
        const lag = body.data?.lagSeconds;
        if (typeof lag === 'number' && lag < CAUGHT_UP_LAG_S) caughtUpAt = at;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return { healthyAt, caughtUpAt };
}

/** Asks the console's own database when the worker's data first lags less than a minute (the backfill's end,
 * independent of the web server), with the credentials the embedded database keeps in the data folder. */
async function watchBackfill(run: Started, dataDir: string) {
  let client: pg.Client | null = null;
  let exited = false;
  void run.exited.then(() => (exited = true));
  try {
    while (!exited && performance.now() - run.startedAt < READY_LIMIT_MS) {
      try {
        if (!client && lineAt(run, /embedded PostgreSQL running/) !== null) {
          const secret = JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8'));
          client = new pg.Client({
            host: '127.0.0.1',
            port: secret.port,
            user: secret.user,
            password: secret.password,
            database: 'fleet',
          });
          client.on('error', () => {});
          await client.connect();
        }
        if (client) {
          const { rows } = await client.query<{ lag: number | null }>(
            'SELECT extract(epoch FROM now() - max(data_until))::float8 AS lag FROM data_source',
          );
          if (rows[0].lag !== null && rows[0].lag < CAUGHT_UP_LAG_S) return performance.now() - run.startedAt;
        }
      } catch {
        // not migrated yet
      }
      await sleep(250);
    }
    return null;
  } finally {
    await client?.end().catch(() => {});
  }
}

const lineAt = (run: Started, pattern: RegExp) => run.lines.find((line) => pattern.test(line.text))?.atMs ?? null;

/** One `npm start` until the worker has caught up, then Ctrl-C; phases read from its log. */
async function oneStart(appDir: string, dataDir: string, label: string) {
  const port = await freePort();
  const wallStart = Date.now();
  const run = start('npm', ['start', '--silent'], {
    cwd: appDir,
    env: userEnv({ FLEET_DATA_DIR: dataDir, PORT: String(port) }),
    echo: process.env.BENCH_VERBOSE ? label : undefined,
  });
  const [{ healthyAt, caughtUpAt }, backfillDoneAt] = await Promise.all([
    watchHealth(run, port),
    watchBackfill(run, dataDir),
  ]);
  const readyAt = lineAt(run, /Fleet Console is ready/);
  const fingerprint = path.join(appDir, '.next', 'fleet-build-fingerprint');
  const buildStartAt = lineAt(run, /building the web app/);
  // npm start writes the build's fingerprint the moment `next build` ends.
  const buildEndAt =
    buildStartAt !== null && existsSync(fingerprint) ? statSync(fingerprint).mtimeMs - wallStart : null;
  const pgAt = lineAt(run, /embedded PostgreSQL running/);
  const migratedAt = lineAt(run, /migration\(s\)|schema is up to date/);
  const seededAt = lineAt(run, /demo cluster seeded/);
  const leadingAt = lineAt(run, /collector: leading/);

  // Ctrl-C in a terminal signals the whole foreground process group: npm, the start script and its children.
  const stopAsked = performance.now();
  signalGroup(run.child, 'SIGINT');
  const exitCode = await run.exited;
  while (groupMembers(run.child).length && performance.now() - stopAsked < 30_000) await sleep(50);
  const stopMs = performance.now() - stopAsked;
  const leftOver = postgresProcessesFor(dataDir, run.child);
  const othersLeft = groupMembers(run.child);
  const pidFileLeft = existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'));
  if (othersLeft.length || leftOver.length) signalGroup(run.child, 'SIGKILL');

  return {
    port,
    seconds: {
      healthAnswers200: seconds(healthyAt),
      readyLine: seconds(readyAt),
      workerCaughtUp: seconds(caughtUpAt),
    },
    phases: {
      databaseStarted: seconds(pgAt),
      workerStarted: seconds(leadingAt),
      backfillDone: seconds(backfillDoneAt),
      migrate: seconds(pgAt !== null && migratedAt !== null ? migratedAt - pgAt : null),
      seed: seconds(seededAt !== null && migratedAt !== null ? seededAt - migratedAt : null),
      build: seconds(buildStartAt !== null && buildEndAt !== null ? buildEndAt - buildStartAt : null),
      // Zero when the data was already fresh as the worker started (a quick restart).
      backfill: seconds(leadingAt !== null && backfillDoneAt !== null ? Math.max(0, backfillDoneAt - leadingAt) : null),
    },
    readyLineText: run.lines.find((line) => /Fleet Console is ready/.test(line.text))?.text ?? null,
    stop: {
      exitCode,
      secondsUntilAllExited: seconds(stopMs),
      postgresLeft: leftOver,
      processesLeft: othersLeft,
      postmasterPidFileLeft: pidFileLeft,
    },
    logTail: caughtUpAt === null ? run.lines.slice(-30).map((line) => line.text) : undefined,
  };
}

export async function benchFirstStart() {
  const loadBefore = loadAverage();
  const work = workDir();
  const appDir = path.join(work.dir, 'app');
  const dataDir = path.join(work.dir, 'first-start-data');
  onInterrupt(() => (work.owned ? removeDir(work.dir) : removeDir(dataDir)));
  try {
    console.log('[bench] first start: cloning…');
    const clone = await freshClone(appDir);
    console.log(`[bench] first start: npm start on a fresh clone (${appDir})…`);
    const first = await oneStart(appDir, dataDir, 'first');
    console.log(`[bench] first start: ${JSON.stringify(first.seconds)}; second start on the same data…`);
    const second = await oneStart(appDir, dataDir, 'second');
    console.log(`[bench] second start: ${JSON.stringify(second.seconds)}; baseline next build…`);
    removeDir(path.join(appDir, '.next'));
    const buildMs = await nextBuild(appDir);
    const baselineS = buildMs / 1000;
    const ratios = (run: typeof first) =>
      Object.fromEntries(
        Object.entries(run.seconds).map(([key, value]) => [key, value === null ? null : ratio(value, baselineS)]),
      );
    return writeResult(
      'first-start',
      {
        target: 'console ready in under 60 s on a fresh clone, seeding included',
        setup: {
          cloneSeconds: seconds(clone.ms),
          note: 'git clone of HEAD, node_modules hard-linked (cp -al) from the checkout, prisma generate; not timed in the start',
        },
        baseline: {
          what: 'bare `next build` of the same clone (FLEET_FAST_BUILD=1, as npm start runs it)',
          seconds: round(baselineS),
        },
        first: { ...first, ratioToBaseline: ratios(first) },
        second: { ...second, ratioToBaseline: ratios(second) },
      },
      loadBefore,
    );
  } finally {
    await stopAll();
    removeDir(dataDir);
    if (work.owned) removeDir(work.dir);
  }
}

if (import.meta.filename === process.argv[1]) benchMain('first-start', () => benchFirstStart());
