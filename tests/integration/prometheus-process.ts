// A real Prometheus for the tests and benches: Debian's package on 127.0.0.1 and a free port, scraping one target
// (every second unless told otherwise), behind basic auth. Shared by the Prometheus source's tests and its bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMETHEUS_USER = 'fleet';
export const PROMETHEUS_PASSWORD = 'correct horse battery staple';

/** Why the Prometheus tests cannot run here, or null when they can. */
export const PROMETHEUS_MISSING = existsSync(PROMETHEUS_BIN)
  ? null
  : `Prometheus is not installed (${PROMETHEUS_BIN}): apt-get install -y prometheus (CI installs it), or set PROMETHEUS_BIN`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

export { freePort } from './free-port';

export class PrometheusProcess {
  private child: ChildProcess | null = null;
  private stderr = '';
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-prometheus-'));
  readonly url: string;

  constructor(
    readonly port: number,
    target: string,
    options: { scrapeSeconds?: number } = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
    const every = `${options.scrapeSeconds ?? 1}s`;
    writeFileSync(
      path.join(this.dir, 'prometheus.yml'),
      `global:\n  scrape_interval: ${every}\nscrape_configs:\n  - job_name: dcgm\n    scrape_interval: ${every}\n` +
        `    scrape_timeout: ${every}\n    static_configs:\n      - targets: ['${target}']\n`,
    );
    const hash = bcrypt.hashSync(PROMETHEUS_PASSWORD, 10);
    writeFileSync(path.join(this.dir, 'web.yml'), `basic_auth_users:\n  ${PROMETHEUS_USER}: '${hash}'\n`);
  }

  async start() {
    this.stderr = '';
    const child = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${path.join(this.dir, 'prometheus.yml')}`,
        `--web.config.file=${path.join(this.dir, 'web.yml')}`,
        `--storage.tsdb.path=${path.join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    this.child = child;
    const auth = `Basic ${Buffer.from(`${PROMETHEUS_USER}:${PROMETHEUS_PASSWORD}`).toString('base64')}`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Prometheus exited (${child.exitCode}):\n${this.stderr}`);
      const ready = await fetch(`${this.url}/-/ready`, { headers: { authorization: auth } }).catch(() => null);
      if (ready?.ok) return;
      await sleep(200);
    }
    throw new Error(`Prometheus was not ready within 30 s:\n${this.stderr}`);
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  /** Stops it and removes its storage. */
  async remove() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
