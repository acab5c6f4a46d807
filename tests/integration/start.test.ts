// `npm start` with bad input: one clear message that says what to do, a failing exit code, nothing half-made.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '@/lib/db/embedded';

const root = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(os.tmpdir(), 'fleet-start-'));
// As root, PostgreSQL runs as the postgres user, which must be able to reach the data folders inside.
chmodSync(temp, 0o755);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: {
        NODE_ENV: 'production',
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FLEET_DATA_DIR: path.join(temp, 'unused'),
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm start with bad input', () => {
  it('names a malformed DATABASE_URL and starts nothing', async () => {
    const dataDir = path.join(temp, 'malformed');
    const { code, output } = await start({
      DATABASE_URL: 'mysql://nope',
      FLEET_DATA_DIR: dataDir,
      PORT: String(await freePort()),
    });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL: must be a URL like postgresql:\/\/user:password@host:5432\/database/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says which database it cannot reach and how to fix it', async () => {
    const unused = await freePort();
    const { code, output } = await start({
      DATABASE_URL: `postgresql://fleet:x@127.0.0.1:${unused}/fleet`,
      PORT: String(await freePort()),
    });
    expect(code).toBe(1);
    expect(output).toContain(`Cannot connect to the database at 127.0.0.1:${unused}/fleet`);
    expect(output).toContain('unset DATABASE_URL to use the embedded database');
  });

  it('says the port is in use and how to choose another', async () => {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, () => resolve((server.address() as net.AddressInfo).port)),
    );
    try {
      const { code, output } = await start({ PORT: String(port) });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} is already in use`);
      expect(output).toContain('PORT=3001 npm start');
    } finally {
      server.close();
    }
  });

  it('refuses a data folder that a running PostgreSQL owns, and leaves it alone', async () => {
    const dataDir = path.join(temp, 'owned');
    const running = await startEmbeddedPostgres({ dataDir });
    try {
      const { code, output } = await start({ FLEET_DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(code).toBe(1);
      expect(output).toMatch(/is in use by a running PostgreSQL \(pid \d+\)/);
      expect(output).toContain('FLEET_DATA_DIR');
      // The owner is unharmed.
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
    } finally {
      await running.stop();
    }
  });
});

describe('the embedded database', () => {
  it('starts again on a data folder left by a crashed PostgreSQL, keeping its data', async () => {
    const dataDir = path.join(temp, 'crashed');
    const first = await startEmbeddedPostgres({ dataDir });
    const { Client } = await import('pg');
    const client = new Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await client.end();
    const pid = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    execFileSync('kill', ['-9', String(pid)]);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      const again = new Client({ connectionString: second.url });
      await again.connect();
      expect((await again.query('SELECT v FROM kept')).rows[0].v).toBe(42);
      await again.end();
    } finally {
      await second.stop();
    }
  });
});
