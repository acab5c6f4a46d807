// A real Slurm for the tests, on 127.0.0.1: munged, slurmctld, one slurmd per node (GPUs as GRES on device files
// made with mknod) and slurmrestd with JWT. Everything lives in one temp folder with ports picked free, so two
// copies of the suite can run side by side; every process is started here and stopped here by its process id.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SlurmConfig } from '@/lib/sources/slurm/config';
import { freePort } from './free-port';

const run = promisify(execFile);

const BIN = {
  munged: process.env.MUNGED_BIN ?? '/usr/sbin/munged',
  slurmctld: '/usr/sbin/slurmctld',
  slurmd: '/usr/sbin/slurmd',
  slurmrestd: '/usr/sbin/slurmrestd',
  scontrol: '/usr/bin/scontrol',
  jwtPlugin: '/usr/lib/x86_64-linux-gnu/slurm-wlm/auth_jwt.so',
};

/** Why the Slurm tests cannot run here, or null when they can. */
export const SLURM_NOT_INSTALLED = (() => {
  const missing = Object.entries(BIN).filter(([, file]) => !existsSync(file));
  if (!missing.length) return null;
  return (
    `Slurm is not installed (${missing.map(([, file]) => file).join(', ')} missing): apt-get install -y ` +
    '--no-install-recommends slurmctld slurmd slurm-client slurmrestd slurm-wlm-jwt-plugin munge (CI installs them)'
  );
})();

export interface SlurmNodeSpec {
  name: string;
  gpus: number;
  /** The GRES type, as in `gpu:h100:8`. */
  gpuType: string;
  partitions: string[];
  cpus?: number;
  features?: string[];
}

export interface SlurmClusterOptions {
  nodes?: SlurmNodeSpec[];
  clusterName?: string;
}

export const DEFAULT_NODES: SlurmNodeSpec[] = [
  { name: 'gpu1', gpus: 8, gpuType: 'h100', partitions: ['h100'] },
  { name: 'gpu2', gpus: 8, gpuType: 'h100', partitions: ['h100'] },
  { name: 'gpu3', gpus: 4, gpuType: 'a100', partitions: ['a100'] },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers non-null. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs: number,
  log: () => string = () => '',
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(`Slurm test cluster: ${what} not within ${timeoutMs / 1000} s\n${log()}`);
    await sleep(150);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Restarts the slurmd that runs it, standing in for a machine's reboot. slurmctld takes a node back only when it
 * registers with a boot time after the reboot request, so the new slurmd runs in a time namespace whose uptime
 * starts at zero. slurmd runs RebootProgram through system(), so that slurmd is an ancestor.
 */
const REBOOT_PROGRAM = `#!/bin/sh
pid=$$
while [ "$pid" -gt 1 ] && [ "$(cat /proc/$pid/comm)" != slurmd ]; do pid=$(cut -d' ' -f4 /proc/$pid/stat); done
node=$(tr '\\0' '\\n' < /proc/$pid/cmdline | sed -n '/^-N$/{n;p;}')
setsid sh -c "sleep 2; kill $pid; while kill -0 $pid 2>/dev/null; do sleep 0.2; done
  exec unshare --time --boottime -\\$(cut -d. -f1 /proc/uptime) ${BIN.slurmd} -N $node" </dev/null >/dev/null 2>&1 &
`;

export class SlurmCluster {
  readonly dir: string;
  readonly conf: string;
  readonly nodes: SlurmNodeSpec[];
  readonly clusterName: string;
  /** slurmrestd's base URL. */
  url = '';
  /** A JWT for root, who may act on every job and node. */
  token = '';
  readonly user = 'root';
  private readonly children: ChildProcess[] = [];
  private readonly env: NodeJS.ProcessEnv;

  private constructor(options: SlurmClusterOptions) {
    this.nodes = options.nodes ?? DEFAULT_NODES;
    this.clusterName = options.clusterName ?? 'fleettest';
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-slurm-'));
    // slurmrestd runs as nobody and must read slurm.conf; munged wants o+x on its socket folder.
    chmodSync(this.dir, 0o755);
    this.conf = path.join(this.dir, 'slurm.conf');
    this.env = { ...process.env, SLURM_CONF: this.conf };
  }

  static async start(options: SlurmClusterOptions = {}): Promise<SlurmCluster> {
    if (SLURM_NOT_INSTALLED) throw new Error(SLURM_NOT_INSTALLED);
    const cluster = new SlurmCluster(options);
    try {
      await cluster.boot();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private file(...parts: string[]) {
    return path.join(this.dir, ...parts);
  }

  private log = () => {
    const logs = existsSync(this.file('log')) ? readdirSync(this.file('log')) : [];
    return logs
      .map((name) => `--- ${name}\n${readFileSync(this.file('log', name), 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');
  };

  private spawn(command: string, args: string[], env: NodeJS.ProcessEnv = this.env) {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('exit', (code) => {
      if (code) writeFileSync(this.file('log', `${path.basename(command)}-${child.pid}.stderr`), stderr);
    });
    this.children.push(child);
    return child;
  }

  private async boot() {
    for (const sub of ['state', 'log', 'dev', 'munge', 'spool']) mkdirSync(this.file(sub), { mode: 0o755 });
    for (const node of this.nodes) mkdirSync(this.file('spool', node.name), { mode: 0o755 });
    const gpus = Math.max(...this.nodes.map((node) => node.gpus));
    for (let i = 0; i < gpus; i++) await run('mknod', [this.file('dev', `nvidia${i}`), 'c', '195', String(i)]);
    writeFileSync(this.file('munge', 'munge.key'), randomBytes(1024), { mode: 0o600 });
    writeFileSync(this.file('jwt.key'), randomBytes(32), { mode: 0o600 });
    writeFileSync(this.file('reboot-node'), REBOOT_PROGRAM, { mode: 0o755 });

    const ports = { ctld: await freePort(), rest: await freePort() };
    const nodePorts = new Map<string, number>();
    for (const node of this.nodes) nodePorts.set(node.name, await freePort());
    writeFileSync(this.conf, this.slurmConf(ports.ctld, nodePorts), { mode: 0o644 });
    writeFileSync(this.file('gres.conf'), this.gresConf(), { mode: 0o644 });

    const socket = this.file('munge', 'munge.sock');
    this.spawn(BIN.munged, [
      '-F',
      '--force',
      `--key-file=${this.file('munge', 'munge.key')}`,
      `--socket=${socket}`,
      `--pid-file=${this.file('munge', 'munged.pid')}`,
      `--log-file=${this.file('log', 'munged.log')}`,
      `--seed-file=${this.file('munge', 'seed')}`,
    ]);
    await waitFor('munged', async () => (existsSync(socket) ? true : null), 10_000, this.log);

    this.spawn(BIN.slurmctld, ['-D', '-i']);
    await waitFor(
      'slurmctld',
      async () => ((await this.scontrol('ping')).includes('is UP') ? true : null),
      30_000,
      this.log,
    );
    for (const node of this.nodes) this.spawn(BIN.slurmd, ['-D', '-N', node.name]);
    await this.waitForNodes((state) => state === 'idle', 30_000);

    this.token = await this.tokenFor(this.user);
    this.url = `http://127.0.0.1:${ports.rest}`;
    this.spawn(BIN.slurmrestd, ['-u', 'nobody', '-g', 'nogroup', '-s', 'openapi/v0.0.38', `127.0.0.1:${ports.rest}`], {
      ...this.env,
      SLURM_JWT: 'daemon',
    });
    await waitFor(
      'slurmrestd',
      async () => ((await fetch(`${this.url}/slurm/v0.0.38/ping`, { headers: this.headers() })).ok ? true : null),
      30_000,
      this.log,
    );
  }

  private slurmConf(ctldPort: number, nodePorts: Map<string, number>): string {
    const partitions = new Map<string, string[]>();
    for (const node of this.nodes) {
      for (const name of node.partitions) partitions.set(name, [...(partitions.get(name) ?? []), node.name]);
    }
    return [
      `ClusterName=${this.clusterName}`,
      'SlurmctldHost=localhost(127.0.0.1)',
      `SlurmctldPort=${ctldPort}`,
      'CommunicationParameters=NoCtldInAddrAny,NoInAddrAny',
      'AuthType=auth/munge',
      `AuthInfo=socket=${this.file('munge', 'munge.sock')}`,
      'AuthAltTypes=auth/jwt',
      `AuthAltParameters=jwt_key=${this.file('jwt.key')}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${this.file('state')}`,
      `SlurmdSpoolDir=${this.file('spool', '%n')}`,
      `SlurmctldPidFile=${this.file('slurmctld.pid')}`,
      `SlurmdPidFile=${this.file('slurmd-%n.pid')}`,
      `SlurmctldLogFile=${this.file('log', 'slurmctld.log')}`,
      `SlurmdLogFile=${this.file('log', 'slurmd-%n.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'GresTypes=gpu',
      'MpiDefault=none',
      'MailProg=/bin/true',
      // Nodes declare more CPUs than this machine has; the configuration is taken as it is written.
      'SlurmdParameters=config_overrides',
      'ReturnToService=2',
      // Heterogeneous jobs and jobs whose begin time passed start on the main scheduler's next pass.
      'SchedulerParameters=sched_interval=2,bf_interval=5',
      'KillWait=2',
      'SlurmdTimeout=30',
      'ResumeTimeout=60',
      `RebootProgram=${this.file('reboot-node')}`,
      ...this.nodes.map(
        (node) =>
          `NodeName=${node.name} NodeHostname=localhost NodeAddr=127.0.0.1 Port=${nodePorts.get(node.name)} ` +
          `CPUs=${node.cpus ?? 64} RealMemory=64000 Gres=gpu:${node.gpuType}:${node.gpus}` +
          (node.features?.length ? ` Feature=${node.features.join(',')}` : '') +
          ' State=UNKNOWN',
      ),
      ...[...partitions.entries()].map(
        ([name, nodes], i) =>
          `PartitionName=${name} Nodes=${nodes.join(',')} ${i === 0 ? 'Default=YES ' : ''}MaxTime=INFINITE State=UP`,
      ),
      '',
    ].join('\n');
  }

  private gresConf(): string {
    const lines = this.nodes.map(
      (node) =>
        `NodeName=${node.name} Name=gpu Type=${node.gpuType} File=${this.file('dev', `nvidia[0-${node.gpus - 1}]`)}`,
    );
    return ['AutoDetect=off', ...lines, ''].join('\n');
  }

  /** The console's settings for this cluster: slurmrestd as root, scontrol allowed and pointed at it. */
  config(changes: Partial<SlurmConfig> = {}): SlurmConfig {
    return {
      url: this.url,
      user: this.user,
      token: { value: this.token },
      apiVersion: null,
      timeoutMs: 20_000,
      clusterName: this.clusterName,
      pricingClass: 'on_demand',
      control: 'scontrol',
      slurmConf: this.conf,
      ...changes,
    };
  }

  headers(user = this.user, token = this.token): Record<string, string> {
    return { 'X-SLURM-USER-NAME': user, 'X-SLURM-USER-TOKEN': token };
  }

  /** Runs scontrol against this cluster; returns its output. */
  async scontrol(...args: string[]): Promise<string> {
    const { stdout } = await run(BIN.scontrol, args, { env: this.env, timeout: 20_000 });
    return stdout;
  }

  /** Submits a batch job as root (or as `--uid`), returning its job id. */
  async sbatch(args: string[], script = '#!/bin/sh\nsleep 300\n'): Promise<number> {
    const scriptFile = this.file(`job-${randomBytes(4).toString('hex')}.sh`);
    writeFileSync(scriptFile, script, { mode: 0o755 });
    const { stdout } = await run('sbatch', ['--parsable', '--output=/dev/null', '--chdir=/tmp', ...args, scriptFile], {
      env: this.env,
      timeout: 20_000,
    });
    return Number(stdout.trim().split(';')[0]);
  }

  /** A JWT for a user, as `scontrol token` issues it. */
  async tokenFor(user: string, lifespanSeconds = 7200): Promise<string> {
    const out = await this.scontrol('token', `username=${user}`, `lifespan=${lifespanSeconds}`);
    return out.trim().replace(/^SLURM_JWT=/, '');
  }

  /** The base state of each node (`idle`, `mixed`, `allocated`, `drained` …), as sinfo prints it. */
  async nodeStates(): Promise<Map<string, string>> {
    const { stdout } = await run('sinfo', ['-h', '-N', '-o', '%N %T'], { env: this.env, timeout: 20_000 });
    return new Map(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/) as [string, string]),
    );
  }

  async waitForNodes(ok: (state: string, node: string) => boolean, timeoutMs = 120_000) {
    await waitFor(
      'nodes',
      async () => {
        const states = await this.nodeStates();
        return this.nodes.every((node) => ok(states.get(node.name) ?? '', node.name)) ? states : null;
      },
      timeoutMs,
      this.log,
    );
  }

  /** A job's fields as `scontrol show job` prints them (JobState, Restarts, Reason …). */
  async job(id: number | string): Promise<Record<string, string>> {
    const out = await this.scontrol('show', 'job', String(id), '--oneliner');
    return Object.fromEntries([...out.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1], m[2]]));
  }

  async waitForJob(id: number | string, ok: (job: Record<string, string>) => boolean, timeoutMs = 120_000) {
    return waitFor(
      `job ${id}`,
      async () => {
        const job = await this.job(id);
        return ok(job) ? job : null;
      },
      timeoutMs,
      this.log,
    );
  }

  /**
   * Stops every daemon by process id, then kills what they leave running (job steps and scripts), then removes the
   * folder. Jobs are not cancelled first: Slurm's state goes with the folder, and a job Slurm is slow to end (one
   * just requeued) held the stop up for its whole wait.
   */
  async stop(): Promise<void> {
    const pids = new Set<number>();
    for (const child of this.children) if (child.pid && child.exitCode === null) pids.add(child.pid);
    // slurmd restarted by a reboot is not our child; its pid file names it.
    for (const file of existsSync(this.dir) ? readdirSync(this.dir) : []) {
      if (!/^slurm(d-.*|ctld)\.pid$/.test(file)) continue;
      const pid = Number(readFileSync(this.file(file), 'utf8').trim());
      if (pid > 1) pids.add(pid);
    }
    await this.terminate([...pids]);
    // Job steps of a daemon stopped mid-job carry our SLURM_CONF in their environment.
    await this.terminate(this.processes(), 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async terminate(pids: number[], signal: NodeJS.Signals = 'SIGTERM') {
    for (const pid of pids) if (alive(pid)) process.kill(pid, signal);
    const deadline = Date.now() + 10_000;
    while (pids.some(alive) && Date.now() < deadline) await sleep(100);
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }

  /** Every process running with this cluster's SLURM_CONF: its daemons, job steps and job scripts. */
  processes(): number[] {
    const marker = `SLURM_CONF=${this.conf}\0`;
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
      .filter((entry) => {
        try {
          return readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker);
        } catch {
          return false;
        }
      })
      .map(Number);
  }
}
