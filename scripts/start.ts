// `npm start`: everything the console needs, in one command. With no DATABASE_URL it runs an embedded
// PostgreSQL in FLEET_DATA_DIR (kept between runs); then it migrates, seeds the demo cluster once, builds the
// web app if the build is missing or stale, and runs the web server and the worker until Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadClusters } from '../lib/clusters/config';
import { EnvError, parseEnv, webHost, type Env } from '../lib/env';
import { EmbeddedPostgresError, isPortFree, startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/db/embedded';
import { migrate } from '../lib/db/migrate';
import { WORKER_NODE_ARGS } from '../lib/worker/node-args';
import { buildIsCurrent, recordBuild } from './build-fingerprint';
import { seedDatabase } from './seed';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const children = new Set<ChildProcess>();
let database: EmbeddedPostgres | undefined;
let stopping = false;

const say = (line: string) => process.stdout.write(`[fleet] ${line}\n`);

class StartError extends Error {}

async function checkDatabase(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const where = new URL(url);
    throw new StartError(
      `Cannot connect to the database at ${where.hostname}:${where.port || 5432}${where.pathname}: ${(error as Error).message}.\n` +
        '  Check that it is running and that DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function authSecret(config: Env, dataDir: string) {
  if (config.NEXTAUTH_SECRET) return config.NEXTAUTH_SECRET;
  // Kept in the data folder so that sessions survive a restart.
  const file = path.join(dataDir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function run(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onExit?: (code: number | null) => void,
) {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping && (code !== 0 || name !== 'build')) say(`${name} exited (${signal ?? code})`);
    onExit?.(code);
  });
  return child;
}

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    run('build', command, args, env, (code) =>
      code === 0 ? resolve() : reject(new StartError(`${command} ${args.join(' ')} failed (exit ${code})`)),
    );
  });
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  const exits = [...children].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGTERM');
  const timeout = setTimeout(() => children.forEach((child) => child.kill('SIGKILL')), 15_000);
  await Promise.all(exits);
  clearTimeout(timeout);
  if (database) {
    await database.stop();
    say('database stopped');
  }
  process.exit(code);
}

async function main() {
  const startedAt = Date.now();
  const config = parseEnv();
  // A clusters file is checked before anything starts: each problem is named with its line.
  const watched = loadClusters();
  const dataDir = path.resolve(root, config.FLEET_DATA_DIR);

  if (!(await isPortFree(config.PORT, webHost(config)))) {
    throw new StartError(
      `Port ${config.PORT} is already in use. Stop what is using it, or start on another port: PORT=3001 npm start`,
    );
  }

  let databaseUrl = config.DATABASE_URL;
  if (databaseUrl) {
    await checkDatabase(databaseUrl);
    say('using the database in DATABASE_URL');
  } else {
    database = await startEmbeddedPostgres({ dataDir });
    databaseUrl = database.url;
    say(
      `embedded PostgreSQL running on 127.0.0.1:${database.port}, data in ${path.relative(root, database.dataDir) || '.'}`,
    );
  }

  const migrations = await migrate(databaseUrl);
  say(
    migrations.applied.length ? `applied ${migrations.applied.length} migration(s)` : 'database schema is up to date',
  );

  const seeded = await seedDatabase(databaseUrl, config, watched);
  if (seeded.demoUsers) {
    say('demo cluster seeded. Demo users (shown once; set FLEET_DEMO_PASSWORD_* to choose them):');
    for (const user of seeded.demoUsers) say(`  ${user.role.padEnd(8)} ${user.email.padEnd(22)} ${user.password}`);
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: authSecret(config, dataDir),
    NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(config.PORT),
  };

  let workerRestarts = 0;
  const startWorker = () =>
    run('worker', process.execPath, WORKER_NODE_ARGS, childEnv, (code) => {
      if (stopping || code === 0) return;
      // A crashed worker loses nothing (it resumes from the database); restart it a few times before giving up.
      if (++workerRestarts > 5) return void shutdown(1);
      setTimeout(startWorker, Math.min(30_000, 1_000 * 2 ** workerRestarts));
    });
  startWorker();

  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (dev) {
    run(
      'web',
      process.execPath,
      [next, 'dev', '-p', String(config.PORT), '-H', webHost(config)],
      childEnv,
      () => void shutdown(1),
    );
  } else {
    if (!buildIsCurrent(root)) {
      say('building the web app (first start, or the code changed)…');
      await runToEnd(process.execPath, [next, 'build'], { ...childEnv, FLEET_FAST_BUILD: '1' });
      recordBuild(root);
    }
    run(
      'web',
      process.execPath,
      [next, 'start', '-p', String(config.PORT), '-H', webHost(config)],
      childEnv,
      () => void shutdown(1),
    );
  }
  if (await waitForHttp(`http://127.0.0.1:${config.PORT}/api/health`, 120_000)) {
    say(
      `Fleet Console is ready at http://localhost:${config.PORT} (${((Date.now() - startedAt) / 1000).toFixed(1)} s). Ctrl-C stops it.`,
    );
  }
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (error) => {
  const known = error instanceof StartError || error instanceof EnvError || error instanceof EmbeddedPostgresError;
  process.stderr.write(`\n[fleet] ${known ? error.message : (error as Error).stack}\n\n`);
  await shutdown(1);
});
