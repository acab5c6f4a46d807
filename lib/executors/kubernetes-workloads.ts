// What a Kubernetes job id (`namespace/name`) names, looked up as the source reads workloads: a batch Job, a
// JobSet, a Kubeflow training job, a Deployment or a StatefulSet, first found wins; and how many restarts the
// source counts for it now, which a restart carries on its new object so the count goes up (RESTARTS_ANNOTATION).
import type { V1Deployment, V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { KubernetesApis } from '@/lib/sources/kubernetes/client';
import {
  JOBSET_KIND,
  parseJobSets,
  parseTrainingJobs,
  TRAINING_KINDS,
  type CustomKind,
} from '@/lib/sources/kubernetes/custom';
import { JOBSET_NAME_LABEL, TRAINING_JOB_NAME_LABEL } from '@/lib/sources/kubernetes/labels';
import { batchJobRestarts, serviceRecord } from '@/lib/sources/kubernetes/map-jobs';
import { jobSetRecord, trainingJobRecord } from '@/lib/sources/kubernetes/map-training';
import { apiFailure, splitExternalId, statusOf } from './kubernetes-support';
import { failed, type ExecutorResult } from './types';

interface Named {
  namespace: string;
  name: string;
}

export type Workload =
  | (Named & { kind: 'Job'; job: V1Job })
  | (Named & { kind: 'Deployment'; service: V1Deployment })
  | (Named & { kind: 'StatefulSet'; service: V1StatefulSet })
  /** A JobSet or a training job, as the custom resource it is. */
  | (Named & { kind: string; custom: CustomKind; version: string; object: Record<string, unknown> });

export const isWorkload = (value: Workload | ExecutorResult): value is Workload => !('ok' in value);

/** The custom kinds, each at every version it may be served at. */
const CUSTOM = [JOBSET_KIND, ...TRAINING_KINDS].flatMap((kind) => kind.versions.map((version) => ({ kind, version })));

export async function resolveWorkload(apis: KubernetesApis, externalId: string): Promise<Workload | ExecutorResult> {
  const id = splitExternalId(externalId);
  if (!id) return failed(`"${externalId}" is not a Kubernetes job id (namespace/name)`);
  const { namespace, name } = id;
  const lookups: (() => Promise<Workload>)[] = [
    async () => ({ kind: 'Job', namespace, name, job: await apis.batch.readNamespacedJob(id) }),
    ...CUSTOM.map(({ kind, version }) => async (): Promise<Workload> => {
      const object: unknown = await apis.custom.getNamespacedCustomObject({
        group: kind.group,
        version,
        plural: kind.plural,
        namespace,
        name,
      });
      return {
        kind: kind.kind,
        namespace,
        name,
        custom: kind,
        version,
        object: (object ?? {}) as Record<string, unknown>,
      };
    }),
    async () => ({ kind: 'Deployment', namespace, name, service: await apis.apps.readNamespacedDeployment(id) }),
    async () => ({ kind: 'StatefulSet', namespace, name, service: await apis.apps.readNamespacedStatefulSet(id) }),
  ];
  for (const lookup of lookups) {
    try {
      return await lookup();
    } catch (error) {
      // 404: not this kind, or a kind the cluster does not serve.
      if (statusOf(error) !== 404) return apiFailure(`Looking up ${externalId}`, error);
    }
  }
  return failed(
    `No Job, JobSet, training job (PyTorchJob, TFJob, MPIJob…), Deployment or StatefulSet named ${externalId}`,
  );
}

/** The label selector of a workload's pods. */
function podSelector(workload: Workload): string {
  if (workload.kind === 'Job') return `batch.kubernetes.io/job-name=${workload.name}`;
  if ('service' in workload) {
    const labels = workload.service.spec?.selector?.matchLabels ?? {};
    return Object.entries(labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
  }
  return `${workload.kind === JOBSET_KIND.kind ? JOBSET_NAME_LABEL : TRAINING_JOB_NAME_LABEL}=${workload.name}`;
}

/** The restarts the source counts for the workload now (0 where it cannot be read). */
export async function restartsNow(apis: KubernetesApis, workload: Workload): Promise<number> {
  const labelSelector = podSelector(workload);
  const pods: V1Pod[] = labelSelector
    ? (await apis.core.listNamespacedPod({ namespace: workload.namespace, labelSelector })).items
    : [];
  const now = new Date();
  if (workload.kind === 'Job' && 'job' in workload) return batchJobRestarts(workload.job, pods);
  if ('service' in workload) return serviceRecord(workload.service, pods, now)?.restartCount ?? 0;
  if (!('custom' in workload)) return 0;
  if (workload.custom.kind === JOBSET_KIND.kind) {
    const [jobSet] = parseJobSets([workload.object]);
    return jobSet ? (jobSetRecord(jobSet, pods, now)?.restartCount ?? 0) : 0;
  }
  const kind = TRAINING_KINDS.find((k) => k.kind === workload.custom.kind)!;
  const [job] = parseTrainingJobs(kind, [workload.object]);
  return job ? (trainingJobRecord(job, pods, now)?.restartCount ?? 0) : 0;
}
