// The Slurm executor, through slurmrestd's OpenAPI plugin (openapi/slurmctld):
//   node state   POST   /slurm/{version}/node/{node_name}  body update_node_msg { state: ["DRAIN"], reason } / ["RESUME"]
//   cancel       DELETE /slurm/{version}/job/{job_id}      (SIGKILL to the whole job unless told otherwise)
//   requeue      POST   /slurm/{version}/job/{job_id}/requeue, only from data parser v0.0.45. Up to v0.0.44 the job
//                endpoints are get, update (job_desc_msg, whose `requeue` field only says whether a job may be
//                requeued) and cancel, so there is no way to requeue through slurmrestd and the executor says so.
// Slurm has no separate cordon: DRAIN both keeps new jobs off a node and lets the running ones finish.
import { apiMinor, type SlurmConfig } from './slurm-config';
import { SlurmClient } from './slurm-client';
import { failed, succeeded, unsupported, type Executor, type ExecutorResult } from './types';

const NAME = 'Slurm';
export const REQUEUE_MIN_MINOR = 45;

/** A Slurm job's external id is its job id (12345, or 12345_7 for an array task), optionally after `cluster/`. */
export function slurmJobId(externalId: string): string | null {
  const id = externalId.slice(externalId.lastIndexOf('/') + 1);
  return /^\d+(_\d+)?$/.test(id) ? id : null;
}

export class SlurmExecutor implements Executor {
  readonly name = 'slurm';
  private readonly client: SlurmClient;

  constructor(config: SlurmConfig) {
    this.client = new SlurmClient(config);
  }

  async restartJob(job: { externalId: string; name: string }): Promise<ExecutorResult> {
    const id = slurmJobId(job.externalId);
    if (!id) return failed(`"${job.externalId}" is not a Slurm job id`);
    if (apiMinor(this.client.apiVersion) < REQUEUE_MIN_MINOR) {
      return unsupported(
        `Requeueing a job through slurmrestd ${this.client.apiVersion}`,
        NAME,
        `slurmrestd has no requeue operation before v0.0.45; run \`scontrol requeue ${id}\`, or set SLURM_API_VERSION=v0.0.45 where slurmrestd offers it`,
      );
    }
    const outcome = await this.client.call('POST', `job/${encodeURIComponent(id)}/requeue`, {});
    return outcome.ok
      ? succeeded(`Requeued Slurm job ${id}: it goes back to pending and starts again from its batch script`)
      : failed(`Requeue of Slurm job ${id} failed: ${outcome.message}`);
  }

  async cancelJob(job: { externalId: string; name: string }): Promise<ExecutorResult> {
    const id = slurmJobId(job.externalId);
    if (!id) return failed(`"${job.externalId}" is not a Slurm job id`);
    const outcome = await this.client.call('DELETE', `job/${encodeURIComponent(id)}`);
    return outcome.ok
      ? succeeded(`Cancelled Slurm job ${id}`)
      : failed(`Cancel of Slurm job ${id} failed: ${outcome.message}`);
  }

  cordonNode(hostname: string, reason: string): Promise<ExecutorResult> {
    return this.setState(hostname, 'DRAIN', reason, `Set ${hostname} to DRAIN: no new jobs start there`);
  }

  uncordonNode(hostname: string): Promise<ExecutorResult> {
    return this.setState(hostname, 'RESUME', null, `Resumed ${hostname}: it takes jobs again`);
  }

  drainNode(hostname: string, reason: string): Promise<ExecutorResult> {
    return this.setState(
      hostname,
      'DRAIN',
      reason,
      `Set ${hostname} to DRAIN: no new jobs start there and it is drained once its running jobs end (requeue or cancel them to free it sooner)`,
    );
  }

  async rebootNode(hostname: string, _reason: string): Promise<ExecutorResult> {
    return unsupported(
      'Rebooting a node',
      NAME,
      `slurmrestd has no reboot operation; run \`scontrol reboot ASAP nextstate=RESUME reason="…" ${hostname}\``,
    );
  }

  async replaceNode(_hostname: string, _reason: string): Promise<ExecutorResult> {
    return unsupported(
      'Replacing a node',
      NAME,
      'drain it, repair or swap the machine, then resume it (for cloud nodes, `scontrol power down` it and let power saving bring up a new one)',
    );
  }

  async scalePool(_pool: string, _nodes: number): Promise<ExecutorResult> {
    return unsupported(
      'Resizing a pool',
      NAME,
      "a partition's nodes are set in slurm.conf; cloud nodes come and go through Slurm's power saving (ResumeProgram/SuspendProgram)",
    );
  }

  async scaleService(_service: { externalId: string; name: string }, _replicas: number): Promise<ExecutorResult> {
    return unsupported('Scaling a service', NAME, 'Slurm runs batch jobs, not services with replicas');
  }

  private async setState(
    hostname: string,
    state: 'DRAIN' | 'RESUME',
    reason: string | null,
    done: string,
  ): Promise<ExecutorResult> {
    // slurmctld refuses DRAIN without a reason.
    const body =
      state === 'DRAIN' ? { state: [state], reason: reason?.trim() || 'drained by Fleet Console' } : { state: [state] };
    const outcome = await this.client.call('POST', `node/${encodeURIComponent(hostname)}`, body);
    return outcome.ok ? succeeded(done) : failed(`Setting ${hostname} to ${state} failed: ${outcome.message}`);
  }
}
