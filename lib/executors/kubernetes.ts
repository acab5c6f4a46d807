// The Kubernetes executor: acts on a cluster through its API server, as kubectl would. Machines themselves
// (reboot, replacement, node group size) belong to the cloud or the hardware, which Kubernetes has no API for.
import { createKubernetesApis, type KubernetesApis } from '@/lib/sources/kubernetes/client';
import type { KubernetesConfig } from '@/lib/sources/kubernetes/config';
import { cancel, restart, scale } from './kubernetes-jobs';
import { cordon, drain, uncordon } from './kubernetes-nodes';
import type { Backoff } from './kubernetes-support';
import { unsupported, type Executor, type ExecutorResult } from './types';

export interface KubernetesExecutorOptions {
  /** How long a drain waits for disruption budgets to allow every eviction and for the pods to leave. */
  drainTimeoutMs: number;
  /** Waits between retries (429s from the Eviction API, a Job still being deleted). */
  backoff?: Backoff;
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 15_000 };
const NAME = 'Kubernetes';

/** What an operator does instead of what Kubernetes has no API for: the machines belong to the cloud or the hardware. */
const INSTEAD = {
  rebootNode:
    'drain it, then reboot the machine through its cloud console or BMC (or a remediation controller such as the node-healthcheck operator)',
  replaceNode:
    'drain it, then terminate the machine in the cloud provider; its node group, Cluster API or Karpenter brings up a replacement',
  scalePool:
    "change the node group's size in the cloud provider, or the limits of the Cluster Autoscaler or Karpenter NodePool",
};

export class KubernetesExecutor implements Executor {
  readonly name = 'kubernetes';
  private readonly backoff: Backoff;

  constructor(
    private readonly apis: KubernetesApis,
    private readonly options: KubernetesExecutorOptions,
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  static fromConfig(config: KubernetesConfig): KubernetesExecutor {
    return new KubernetesExecutor(createKubernetesApis(config.connection), {
      drainTimeoutMs: config.drainTimeoutSeconds * 1000,
    });
  }

  /**
   * Batch Job and JobSet: deleted and created again; training job: its pods deleted (the whole job created again
   * if it had finished); Deployment and StatefulSet: rolled. The restarts so far go on the workload.
   */
  restartJob(job: { externalId: string; name: string }): Promise<ExecutorResult> {
    return restart(this.apis, job.externalId, this.backoff);
  }

  cancelJob(job: { externalId: string; name: string }): Promise<ExecutorResult> {
    return cancel(this.apis, job.externalId);
  }

  cordonNode(hostname: string, reason: string): Promise<ExecutorResult> {
    return cordon(this.apis, hostname, reason);
  }

  uncordonNode(hostname: string): Promise<ExecutorResult> {
    return uncordon(this.apis, hostname);
  }

  drainNode(hostname: string, reason: string): Promise<ExecutorResult> {
    return drain(this.apis, hostname, reason, { timeoutMs: this.options.drainTimeoutMs, backoff: this.backoff });
  }

  async rebootNode(_hostname: string, _reason: string): Promise<ExecutorResult> {
    return unsupported('Rebooting a node', NAME, INSTEAD.rebootNode);
  }

  async replaceNode(_hostname: string, _reason: string): Promise<ExecutorResult> {
    return unsupported('Replacing a node', NAME, INSTEAD.replaceNode);
  }

  async scalePool(_pool: string, _nodes: number): Promise<ExecutorResult> {
    return unsupported('Resizing a node pool', NAME, INSTEAD.scalePool);
  }

  /** The service's external id is its Deployment's or StatefulSet's `namespace/name`; replicas change through scale. */
  scaleService(service: { externalId: string; name: string }, replicas: number): Promise<ExecutorResult> {
    return scale(this.apis, service.externalId, replicas);
  }
}
