// Child processes the bench starts: each in its own process group (so Ctrl-C can be sent to the group, as a
// terminal does), with every output line kept with the time it arrived.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Line {
  atMs: number;
  text: string;
}

export interface Started {
  child: ChildProcess;
  startedAt: number;
  lines: Line[];
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  /** Resolves with the time (ms since start) of the first line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<number>;
}

const running = new Set<ChildProcess>();

/** A minimal environment, as a user's shell has: nothing of the bench's own (no DATABASE_URL) leaks in. */
export function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env as NodeJS.ProcessEnv;
}

export function start(command: string, args: string[], options: SpawnOptions & { echo?: string } = {}): Started {
  const startedAt = performance.now();
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const lines: Line[] = [];
  const waiters: { pattern: RegExp; resolve: (at: number) => void }[] = [];
  const onData = (chunk: Buffer) => {
    const atMs = performance.now() - startedAt;
    for (const text of chunk.toString().split('\n')) {
      if (!text.trim()) continue;
      lines.push({ atMs, text });
      if (options.echo) process.stdout.write(`  ${options.echo}| ${text}\n`);
      for (const waiter of waiters.filter((w) => w.pattern.test(text))) waiter.resolve(atMs);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  return {
    child,
    startedAt,
    lines,
    exited,
    waitForLine(pattern, timeoutMs) {
      const seen = lines.find((line) => pattern.test(line.text));
      if (seen) return Promise.resolve(seen.atMs);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line ${pattern} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ pattern, resolve: (at) => (clearTimeout(timer), resolve(at)) });
        exited.then((code) => reject(new Error(`${command} exited (${code}) before printing ${pattern}`)));
      });
    },
  };
}

/** Sends a signal to the child's whole process group; true when there was one to signal. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command to its end, returning its output; rejects on a non-zero exit. */
export async function runToEnd(command: string, args: string[], options: SpawnOptions & { echo?: string } = {}) {
  const started = start(command, args, options);
  const code = await started.exited;
  const output = started.lines.map((line) => line.text).join('\n');
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-2000)}`);
  return { ms: performance.now() - started.startedAt, output };
}

function processes(): { pid: number; groupId: number; command: string }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const groupId = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[2]);
      found.push({ pid: Number(entry), groupId, command: command.slice(0, 160) });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Processes still alive in the child's process group. */
export const groupMembers = (child: ChildProcess) => processes().filter((p) => p.groupId === child.pid);

/** PostgreSQL processes still alive whose command line names `dataDir` (the postmaster) or in `child`'s group. */
export const postgresProcessesFor = (dataDir: string, child?: ChildProcess) =>
  processes()
    .filter((p) => /(^|\/)postgres(\s|:|$)/.test(p.command))
    .filter((p) => p.command.includes(dataDir) || (child !== undefined && p.groupId === child.pid))
    .map(({ pid, command }) => ({ pid, command }));

/** Ends everything this process started (on an error or a signal): Ctrl-C first, then a kill. */
export async function stopAll(graceMs = 15_000) {
  const children = [...running];
  children.forEach((child) => signalGroup(child, 'SIGINT'));
  const deadline = Date.now() + graceMs;
  while (running.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  children.filter((child) => running.has(child)).forEach((child) => signalGroup(child, 'SIGKILL'));
}

const cleanups: (() => Promise<void> | void)[] = [];

/** Registers what to undo if the bench is interrupted (Ctrl-C, or run.ts's time limit): servers, folders. */
export function onInterrupt(cleanup: () => Promise<void> | void) {
  if (!cleanups.length) {
    const handler = async (signal: NodeJS.Signals) => {
      console.error(`[bench] ${signal}: cleaning up`);
      for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => {});
      await stopAll(5_000);
      process.exit(130);
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  }
  cleanups.push(cleanup);
}

/**
 * Runs a bench as its process's whole job: on an error it says so, stops what it started and exits non-zero,
 * so that a handle left open (a pool waiting on a connection) can never hang the run or pass for a success.
 */
export function benchMain(name: string, run: () => Promise<unknown>) {
  run().then(
    () => process.exit(0),
    async (error) => {
      console.error(`[bench] ${name} failed:`, error);
      await stopAll(5_000);
      process.exit(1);
    },
  );
}
