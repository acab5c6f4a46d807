// What a figure was measured on: this machine is shared, so its load during the run goes with every result,
// and so do the date and the commit, so that no figure can pass for a later one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const round2 = (value: number) => Math.round(value * 100) / 100;
export const loadAverage = () => os.loadavg().map(round2);

// The one-minute load average every 5 s while this process runs: the load *during* the figures.
const loadSamples: number[] = [os.loadavg()[0]];
setInterval(() => loadSamples.push(os.loadavg()[0]), 5_000).unref();

export function loadDuringRun() {
  const sorted = [...loadSamples].sort((a, b) => a - b);
  return {
    min: round2(sorted[0]),
    median: round2(sorted[Math.floor(sorted.length / 2)]),
    max: round2(sorted[sorted.length - 1]),
    samples: sorted.length,
  };
}

/** The commit measured, and how many files differed from it (results written by this run aside). */
export function commit() {
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommittedFiles: git('status', '--porcelain', '--', '.', ':!bench/results').split('\n').filter(Boolean).length,
  };
}

/** The run a result belongs to: run.ts names one for all its benchmarks; a bench run alone names its own. */
export const runId = process.env.BENCH_RUN_ID ?? `${new Date().toISOString()} ${commit().commit}`;

/** Writes bench/results/<name>.json with the run, date, commit, machine and load around the figures. */
export function writeResult(name: string, body: Record<string, unknown>, loadBefore: number[]) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  const result = {
    bench: name,
    runId,
    date: new Date().toISOString(),
    machine: machine(),
    ...commit(),
    loadAverage: { before: loadBefore, during: loadDuringRun(), after: loadAverage() },
    ...body,
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`[bench] wrote ${path.relative(repoRoot, file)}`);
  return result;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function statFields(pid: number): string[] | null {
  try {
    // Fields after the command, which may hold spaces: state, ppid, … utime is the 12th of them.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU time (user and system, ms) a process has used. With `children`, also that of its children: the live ones
 * and those it has reaped (a PostgreSQL server: the postmaster and its backends).
 */
export function cpuMs(pid: number, children = false): number {
  const fields = statFields(pid);
  if (!fields) return NaN;
  let ticks = Number(fields[11]) + Number(fields[12]);
  if (children) {
    ticks += Number(fields[13]) + Number(fields[14]);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const child = statFields(Number(entry));
      if (child && Number(child[1]) === pid) ticks += Number(child[11]) + Number(child[12]);
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
