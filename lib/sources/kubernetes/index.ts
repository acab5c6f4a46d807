// The Kubernetes source: GPU nodes, GPU jobs (batch Jobs, Kubeflow PyTorchJobs, GPU Deployments) and which pod
// belongs to which job, read from the API server. It has no GPU samples: per-GPU readings and real GPU UUIDs come
// from dcgm-exporter through the Prometheus source, which a composition joins to these records by pod.
import type { JobRecord, NodeStatusRecord, Snapshot, Source, Topology } from '@/lib/sources/types';
import { createKubernetesApis, type KubernetesApis } from './client';
import type { KubernetesConfig } from './config';
import { toSourceError } from './errors';
import { listAll, listPyTorchJobs, PAGE_SIZE, withTimeout } from './list';
import { clusterView, type ClusterObjects, type KubernetesView } from './view';

export { kubernetesConfigFromEnv, kubernetesEnvSchema, type KubernetesConfig } from './config';
export { createKubernetesApis, type KubernetesApis } from './client';
export { placeholderGpuUuid } from './map-nodes';
export type { KubernetesView } from './view';

export interface KubernetesSourceOptions {
  clusterName: string;
  /** Longest wait for one read of the cluster (all lists together). Default 30 s. */
  timeoutMs?: number;
  now?: () => Date;
}

export class KubernetesSource implements Source {
  readonly name = 'kubernetes';

  constructor(
    private readonly apis: KubernetesApis,
    private readonly options: KubernetesSourceOptions,
  ) {}

  static fromConfig(config: KubernetesConfig): KubernetesSource {
    return new KubernetesSource(createKubernetesApis(config.connection), { clusterName: config.clusterName });
  }

  /** One consistent read of the cluster: topology, node states, jobs and the pod→job map together. */
  async read(): Promise<KubernetesView> {
    const objects = await withTimeout(this.fetch(), this.options.timeoutMs ?? 30_000, 'reading the cluster').catch(
      (error: unknown) => {
        throw toSourceError(error);
      },
    );
    return clusterView(objects, this.options.clusterName, this.options.now?.() ?? new Date());
  }

  async topology(): Promise<Topology> {
    return (await this.read()).topology;
  }

  async nodes(): Promise<NodeStatusRecord[]> {
    return (await this.read()).nodes;
  }

  async jobs(): Promise<JobRecord[]> {
    return (await this.read()).jobs;
  }

  async podToJob(): Promise<Map<string, string>> {
    return (await this.read()).podToJob;
  }

  /** States as of now; Kubernetes keeps no history, so `from` is not used and there are no samples or events. */
  async collect(_from: Date, to: Date): Promise<Snapshot> {
    const view = await this.read();
    return { at: to, samples: [], nodes: view.nodes, jobs: view.jobs, events: [], checkpoints: [], faults: [] };
  }

  private async fetch(): Promise<ClusterObjects> {
    const { core, batch, apps } = this.apis;
    const page = { limit: PAGE_SIZE };
    const [nodes, pods, jobs, pytorchJobs, deployments] = await Promise.all([
      listAll((cont) => core.listNode({ ...page, _continue: cont })),
      listAll((cont) => core.listPodForAllNamespaces({ ...page, _continue: cont })),
      listAll((cont) => batch.listJobForAllNamespaces({ ...page, _continue: cont })),
      listPyTorchJobs(this.apis),
      listAll((cont) => apps.listDeploymentForAllNamespaces({ ...page, _continue: cont })),
    ]);
    return { nodes, pods, jobs, pytorchJobs, deployments };
  }
}
