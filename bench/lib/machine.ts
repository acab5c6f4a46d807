// What a figure was measured on: this machine is shared, so its load at the time goes with every result.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const resultsDir = path.join(repoRoot, 'bench', 'results');

const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot }).toString().trim();

export function machine() {
  return {
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export const loadAverage = () => os.loadavg().map((load) => Math.round(load * 100) / 100);

export function commit() {
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommittedFiles: git('status', '--porcelain').split('\n').filter(Boolean).length,
  };
}

/** Writes bench/results/<name>.json with the date, machine and load around the figures. */
export function writeResult(name: string, body: Record<string, unknown>, loadBefore: number[]) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  const result = {
    bench: name,
    date: new Date().toISOString(),
    machine: machine(),
    ...commit(),
    loadAverage: { before: loadBefore, after: loadAverage() },
    ...body,
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`[bench] wrote ${path.relative(repoRoot, file)}`);
  return result;
}
