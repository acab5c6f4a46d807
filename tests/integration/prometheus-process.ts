// A real Prometheus for the tests and benches: Debian's package on 127.0.0.1 and a free port, scraping one target
// (every second unless told otherwise), behind basic auth. Shared by the Prometheus source's tests and its bench.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import type { PricingClass } from '@/lib/domain/enums';
import type { PrometheusConfig } from '@/lib/sources/prometheus/config';
import { notInstalled } from './installed';
import { ServiceProcess } from './service-process';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMETHEUS_USER = 'fleet';
export const PROMETHEUS_PASSWORD = 'correct horse battery staple';

/** Why the Prometheus tests cannot run here, or null when they can. */
export const PROMETHEUS_MISSING = notInstalled({
  name: 'Prometheus',
  bin: PROMETHEUS_BIN,
  debianPackage: 'prometheus',
  variable: 'PROMETHEUS_BIN',
});

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

export { freePort } from './free-port';

export class PrometheusProcess {
  private readonly process = new ServiceProcess('Prometheus', PROMETHEUS_BIN);
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-prometheus-'));
  readonly url: string;
  /** What the console's Prometheus client signs in with. */
  readonly login = { username: PROMETHEUS_USER, password: PROMETHEUS_PASSWORD };
  private readonly authorization = `Basic ${Buffer.from(`${PROMETHEUS_USER}:${PROMETHEUS_PASSWORD}`).toString('base64')}`;

  private readonly scrapeSeconds: number;

  constructor(
    readonly port: number,
    target: string,
    options: { scrapeSeconds?: number } = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.scrapeSeconds = options.scrapeSeconds ?? 1;
    const every = `${this.scrapeSeconds}s`;
    writeFileSync(
      path.join(this.dir, 'prometheus.yml'),
      `global:\n  scrape_interval: ${every}\nscrape_configs:\n  - job_name: dcgm\n    scrape_interval: ${every}\n` +
        `    scrape_timeout: ${every}\n    static_configs:\n      - targets: ['${target}']\n`,
    );
    const hash = bcrypt.hashSync(PROMETHEUS_PASSWORD, 10);
    writeFileSync(path.join(this.dir, 'web.yml'), `basic_auth_users:\n  ${PROMETHEUS_USER}: '${hash}'\n`);
  }

  /** How the console's Prometheus source reads it: signed in, a scrape a second, its pools priced as `pricingClass`. */
  sourceConfig(clusterName: string, pricingClass: PricingClass = 'on_demand'): PrometheusConfig {
    return {
      url: this.url,
      ...this.login,
      timeoutMs: 5_000,
      scrapeSeconds: this.scrapeSeconds,
      pricingClass,
      clusterName,
    };
  }

  /** Its process id while it runs (the bench reads its CPU time). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  start() {
    return this.process.start(
      [
        `--config.file=${path.join(this.dir, 'prometheus.yml')}`,
        `--web.config.file=${path.join(this.dir, 'web.yml')}`,
        `--storage.tsdb.path=${path.join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--log.level=warn',
      ],
      { url: `${this.url}/-/ready`, headers: { authorization: this.authorization } },
    );
  }

  stop() {
    return this.process.stop();
  }

  /** Stops it and removes its storage. */
  async remove() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Waits until its scrapes hold `gpus` GPUs' utilization series. */
  async holdsGpus(gpus: number, withinMs = 30_000) {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const answer = await fetch(`${this.url}/api/v1/query?query=count(DCGM_FI_DEV_GPU_UTIL)`, {
        headers: { authorization: this.authorization },
      })
        .then((response) => response.json())
        .catch(() => null);
      const seen = Number(answer?.data?.result?.[0]?.value?.[1] ?? 0);
      if (seen === gpus) return;
      if (Date.now() > deadline)
        throw new Error(`Prometheus holds ${seen} of ${gpus} GPUs' series after ${withinMs / 1000} s`);
      await sleep(250);
    }
  }
}
