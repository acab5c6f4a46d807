// Restart and cancel jobs, scale services. A job's external id is `namespace/name` of a batch Job, a Kubeflow
// PyTorchJob or (for inference services) a Deployment, as the Kubernetes source writes it.
import type { V1Deployment, V1Job } from '@kubernetes/client-node';
import type { KubernetesApis } from '@/lib/sources/kubernetes/client';
import { PYTORCHJOB_NAME_LABEL } from '@/lib/sources/kubernetes/labels';
import { PYTORCHJOB_API, pytorchJobSchema } from '@/lib/sources/kubernetes/pytorchjob';
import { customObjectForRecreate, jobForRecreate } from './kubernetes-recreate';
import { apiFailure, mergePatch, retryUntil, splitExternalId, statusOf, type Backoff } from './kubernetes-support';
import { failed, succeeded, type ExecutorResult } from './types';

type Target =
  | { kind: 'Job'; namespace: string; name: string; job: V1Job }
  | { kind: 'PyTorchJob'; namespace: string; name: string; object: Record<string, unknown> }
  | { kind: 'Deployment'; namespace: string; name: string; deployment: V1Deployment };

/** Finds what the id names: a batch Job, else a PyTorchJob (404 too when the CRD is absent), else a Deployment. */
export async function resolveJob(apis: KubernetesApis, externalId: string): Promise<Target | ExecutorResult> {
  const id = splitExternalId(externalId);
  if (!id) return failed(`"${externalId}" is not a Kubernetes job id (namespace/name)`);
  const { namespace, name } = id;
  const lookups: (() => Promise<Target>)[] = [
    async () => ({ kind: 'Job', namespace, name, job: await apis.batch.readNamespacedJob({ namespace, name }) }),
    async () => {
      const object: unknown = await apis.custom.getNamespacedCustomObject({ ...PYTORCHJOB_API, namespace, name });
      return { kind: 'PyTorchJob', namespace, name, object: (object ?? {}) as Record<string, unknown> };
    },
    async () => ({
      kind: 'Deployment',
      namespace,
      name,
      deployment: await apis.apps.readNamespacedDeployment({ namespace, name }),
    }),
  ];
  for (const lookup of lookups) {
    try {
      return await lookup();
    } catch (error) {
      if (statusOf(error) !== 404) return apiFailure(`Looking up ${externalId}`, error);
    }
  }
  return failed(`No Job, PyTorchJob or Deployment named ${externalId}`);
}

const isResult = (value: Target | ExecutorResult): value is ExecutorResult => 'ok' in value;

export async function restart(apis: KubernetesApis, externalId: string, backoff: Backoff): Promise<ExecutorResult> {
  const target = await resolveJob(apis, externalId);
  if (isResult(target)) return target;
  if (target.kind === 'Job') return recreateJob(apis, target, backoff);
  if (target.kind === 'Deployment') return rolloutRestart(apis, target);
  const parsed = pytorchJobSchema.safeParse(target.object);
  const finished = parsed.success
    ? parsed.data.status?.conditions.some((c) => (c.type === 'Succeeded' || c.type === 'Failed') && c.status === 'True')
    : false;
  // A finished PyTorchJob is over for its operator; a running one gets its pods back when they are deleted.
  return finished ? recreatePyTorchJob(apis, target, backoff) : deletePyTorchJobPods(apis, target);
}

async function deletePyTorchJobPods(apis: KubernetesApis, target: Target): Promise<ExecutorResult> {
  const { namespace, name } = target;
  try {
    const labelSelector = `${PYTORCHJOB_NAME_LABEL}=${name}`;
    const pods = (await apis.core.listNamespacedPod({ namespace, labelSelector })).items;
    if (pods.length === 0) return failed(`PyTorchJob ${namespace}/${name} has no pods to restart`);
    for (const pod of pods) await apis.core.deleteNamespacedPod({ namespace, name: pod.metadata?.name ?? '' });
    return succeeded(
      `Restarting PyTorchJob ${namespace}/${name}: deleted its ${pods.length} pod(s); the training operator recreates them`,
    );
  } catch (error) {
    return apiFailure(`Restart of PyTorchJob ${namespace}/${name}`, error);
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
    Date.now() + 60_000,
    backoff,
  );
  return outcome.error;
}

async function recreateJob(
  apis: KubernetesApis,
  target: Extract<Target, { kind: 'Job' }>,
  backoff: Backoff,
): Promise<ExecutorResult> {
  const { namespace, name } = target;
  const body = jobForRecreate(target.job);
  try {
    await apis.batch.deleteNamespacedJob({ namespace, name, propagationPolicy: 'Background' });
  } catch (error) {
    return apiFailure(`Restart of Job ${namespace}/${name} (deleting it)`, error);
  }
  const error = await createAgain(() => apis.batch.createNamespacedJob({ namespace, body }), backoff);
  if (error) return apiFailure(`Restart of Job ${namespace}/${name} (creating it again; it is deleted now)`, error);
  return succeeded(`Restarted Job ${namespace}/${name}: deleted it with its pods and created it again from its spec`);
}

async function recreatePyTorchJob(
  apis: KubernetesApis,
  target: Extract<Target, { kind: 'PyTorchJob' }>,
  backoff: Backoff,
): Promise<ExecutorResult> {
  const { namespace, name } = target;
  const body = customObjectForRecreate(target.object);
  try {
    await apis.custom.deleteNamespacedCustomObject({
      ...PYTORCHJOB_API,
      namespace,
      name,
      propagationPolicy: 'Background',
    });
  } catch (error) {
    return apiFailure(`Restart of PyTorchJob ${namespace}/${name} (deleting it)`, error);
  }
  const error = await createAgain(
    () => apis.custom.createNamespacedCustomObject({ ...PYTORCHJOB_API, namespace, body }),
    backoff,
  );
  if (error)
    return apiFailure(`Restart of PyTorchJob ${namespace}/${name} (creating it again; it is deleted now)`, error);
  return succeeded(`Restarted PyTorchJob ${namespace}/${name}: it had finished, so it was deleted and created again`);
}

/** What `kubectl rollout restart` does: a new template annotation makes the Deployment replace its pods. */
async function rolloutRestart(apis: KubernetesApis, target: Target): Promise<ExecutorResult> {
  const { namespace, name } = target;
  const body = {
    spec: {
      template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } },
    },
  };
  try {
    await apis.apps.patchNamespacedDeployment({ namespace, name, body }, mergePatch);
    return succeeded(`Restarting Deployment ${namespace}/${name}: its pods are replaced one by one`);
  } catch (error) {
    return apiFailure(`Restart of Deployment ${namespace}/${name}`, error);
  }
}

export async function cancel(apis: KubernetesApis, externalId: string): Promise<ExecutorResult> {
  const target = await resolveJob(apis, externalId);
  if (isResult(target)) return target;
  const { namespace, name } = target;
  try {
    if (target.kind === 'Job') {
      await apis.batch.deleteNamespacedJob({ namespace, name, propagationPolicy: 'Background' });
    } else if (target.kind === 'PyTorchJob') {
      await apis.custom.deleteNamespacedCustomObject({
        ...PYTORCHJOB_API,
        namespace,
        name,
        propagationPolicy: 'Background',
      });
    } else {
      return failed(
        `${externalId} is a Deployment (an inference service): scale it to 0 replicas instead of cancelling`,
      );
    }
    return succeeded(`Cancelled ${target.kind} ${externalId}: deleted it and its pods`);
  } catch (error) {
    return apiFailure(`Cancel of ${target.kind} ${externalId}`, error);
  }
}

export async function scale(apis: KubernetesApis, externalId: string, replicas: number): Promise<ExecutorResult> {
  if (!Number.isInteger(replicas) || replicas < 0)
    return failed(`Replicas must be a whole number ≥ 0, not ${replicas}`);
  const id = splitExternalId(externalId);
  if (!id) return failed(`"${externalId}" is not a Kubernetes Deployment id (namespace/name)`);
  try {
    const before = await apis.apps.readNamespacedDeploymentScale(id);
    const body = { spec: { replicas } };
    await apis.apps.patchNamespacedDeploymentScale({ ...id, body }, mergePatch);
    return succeeded(`Scaled Deployment ${externalId} from ${before.spec?.replicas ?? 0} to ${replicas} replicas`);
  } catch (error) {
    return apiFailure(`Scaling Deployment ${externalId}`, error);
  }
}
