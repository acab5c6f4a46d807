// A real service a test starts from its Debian package (Prometheus, Alertmanager): spawned, ready once its
// /-/ready answers, failing with the end of its stderr if it exits first; stopped with SIGTERM, then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';

const READY_WITHIN_MS = 30_000;
const STOP_WITHIN_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ServiceProcess {
  private child: ChildProcess | null = null;
  private stderr = '';

  constructor(
    private readonly name: string,
    private readonly bin: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(args: string[], ready: { url: string; headers?: Record<string, string> }) {
    this.stderr = '';
    const child = spawn(this.bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    this.child = child;
    const deadline = Date.now() + READY_WITHIN_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited (${child.exitCode}):\n${this.stderr}`);
      const answer = await fetch(ready.url, { headers: ready.headers }).catch(() => null);
      if (answer?.ok) return;
      await sleep(200);
    }
    throw new Error(`${this.name} was not ready within ${READY_WITHIN_MS / 1000} s:\n${this.stderr}`);
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
    await exited;
    clearTimeout(killer);
  }
}
