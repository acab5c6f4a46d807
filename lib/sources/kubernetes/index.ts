// The Kubernetes source: GPU nodes and their health, GPU workloads (batch Jobs, Kubeflow training jobs, JobSets,
// GPU Deployments and StatefulSets) and where their pods hold GPUs, read from the API server. It has no GPU
// readings: those and the real GPU UUIDs come from dcgm-exporter through Prometheus, which lib/sources/compose
// joins to these records (FLEET_SOURCE=kubernetes).
import type { SchedulerSnapshot, SchedulerSource } from '@/lib/sources/types';
import { createKubernetesApis, type KubernetesApis } from './client';
import type { KubernetesConfig } from './config';
import { JOBSET_KIND, parseJobSets, parseTrainingJobs, TRAINING_KINDS, type CustomKind } from './custom';
import { toSourceError } from './errors';
import { listAll, listCustom, listJson, PAGE_SIZE, withTimeout } from './list';
import type { PodObject } from './map-pods';
import { clusterView, type ClusterObjects } from './view';
import { MINUTE_MS } from '@/lib/domain/time';

export { kubernetesConfig, type KubernetesConfig } from './config';
export { createKubernetesApis, type KubernetesApis } from './client';

/** A kind the cluster does not serve (its operator is not installed) is asked about again after this long. */
const ABSENT_RECHECK_MS = 10 * MINUTE_MS;
/** Pods that have finished hold no GPUs; the API server leaves them out (a field selector it supports for pods). */
const UNFINISHED_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

export interface KubernetesSourceOptions {
  clusterName: string;
  /** Longest wait for one read of the cluster (all lists together). Default 30 s. */
  timeoutMs?: number;
  now?: () => Date;
}

export class KubernetesSource implements SchedulerSource {
  readonly name = 'kubernetes';
  private readonly absent = new Map<string, number>();

  constructor(
    private readonly apis: KubernetesApis,
    private readonly options: KubernetesSourceOptions,
  ) {}

  static fromConfig(config: KubernetesConfig): KubernetesSource {
    return new KubernetesSource(createKubernetesApis(config.connection), {
      clusterName: config.clusterName,
      timeoutMs: config.timeoutMs,
    });
  }

  /** One consistent read of the cluster: topology, node states, jobs and where their pods hold GPUs. */
  async read(): Promise<SchedulerSnapshot> {
    const objects = await withTimeout(this.fetch(), this.options.timeoutMs ?? 30_000, 'reading the cluster').catch(
      (error: unknown) => {
        throw toSourceError(error);
      },
    );
    return clusterView(objects, this.options.clusterName, this.options.now?.() ?? new Date());
  }

  private async fetch(): Promise<ClusterObjects> {
    const { core, batch, apps } = this.apis;
    const page = { limit: PAGE_SIZE };
    const [nodes, pods, jobs, deployments, statefulSets, jobSets, ...training] = await Promise.all([
      listAll((cont) => core.listNode({ ...page, _continue: cont })),
      listJson<PodObject>(this.apis, '/api/v1/pods', { fieldSelector: UNFINISHED_PODS }),
      listAll((cont) => batch.listJobForAllNamespaces({ ...page, _continue: cont })),
      listAll((cont) => apps.listDeploymentForAllNamespaces({ ...page, _continue: cont })),
      listAll((cont) => apps.listStatefulSetForAllNamespaces({ ...page, _continue: cont })),
      this.listIfServed(JOBSET_KIND),
      ...TRAINING_KINDS.map((kind) => this.listIfServed(kind)),
    ]);
    return {
      nodes,
      pods,
      jobs,
      deployments,
      statefulSets,
      jobSets: parseJobSets(jobSets),
      trainingJobs: TRAINING_KINDS.flatMap((kind, i) => parseTrainingJobs(kind, training[i])),
    };
  }

  /** A custom kind's objects; none, without asking again for a while, when the cluster does not serve it. */
  private async listIfServed(kind: CustomKind): Promise<unknown[]> {
    const absentSince = this.absent.get(kind.plural);
    if (absentSince !== undefined && Date.now() - absentSince < ABSENT_RECHECK_MS) return [];
    const items = await listCustom(this.apis, kind);
    if (items === null) this.absent.set(kind.plural, Date.now());
    else this.absent.delete(kind.plural);
    return items ?? [];
  }
}
