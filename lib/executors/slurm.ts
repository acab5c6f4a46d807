// The Slurm executor. Through slurmrestd where the version in use has an endpoint, else through scontrol on the
// worker's host when the operator allows it (SLURM_CONTROL=scontrol), else refused with the command to run:
//   cancel      DELETE job/{id} (every version)
//   restart     requeue: GET job/{id}/requeue from v0.0.45, else `scontrol requeue`; then begin_time=now+2 s, so the
//               job may start at once rather than after Slurm's requeue delay (AuthInfo cred_expire, 120 s)
//   cordon      DRAIN with the reason: POST node/{name} from v0.0.40, else `scontrol update nodename= state=drain`
//   drain       DRAIN, then requeue the jobs running there (those that allow it), as a drain evicts pods
//   uncordon    RESUME, the same way as DRAIN
//   reboot      `scontrol reboot ASAP nextstate=RESUME reason=…` (no version has an endpoint): the node drains,
//               reboots once idle and comes back taking jobs
// Each outcome is settled by the action runner from what the Slurm source reads back, not from this answer.
import {
  cancelJob,
  getJob,
  getJobs,
  getNode,
  requeueJob,
  START_MARGIN_SECONDS,
  startNow,
  updateNodeState,
} from '@/lib/sources/slurm/api';
import { SlurmClient } from '@/lib/sources/slurm/client';
import type { SlurmJob } from '@/lib/sources/slurm/read';
import type { SlurmConfig } from '@/lib/sources/slurm/config';
import { commandLine, scontrolFor, type Scontrol } from './slurm-control';
import { failed, succeeded, unsupported, type Executor, type ExecutorResult } from './types';

const NAME = 'Slurm';
const ALLOW = 'or set SLURM_CONTROL=scontrol to let the worker run it';

/** What an operator does instead of what Slurm has no operation for. */
const INSTEAD = {
  replaceNode:
    'drain it, repair or swap the machine, then resume it (for cloud nodes, `scontrol power down` it and let power saving bring up a new one)',
  scalePool:
    "a partition's nodes are set in slurm.conf; cloud nodes come and go through Slurm's power saving (ResumeProgram/SuspendProgram)",
  scaleService: 'Slurm runs batch jobs, not services with replicas',
};

/**
 * A Slurm job's external id, as the Slurm source writes it: `1234`, `1234_7` (an array task) or `1234+1` (a
 * component of a heterogeneous job), optionally after `cluster/`. A heterogeneous job is acted on whole, through
 * its leader: Slurm requeues only whole jobs, and a component cancelled alone leaves the others holding GPUs.
 */
export function slurmJobId(externalId: string): string | null {
  const id = externalId.slice(externalId.lastIndexOf('/') + 1);
  if (/^\d+(_\d+)?$/.test(id)) return id;
  const het = /^(\d+)\+\d+$/.exec(id);
  return het ? het[1] : null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SlurmExecutorOptions {
  client?: SlurmClient;
  scontrol?: Scontrol;
  /** How long to wait for a requeued job to finish completing, to lift its start delay. */
  startNowWithinMs?: number;
}

export class SlurmExecutor implements Executor {
  readonly name = 'slurm';
  private readonly client: SlurmClient;
  private readonly scontrol: Scontrol;
  private readonly startNowWithinMs: number;

  constructor(
    private readonly config: SlurmConfig,
    options: SlurmExecutorOptions = {},
  ) {
    this.client = options.client ?? new SlurmClient(config);
    this.scontrol = options.scontrol ?? scontrolFor(config);
    this.startNowWithinMs = options.startNowWithinMs ?? 120_000;
  }

  async restartJob(job: { externalId: string; name: string }): Promise<ExecutorResult> {
    const id = slurmJobId(job.externalId);
    if (!id) return failed(`"${job.externalId}" is not a Slurm job id`);
    const before = await getJob(this.client, id).catch(() => null);
    const requeued = await this.requeue(id);
    if (!requeued.ok) return requeued;
    return succeeded(`${requeued.message}; ${await this.liftStartDelay(id, before?.restarts ?? 0)}`);
  }

  async cancelJob(job: { externalId: string; name: string }): Promise<ExecutorResult> {
    const id = slurmJobId(job.externalId);
    if (!id) return failed(`"${job.externalId}" is not a Slurm job id`);
    const outcome = await cancelJob(this.client, id);
    return outcome.ok
      ? succeeded(`Cancelled Slurm job ${id}`)
      : failed(`Cancel of Slurm job ${id} failed: ${outcome.message}`);
  }

  async cordonNode(hostname: string, reason: string): Promise<ExecutorResult> {
    const drained = await this.setState(hostname, 'DRAIN', reason);
    return drained.ok ? succeeded(`Set ${hostname} to DRAIN (${drained.message}): no new jobs start there`) : drained;
  }

  async uncordonNode(hostname: string): Promise<ExecutorResult> {
    const node = await getNode(this.client, hostname).catch(() => undefined);
    if (node === null) return failed(`Slurm knows no node ${hostname}`);
    if (node && !node.state.some((s) => s === 'DRAIN' || s === 'DOWN' || s === 'FAIL')) {
      return succeeded(`${hostname} already takes jobs (${node.state.join('+')})`);
    }
    const resumed = await this.setState(hostname, 'RESUME');
    return resumed.ok ? succeeded(`Resumed ${hostname} (${resumed.message}): it takes jobs again`) : resumed;
  }

  /** DRAIN, then requeue what runs there: the jobs start again elsewhere from their batch scripts. */
  async drainNode(hostname: string, reason: string): Promise<ExecutorResult> {
    const drained = await this.setState(hostname, 'DRAIN', reason);
    if (!drained.ok) return drained;
    let running: string[];
    try {
      running = (await getJobs(this.client))
        .filter((job) => job.state[0] === 'RUNNING' && job.nodes.includes(hostname))
        .map((job) =>
          job.arrayTaskId !== null ? `${job.arrayJobId}_${job.arrayTaskId}` : String(job.hetJobId ?? job.jobId),
        )
        .filter((id, i, all) => all.indexOf(id) === i);
    } catch (error) {
      return failed(
        `Set ${hostname} to DRAIN, but could not list its jobs to requeue them: ${(error as Error).message}`,
      );
    }
    if (!running.length) return succeeded(`Set ${hostname} to DRAIN (${drained.message}); no jobs ran there`);
    const requeued: { id: string; restarts: number }[] = [];
    const left: string[] = [];
    for (const id of running) {
      const job = await getJob(this.client, id).catch(() => null);
      if (job && !job.requeueAllowed) {
        left.push(`${id} (submitted with --no-requeue: it runs to its end)`);
        continue;
      }
      const outcome = await this.requeue(id);
      if (outcome.ok) requeued.push({ id, restarts: job?.restarts ?? 0 });
      else left.push(`${id} (${outcome.message})`);
    }
    for (const { id, restarts } of requeued) await this.liftStartDelay(id, restarts);
    const parts = [`Set ${hostname} to DRAIN (${drained.message})`];
    if (requeued.length) parts.push(`requeued ${requeued.map((job) => job.id).join(', ')} to start elsewhere`);
    if (left.length) parts.push(`not requeued: ${left.join('; ')}`);
    return succeeded(parts.join('; '));
  }

  async rebootNode(hostname: string, reason: string): Promise<ExecutorResult> {
    const args = [
      'reboot',
      'ASAP',
      'nextstate=RESUME',
      `reason=${reason.trim() || 'rebooted by Fleet Console'}`,
      hostname,
    ];
    if (this.config.control !== 'scontrol') {
      return unsupported(
        'Rebooting a node',
        NAME,
        `slurmrestd has no reboot operation; run \`${commandLine(args)}\` ${ALLOW}`,
      );
    }
    const result = await this.scontrol(args);
    return result.ok
      ? succeeded(`Asked Slurm to reboot ${hostname} (${commandLine(args)}): it drains, reboots once idle and resumes`)
      : failed(`Reboot of ${hostname} failed: ${result.output}`);
  }

  async replaceNode(_hostname: string, _reason: string): Promise<ExecutorResult> {
    return unsupported('Replacing a node', NAME, INSTEAD.replaceNode);
  }

  async scalePool(_pool: string, _nodes: number): Promise<ExecutorResult> {
    return unsupported('Resizing a pool', NAME, INSTEAD.scalePool);
  }

  async scaleService(_service: { externalId: string; name: string }, _replicas: number): Promise<ExecutorResult> {
    return unsupported('Scaling a service', NAME, INSTEAD.scaleService);
  }

  /** Requeues through slurmrestd where it can (v0.0.45), else scontrol if allowed. */
  private async requeue(id: string): Promise<ExecutorResult> {
    const version = await this.client.version().catch((error: Error) => error);
    if (version instanceof Error) return failed(`Requeue of Slurm job ${id} failed: ${version.message}`);
    if (version.paths.requeue) {
      const outcome = await requeueJob(this.client, id);
      return outcome.ok
        ? succeeded(`Requeued Slurm job ${id} through slurmrestd`)
        : failed(`Requeue of Slurm job ${id} failed: ${outcome.message}`);
    }
    const args = ['requeue', id];
    if (this.config.control !== 'scontrol') {
      return unsupported(
        `Requeueing a job through slurmrestd ${version.name}`,
        NAME,
        `slurmrestd has no requeue operation before v0.0.45; run \`${commandLine(args)}\` ${ALLOW}`,
      );
    }
    const result = await this.scontrol(args);
    return result.ok
      ? succeeded(`Requeued Slurm job ${id} (${commandLine(args)})`)
      : failed(`Requeue of Slurm job ${id} failed: ${result.output}`);
  }

  /**
   * A requeued job may not start for AuthInfo's cred_expire (120 s by default) after it is pending again; setting
   * its begin time to now lifts that. Slurm sets the delay when the job has finished completing (its processes
   * killed, KillWait), so this waits for the job to be pending with one more restart than `restartsBefore`.
   */
  private async liftStartDelay(id: string, restartsBefore: number): Promise<string> {
    const deadline = Date.now() + this.startNowWithinMs;
    let last = 'it was not seen pending again';
    for (;;) {
      const job = await getJob(this.client, id).catch((error: Error) => error);
      if (job === null) return 'slurmctld no longer lists it';
      if (job instanceof Error) last = `reading it failed: ${job.message}`;
      else {
        last = `it was last seen ${job.state.join('+')} (${job.stateReason}) after ${job.restarts} restarts`;
        const again = job.restarts > restartsBefore;
        // v0.0.38 names a job pending again after a requeue REQUEUED, until slurmctld clears the flag.
        const pending =
          (job.state[0] === 'PENDING' || job.state[0] === 'REQUEUED') && !job.state.includes('COMPLETING');
        if (again && job.state[0] === 'RUNNING') return 'it is running again';
        if (again && pending) {
          const lifted = await this.startNow(job);
          if (lifted === null) return 'it is pending again and may start at once';
          last = `lifting it failed: ${lifted}`;
          // Still completing within slurmctld (not pending yet to it): try again; otherwise it will not work.
          if (!/no longer pending|not pending/i.test(lifted)) return `it starts after Slurm's requeue delay (${last})`;
        }
      }
      if (Date.now() >= deadline) return `it starts after Slurm's requeue delay (${last})`;
      await sleep(500);
    }
  }

  /**
   * Sets a pending job's begin time to now; null when done, else why not. An array task is named by its own job
   * id (slurmrestd applies `1234_7` to the array), except the one whose id is the array's: scontrol names it right.
   */
  private async startNow(job: SlurmJob): Promise<string | null> {
    const ownId = job.arrayJobId === null || job.jobId !== job.arrayJobId;
    const outcome = await startNow(this.client, String(ownId ? job.jobId : `${job.arrayJobId}_${job.arrayTaskId}`));
    if (outcome.ok) return null;
    if (this.config.control !== 'scontrol') return outcome.message;
    const task = job.arrayTaskId !== null ? `${job.arrayJobId}_${job.arrayTaskId}` : String(job.jobId);
    const result = await this.scontrol(['update', `jobid=${task}`, `starttime=now+${START_MARGIN_SECONDS}`]);
    return result.ok ? null : `${outcome.message}; ${result.output}`;
  }

  /** DRAIN or RESUME: through slurmrestd from v0.0.40, else scontrol if allowed. Answers how it was done. */
  private async setState(hostname: string, state: 'DRAIN' | 'RESUME', reason?: string): Promise<ExecutorResult> {
    const version = await this.client.version().catch((error: Error) => error);
    if (version instanceof Error) return failed(`Setting ${hostname} to ${state} failed: ${version.message}`);
    // slurmctld refuses DRAIN without a reason.
    const why = state === 'DRAIN' ? reason?.trim() || 'drained by Fleet Console' : undefined;
    if (version.nodeUpdate) {
      const outcome = await updateNodeState(this.client, hostname, state, why);
      return outcome.ok
        ? succeeded('through slurmrestd')
        : failed(`Setting ${hostname} to ${state} failed: ${outcome.message}`);
    }
    const args = ['update', `nodename=${hostname}`, `state=${state.toLowerCase()}`, ...(why ? [`reason=${why}`] : [])];
    if (this.config.control !== 'scontrol') {
      return unsupported(
        `Setting a node to ${state} through slurmrestd ${version.name}`,
        NAME,
        `slurmrestd has no node update before v0.0.40; run \`${commandLine(args)}\` ${ALLOW}`,
      );
    }
    const result = await this.scontrol(args);
    return result.ok
      ? succeeded(commandLine(args))
      : failed(`Setting ${hostname} to ${state} failed: ${result.output}`);
  }
}
