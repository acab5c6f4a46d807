// Restart and cancel jobs, scale services. A job's external id is `namespace/name` of a batch Job, a JobSet, a
// Kubeflow training job, or (for services) a Deployment or StatefulSet, as the Kubernetes source writes it.
import { RESTARTS_ANNOTATION } from '@/lib/sources/kubernetes/labels';
import type { KubernetesApis } from '@/lib/sources/kubernetes/client';
import { JOBSET_KIND } from '@/lib/sources/kubernetes/custom';
import { customObjectForRecreate, jobForRecreate } from './kubernetes-recreate';
import { apiFailure, mergePatch, retryUntil, splitExternalId, statusOf, type Backoff } from './kubernetes-support';
import { isWorkload, resolveWorkload, restartsNow, type Workload } from './kubernetes-workloads';
import { failed, succeeded, type ExecutorResult } from './types';
import { MINUTE_MS } from '@/lib/domain/time';

type CustomWorkload = Extract<Workload, { custom: unknown }>;

const customApi = (w: CustomWorkload) => ({ group: w.custom.group, version: w.version, plural: w.custom.plural });

function finished(object: Record<string, unknown>): boolean {
  const conditions = ((object.status ?? {}) as { conditions?: { type?: string; status?: string }[] }).conditions ?? [];
  return conditions.some((c) => ['Succeeded', 'Failed', 'Completed'].includes(c.type ?? '') && c.status === 'True');
}

export async function restart(apis: KubernetesApis, externalId: string, backoff: Backoff): Promise<ExecutorResult> {
  const target = await resolveWorkload(apis, externalId);
  if (!isWorkload(target)) return target;
  let restarts: number;
  try {
    restarts = (await restartsNow(apis, target)) + 1;
  } catch (error) {
    return apiFailure(`Restart of ${target.kind} ${externalId} (reading its pods)`, error);
  }
  if ('job' in target) return recreateJob(apis, target, restarts, backoff);
  if ('service' in target) return rolloutRestart(apis, target, restarts);
  // A JobSet, or a finished training job, is over for its controller: it is created again. A running training
  // job gets its pods back from its operator when they are deleted.
  if (target.custom.kind === JOBSET_KIND.kind || finished(target.object)) {
    return recreateCustom(apis, target, restarts, backoff);
  }
  return deleteTrainingPods(apis, target, restarts);
}

const restartsPatch = (restarts: number) => ({
  metadata: { annotations: { [RESTARTS_ANNOTATION]: String(restarts) } },
});

async function deleteTrainingPods(apis: KubernetesApis, target: CustomWorkload, restarts: number) {
  const { namespace, name, kind } = target;
  try {
    const labelSelector = `training.kubeflow.org/job-name=${name}`;
    const pods = (await apis.core.listNamespacedPod({ namespace, labelSelector })).items;
    if (pods.length === 0) return failed(`${kind} ${namespace}/${name} has no pods to restart`);
    await apis.custom.patchNamespacedCustomObject(
      { ...customApi(target), namespace, name, body: restartsPatch(restarts) },
      mergePatch,
    );
    for (const pod of pods) await apis.core.deleteNamespacedPod({ namespace, name: pod.metadata?.name ?? '' });
    return succeeded(
      `Restarting ${kind} ${namespace}/${name}: deleted its ${pods.length} pod(s); the training operator recreates them`,
    );
  } catch (error) {
    return apiFailure(`Restart of ${kind} ${namespace}/${name}`, error);
  }
}

/** Creates again, retrying while the old object is still being deleted (409 AlreadyExists). Null when created. */
async function createAgain(create: () => Promise<unknown>, backoff: Backoff): Promise<unknown> {
  const outcome: { error: unknown } = { error: null };
  await retryUntil(
    async () => {
      try {
        await create();
        outcome.error = null;
        return true;
      } catch (error) {
        outcome.error = error;
        return statusOf(error) !== 409;
      }
    },
    Date.now() + MINUTE_MS,
    backoff,
  );
  return outcome.error;
}

async function recreateJob(
  apis: KubernetesApis,
  target: Extract<Workload, { job: unknown }>,
  restarts: number,
  backoff: Backoff,
): Promise<ExecutorResult> {
  const { namespace, name } = target;
  const body = jobForRecreate(target.job, restarts);
  try {
    await apis.batch.deleteNamespacedJob({ namespace, name, propagationPolicy: 'Background' });
  } catch (error) {
    return apiFailure(`Restart of Job ${namespace}/${name} (deleting it)`, error);
  }
  const error = await createAgain(() => apis.batch.createNamespacedJob({ namespace, body }), backoff);
  if (error) return apiFailure(`Restart of Job ${namespace}/${name} (creating it again; it is deleted now)`, error);
  return succeeded(`Restarted Job ${namespace}/${name}: deleted it with its pods and created it again from its spec`);
}

async function recreateCustom(
  apis: KubernetesApis,
  target: CustomWorkload,
  restarts: number,
  backoff: Backoff,
): Promise<ExecutorResult> {
  const { namespace, name, kind } = target;
  const body = customObjectForRecreate(target.object, restarts);
  try {
    await apis.custom.deleteNamespacedCustomObject({
      ...customApi(target),
      namespace,
      name,
      propagationPolicy: 'Background',
    });
  } catch (error) {
    return apiFailure(`Restart of ${kind} ${namespace}/${name} (deleting it)`, error);
  }
  const error = await createAgain(
    () => apis.custom.createNamespacedCustomObject({ ...customApi(target), namespace, body }),
    backoff,
  );
  if (error) return apiFailure(`Restart of ${kind} ${namespace}/${name} (creating it again; it is deleted now)`, error);
  return succeeded(`Restarted ${kind} ${namespace}/${name}: deleted it with its pods and created it again`);
}

/** What `kubectl rollout restart` does: a new template annotation makes the workload replace its pods. */
async function rolloutRestart(
  apis: KubernetesApis,
  target: Extract<Workload, { service: unknown }>,
  restarts: number,
): Promise<ExecutorResult> {
  const { namespace, name, kind } = target;
  const body = {
    ...restartsPatch(restarts),
    spec: {
      template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } },
    },
  };
  try {
    if (kind === 'Deployment') await apis.apps.patchNamespacedDeployment({ namespace, name, body }, mergePatch);
    else await apis.apps.patchNamespacedStatefulSet({ namespace, name, body }, mergePatch);
    return succeeded(`Restarting ${kind} ${namespace}/${name}: its pods are replaced one by one`);
  } catch (error) {
    return apiFailure(`Restart of ${kind} ${namespace}/${name}`, error);
  }
}

export async function cancel(apis: KubernetesApis, externalId: string): Promise<ExecutorResult> {
  const target = await resolveWorkload(apis, externalId);
  if (!isWorkload(target)) return target;
  const { namespace, name } = target;
  try {
    if ('job' in target) {
      await apis.batch.deleteNamespacedJob({ namespace, name, propagationPolicy: 'Background' });
    } else if ('custom' in target) {
      await apis.custom.deleteNamespacedCustomObject({
        ...customApi(target),
        namespace,
        name,
        propagationPolicy: 'Background',
      });
    } else {
      return failed(`${externalId} is a ${target.kind} (a service): scale it to 0 replicas instead of cancelling`);
    }
    return succeeded(`Cancelled ${target.kind} ${externalId}: deleted it and its pods`);
  } catch (error) {
    return apiFailure(`Cancel of ${target.kind} ${externalId}`, error);
  }
}

/** A service's replicas change through its scale subresource: a Deployment's, else a StatefulSet's. */
export async function scale(apis: KubernetesApis, externalId: string, replicas: number): Promise<ExecutorResult> {
  if (!Number.isInteger(replicas) || replicas < 0)
    return failed(`Replicas must be a whole number ≥ 0, not ${replicas}`);
  const id = splitExternalId(externalId);
  if (!id) return failed(`"${externalId}" is not a Kubernetes Deployment or StatefulSet id (namespace/name)`);
  const body = { spec: { replicas } };
  try {
    const before = await apis.apps.readNamespacedDeploymentScale(id);
    await apis.apps.patchNamespacedDeploymentScale({ ...id, body }, mergePatch);
    return succeeded(`Scaled Deployment ${externalId} from ${before.spec?.replicas ?? 0} to ${replicas} replicas`);
  } catch (error) {
    if (statusOf(error) !== 404) return apiFailure(`Scaling Deployment ${externalId}`, error);
  }
  try {
    const before = await apis.apps.readNamespacedStatefulSetScale(id);
    await apis.apps.patchNamespacedStatefulSetScale({ ...id, body }, mergePatch);
    return succeeded(`Scaled StatefulSet ${externalId} from ${before.spec?.replicas ?? 0} to ${replicas} replicas`);
  } catch (error) {
    return apiFailure(`Scaling ${externalId}`, error);
  }
}
