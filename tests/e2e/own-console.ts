// A console of a spec's own, beside the demo one the other specs read: `npm start` on its own data folder and a
// free port, with the settings the spec gives it; and, for the specs that read a real cluster's GPUs, a real
// Prometheus scraping a static page of dcgm-exporter's output.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../integration/free-port';
import { PrometheusProcess, sleep } from '../integration/prometheus-process';

export interface OwnConsole {
  /** Where it serves: http://127.0.0.1:<port>. */
  base: string;
  /** Stops it, waiting for it to exit, and removes its data folder. */
  stop(): Promise<void>;
}

/** What the console's /api/health answers, as far as a spec waits on it. */
export interface Health {
  data?: { dataUntil?: string | null; lagSeconds?: number | null };
}

export async function startConsole({
  name,
  dataDir,
  env,
  ready,
  timeoutMs,
}: {
  /** The console in an error message: "The one-GPU console". */
  name: string;
  dataDir: string;
  env: Record<string, string>;
  /** Whether it is ready for the spec, from its health answer (null while it does not answer). */
  ready: (health: Health | null) => boolean;
  timeoutMs: number;
}): Promise<OwnConsole> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  rmSync(dataDir, { recursive: true, force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(port), FLEET_DATA_DIR: dataDir, DATABASE_URL: '', NEXTAUTH_URL: base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its output, passed on as it comes and kept for the error that says why it never got ready.
  let output = '';
  const keep = (into: NodeJS.WriteStream) => (chunk: Buffer) => {
    into.write(chunk);
    output = (output + chunk).slice(-3000);
  };
  child.stdout!.on('data', keep(process.stdout));
  child.stderr!.on('data', keep(process.stderr));

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
    const health: Health | null = await fetch(`${base}/api/health`)
      .then((response) => response.json())
      .catch(() => null);
    if (ready(health)) return { base, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output}`);
    }
    await sleep(2_000);
  }
}

/** Ready once the worker has written the cluster's first whole minute. */
export const hasData = (health: Health | null) => Boolean(health?.data?.dataUntil);

/**
 * One GPU's readings as dcgm-exporter serves them (`exposition`, Prometheus's text format), on a free port, scraped
 * every second by a real Prometheus, whose `url` and login the console reads them through.
 */
export async function startDcgmPrometheus(exposition: string) {
  const exporter = http.createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition);
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const prometheus = new PrometheusProcess(await freePort(), `127.0.0.1:${(exporter.address() as AddressInfo).port}`);
  await prometheus.start();
  return {
    /** The console's settings for reading this Prometheus, a scrape a second. */
    env: {
      PROMETHEUS_URL: prometheus.url,
      PROMETHEUS_USERNAME: prometheus.login.username,
      PROMETHEUS_PASSWORD: prometheus.login.password,
      PROMETHEUS_STEP_SECONDS: '1',
    },
    async stop() {
      await prometheus.remove();
      await new Promise((resolve) => exporter.close(resolve));
    },
  };
}
