// Training progress read from a real Prometheus (Debian's package): a training framework's step counter, scraped
// every second, fills in the step of the jobs whose source knows none.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '@/lib/sources/prometheus';
import { parseProgressMetrics } from '@/lib/progress-metrics';
import { ProgressReader } from '@/lib/sources/progress';
import { NO_TRAINING_PROGRESS, type JobRecord } from '@/lib/sources/types';
import { freePort } from './free-port';

const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const job = (externalId: string, name: string, kind: JobRecord['kind'] = 'training'): JobRecord => ({
  externalId,
  name,
  kind,
  team: 'ml',
  project: 'p',
  owner: null,
  state: 'running',
  gpusRequested: 8,
  submittedAt: new Date(0),
  startedAt: new Date(0),
  endedAt: null,
  restartCount: 0,
  ...NO_TRAINING_PROGRESS,
  gpuUuids: [],
});

describe('progress from a PromQL metric', () => {
  let exporter: http.Server;
  let prometheus: ChildProcess;
  let dir: string;
  let url: string;
  /** What the "framework" exports: the step of each run, by the label its launcher sets. */
  const steps: Record<string, number> = { 'pytorchjob-llama-sft': 1200, 'ns/other-run': 7 };

  beforeAll(async () => {
    exporter = http.createServer((_, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        '# TYPE trainer_global_step gauge\n' +
          Object.entries(steps)
            .map(([run, step]) => `trainer_global_step{run="${run}",rank="0"} ${step}\n`)
            .join('') +
          '# TYPE trainer_tokens_per_second gauge\ntrainer_tokens_per_second{run="pytorchjob-llama-sft"} 51234\n',
      );
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-progress-'));
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: trainer\n    static_configs:\n      - targets: ['${target}']\n`,
    );
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    const client = new PrometheusClient({ url, timeoutMs: 5_000 });
    // Ready, and the first scrape landed.
    for (let tries = 0; tries < 150; tries++) {
      const answer = await client.query('trainer_global_step', new Date()).catch(() => null);
      if (answer && answer.result.length === 2) return;
      await sleep(200);
    }
    throw new Error('Prometheus did not scrape the trainer within 30 s');
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => exporter?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fills the step and tokens per second of the training jobs its label names, by id or by name', async () => {
    const metrics = parseProgressMetrics(
      JSON.stringify([
        {
          step: 'max by (run) (trainer_global_step)',
          jobLabel: 'run',
          tokensPerSecond: 'sum by (run) (trainer_tokens_per_second)',
        },
      ]),
    );
    const reader = new ProgressReader(new PrometheusClient({ url, timeoutMs: 5_000 }), metrics);
    const jobs = [
      job('ns/other-run', 'other-run'),
      job('uid-123', 'pytorchjob-llama-sft'),
      job('uid-456', 'unlisted-run'),
      job('ns/other-run-eval', 'ns/other-run', 'evaluation'),
    ];
    const filled = await reader.fill(jobs, new Date());
    expect(filled.map((j) => [j.externalId, j.step, j.tokensPerSecond])).toEqual([
      ['ns/other-run', 7, null],
      ['uid-123', 1200, 51234],
      ['uid-456', null, null],
      // Evaluations are not covered by the default kinds.
      ['ns/other-run-eval', null, null],
    ]);
    // The source's own records are left as they were.
    expect(jobs[1].step).toBeNull();
  });

  it('refuses a setting that names no job label, saying which field', () => {
    expect(() => parseProgressMetrics('[{"step": "trainer_global_step"}]')).toThrow(/^0\.jobLabel: /);
    expect(() => parseProgressMetrics('{not json')).toThrow(/is not JSON/);
  });
});
