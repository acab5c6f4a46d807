// `npm run bench [-- first-start overview-demo …]`: runs the benchmarks (all by default, names below), each in
// its own process, sharing one scratch folder under the temp dir (the clone and its build are made once),
// each with a time limit; results go to bench/results/*.json and the figures of this run are printed at the end.
// A benchmark that fails is named as failed, its older figures are not printed, and the run exits non-zero.
// `npm run bench -- --table` prints every stored result instead, each with the date and commit it was taken at.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeDir } from './lib/app';
import { loadAverage, repoRoot, runId } from './lib/machine';
import { printSummary } from './lib/summary';
import { WORKER_V8_FLAGS } from '../lib/worker/node-args';

const REACT_SERVER = ['--conditions=react-server', '--import', 'tsx'];

/** Every benchmark; those marked `byName` run only when named (their figures are also taken by another). */
const BENCHES: Record<string, { args: string[]; limitMinutes: number; byName?: true }> = {
  'first-start': { args: ['--import', 'tsx', 'bench/first-start.ts'], limitMinutes: 20 },
  'overview-demo': { args: [...REACT_SERVER, 'bench/overview.ts', 'demo'], limitMinutes: 25 },
  'storage-layouts': { args: ['--import', 'tsx', 'bench/storage.ts'], limitMinutes: 30 },
  'fleet-1024': { args: [...REACT_SERVER, 'bench/fleet.ts', '1024'], limitMinutes: 150 },
  'fleet-8192': { args: [...REACT_SERVER, 'bench/fleet.ts', '8192'], limitMinutes: 300 },
  'fleet-32768': { args: [...REACT_SERVER, 'bench/fleet.ts', '32768'], limitMinutes: 300 },
  jobs: { args: [...REACT_SERVER, 'bench/jobs.ts'], limitMinutes: 30 },
  'report-1024': { args: [...REACT_SERVER, 'bench/report.ts', '1024'], limitMinutes: 20 },
  'report-8192': { args: [...REACT_SERVER, 'bench/report.ts', '8192'], limitMinutes: 20 },
  'report-32768': { args: [...REACT_SERVER, 'bench/report.ts', '32768'], limitMinutes: 40 },
  'ledger-8192': { args: [...REACT_SERVER, 'bench/ledger.ts'], limitMinutes: 20 },
  'collect-8192': { args: [...REACT_SERVER, 'bench/collect.ts'], limitMinutes: 20 },
  'prometheus-collect-8192': { args: [...REACT_SERVER, 'bench/prometheus-collect.ts'], limitMinutes: 25 },
  drill: { args: [...REACT_SERVER, 'bench/drill.ts'], limitMinutes: 45 },
  'kubernetes-read': { args: ['--import', 'tsx', 'bench/kubernetes-read.ts'], limitMinutes: 10 },
  load: { args: [...REACT_SERVER, 'bench/load.ts'], limitMinutes: 30 },
  'slurm-1024': { args: ['--import', 'tsx', 'bench/slurm.ts'], limitMinutes: 10 },
  // The overview's in-process breakdown and the map alone, on data sets of their own (fleet-8192 covers both).
  'overview-8192': { args: [...REACT_SERVER, 'bench/overview.ts', '8192'], limitMinutes: 120, byName: true },
  'fleet-map-8192': { args: [...REACT_SERVER, 'bench/fleet-map.ts', '8192'], limitMinutes: 30, byName: true },
  'fleet-map-32768': { args: [...REACT_SERVER, 'bench/fleet-map.ts', '32768'], limitMinutes: 45, byName: true },
};

function runBench(name: string, workDir: string): Promise<number | null> {
  const { args, limitMinutes } = BENCHES[name];
  console.log(`\n[bench] ${name} (limit ${limitMinutes} min, load average ${loadAverage().join(' ')})`);
  // The worker's V8 flags: several benches time the collector's steps in their own process.
  const child = spawn(process.execPath, [...WORKER_V8_FLAGS, ...args], {
    cwd: repoRoot,
    env: { ...process.env, BENCH_WORK_DIR: workDir, BENCH_RUN_ID: runId },
    stdio: 'inherit',
    detached: true,
  });
  const signal = (sig: NodeJS.Signals) => child.pid && process.kill(-child.pid, sig);
  const limit = setTimeout(() => {
    console.error(`[bench] ${name} ran past ${limitMinutes} min: stopping it`);
    signal('SIGINT');
    setTimeout(() => signal('SIGKILL'), 60_000).unref();
  }, limitMinutes * 60_000);
  const forward = () => signal('SIGINT');
  process.on('SIGINT', forward);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(limit);
      process.off('SIGINT', forward);
      if (code !== 0)
        console.error(`[bench] FAILED: ${name} (${signal ?? `exit code ${code}`}); no figure of it is current`);
      resolve(code);
    }),
  );
}

async function main() {
  if (process.argv.includes('--table')) return printSummary(null);
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !BENCHES[name]);
  if (unknown.length)
    throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`);
  const names = asked.length ? asked : Object.keys(BENCHES).filter((name) => !BENCHES[name].byName);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  chmodSync(workDir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach the data folders
  const failed: string[] = [];
  try {
    for (const name of names) if ((await runBench(name, workDir)) !== 0) failed.push(name);
  } finally {
    removeDir(workDir);
  }
  printSummary(runId);
  if (failed.length) {
    console.error(`\n[bench] FAILED: ${failed.join(', ')}. Their figures above are missing, not stale.`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
