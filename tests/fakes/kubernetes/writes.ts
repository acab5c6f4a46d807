// What the fake does when a client writes: create (with the Job controller's generated selector), patch,
// delete (with the garbage collector's handling of dependents), evict (honouring PodDisruptionBudgets), and the
// scale subresource of Deployments and StatefulSets.
import { randomUUID } from 'node:crypto';
import { patchWith } from './patch';
import type { Store } from './store';
import {
  clone,
  fieldValue,
  keyOf,
  notFound,
  resourceName,
  statusAnswer,
  success,
  typeOf,
  type Answer,
  type KubeObject,
  type Plural,
  type ResourceType,
} from './types';

export function create(store: Store, type: ResourceType, namespace: string, body: unknown): Answer {
  const object = clone(body) as KubeObject;
  const name = object?.metadata?.name;
  if (!name) {
    return statusAnswer(
      422,
      'Invalid',
      `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
    );
  }
  if (object.metadata.namespace && object.metadata.namespace !== namespace) {
    return statusAnswer(
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  if (store.collection(type.plural).has(keyOf(namespace, name))) {
    return statusAnswer(409, 'AlreadyExists', `${resourceName(type)} "${name}" already exists`, {
      name,
      group: type.group,
      kind: type.plural,
    });
  }
  object.metadata = { ...object.metadata, namespace, uid: randomUUID() };
  delete object.metadata.resourceVersion;
  delete object.metadata.creationTimestamp;
  if (type.plural === 'jobs') {
    const invalid = generateJobSelector(object);
    if (invalid) return statusAnswer(422, 'Invalid', invalid, { name, group: 'batch', kind: 'Job' });
  }
  return { status: 201, body: store.add(type.plural as Plural, object) };
}

export function patch(
  store: Store,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  contentType: string | null,
  body: unknown,
): Answer {
  const object = store.collection(type.plural).get(keyOf(namespace, name));
  if (!object) return notFound(type, name);
  const patched = patchWith(object, contentType, body);
  if ('error' in patched) return patched.error;
  const next = patched.object as KubeObject;
  next.metadata = { ...next.metadata, name, namespace: object.metadata.namespace, uid: object.metadata.uid };
  if (JSON.stringify(next.spec) !== JSON.stringify(object.spec))
    next.metadata.generation = (object.metadata.generation ?? 1) + 1;
  return { status: 200, body: store.replace(type.plural, next) };
}

export function remove(
  store: Store,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  query: URLSearchParams,
  body: unknown,
): Answer {
  const object = store.collection(type.plural).get(keyOf(namespace, name));
  if (!object) return notFound(type, name);
  const options = (body ?? {}) as { propagationPolicy?: string };
  // batch/v1 Jobs keep the old default of orphaning their pods; everything else collects dependents in the background.
  const policy =
    query.get('propagationPolicy') ?? options.propagationPolicy ?? (type.plural === 'jobs' ? 'Orphan' : 'Background');
  if (!['Orphan', 'Background', 'Foreground'].includes(policy)) {
    return statusAnswer(400, 'BadRequest', `propagationPolicy: Unsupported value: "${policy}"`);
  }
  store.remove(type.plural, namespace, name);
  collectDependents(store, object.metadata.uid, policy === 'Orphan');
  if (type.plural === 'pods') {
    return {
      status: 200,
      body: { ...clone(object), metadata: { ...object.metadata, deletionTimestamp: new Date().toISOString() } },
    };
  }
  return success({ name, ...(type.group ? { group: type.group } : {}), kind: type.plural, uid: object.metadata.uid });
}

/** What the garbage collector does for dependents (pods) of a deleted owner: delete them, or orphan them. */
function collectDependents(store: Store, ownerUid: string | undefined, orphan: boolean): void {
  for (const pod of [...store.collection('pods').values()]) {
    const refs = pod.metadata.ownerReferences ?? [];
    if (!refs.some((ref) => ref.uid === ownerUid)) continue;
    if (orphan)
      store.replace('pods', {
        ...pod,
        metadata: { ...pod.metadata, ownerReferences: refs.filter((ref) => ref.uid !== ownerUid) },
      });
    else store.remove('pods', pod.metadata.namespace, pod.metadata.name);
  }
}

export function evict(store: Store, namespace: string, name: string, body: unknown): Answer {
  const podType = typeOf('pods');
  const eviction = (body ?? {}) as { kind?: string; metadata?: { name?: string } };
  if (eviction.kind !== 'Eviction') return statusAnswer(400, 'BadRequest', 'the body is not an Eviction');
  if (eviction.metadata?.name !== name)
    return statusAnswer(400, 'BadRequest', 'name in URL does not match name in Eviction object');
  const pod = store.collection('pods').get(keyOf(namespace, name));
  if (!pod) return notFound(podType, name);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  // A pod that is not running has already caused its disruption: it is deleted without asking any budget.
  const ignoresBudget =
    phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp;
  if (!ignoresBudget) {
    const budgets = [...store.collection('poddisruptionbudgets').values()].filter(
      (pdb) => pdb.metadata.namespace === namespace && pdbSelects(pdb, pod),
    );
    if (budgets.length > 1) {
      return statusAnswer(
        500,
        'InternalError',
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    }
    const pdb = budgets[0];
    if (pdb) {
      const status = (pdb.status ??= {}) as {
        disruptionsAllowed?: number;
        desiredHealthy?: number;
        currentHealthy?: number;
      };
      if ((status.disruptionsAllowed ?? 0) <= 0) {
        return statusAnswer(
          429,
          'TooManyRequests',
          "Cannot evict pod as it would violate the pod's disruption budget.",
          {
            causes: [
              {
                reason: 'DisruptionBudget',
                message: `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
              },
            ],
          },
        );
      }
      status.disruptionsAllowed = (status.disruptionsAllowed ?? 0) - 1;
      store.replace('poddisruptionbudgets', pdb);
    }
  }
  store.remove('pods', namespace, name);
  return success({}, 201);
}

export function scale(
  store: Store,
  type: ResourceType,
  method: string,
  namespace: string,
  name: string,
  contentType: string | null,
  body: unknown,
): Answer {
  const deployment = store.collection(type.plural).get(keyOf(namespace, name));
  if (!deployment) return notFound(type, name);
  const current = scaleOf(deployment);
  if (method === 'GET') return { status: 200, body: current };
  let wanted: unknown;
  if (method === 'PUT') wanted = (body as { spec?: { replicas?: unknown } } | undefined)?.spec?.replicas;
  else if (method === 'PATCH') {
    const patched = patchWith(current, contentType, body);
    if ('error' in patched) return patched.error;
    wanted = fieldValue(patched.object, 'spec.replicas');
  } else
    return statusAnswer(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (typeof wanted !== 'number' || !Number.isInteger(wanted) || wanted < 0) {
    return statusAnswer(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(wanted)}: must be greater than or equal to 0`,
    );
  }
  deployment.spec = { ...deployment.spec, replicas: wanted };
  deployment.metadata.generation = (deployment.metadata.generation ?? 1) + 1;
  return { status: 200, body: scaleOf(store.replace(type.plural, deployment)) };
}

/** autoscaling/v1 Scale of a Deployment: desired replicas in spec, observed ones and the selector (a string) in status. */
function scaleOf(deployment: KubeObject) {
  const matchLabels = fieldValue(deployment, 'spec.selector.matchLabels') as Record<string, string> | undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: deployment.metadata.name,
      namespace: deployment.metadata.namespace,
      uid: deployment.metadata.uid,
      resourceVersion: deployment.metadata.resourceVersion,
      creationTimestamp: deployment.metadata.creationTimestamp,
    },
    spec: { replicas: (deployment.spec?.replicas as number | undefined) ?? 1 },
    status: {
      replicas: (fieldValue(deployment, 'status.replicas') as number | undefined) ?? 0,
      selector: Object.entries(matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

function pdbSelects(pdb: KubeObject, pod: KubeObject): boolean {
  const matchLabels = fieldValue(pdb, 'spec.selector.matchLabels') as Record<string, string> | undefined;
  // A budget with an empty selector matches nothing, as in the eviction handler.
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  return Object.entries(matchLabels).every(([k, v]) => pod.metadata.labels?.[k] === v);
}

const CONTROLLER_UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'];
const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];

/**
 * What the API server does on Job creation: unless spec.manualSelector, it refuses a selector the user wrote,
 * generates one on the new uid, and labels the pod template to match (refusing labels that name another uid or
 * job); the Job itself gets the template's labels when it has none.
 */
function generateJobSelector(job: KubeObject): string | null {
  const spec = (job.spec ??= {}) as {
    manualSelector?: boolean;
    selector?: unknown;
    template?: { metadata?: { labels?: Record<string, string> } };
  };
  if (spec.manualSelector) return null;
  const invalid = (field: string, value: unknown, why: string) =>
    `Job.batch "${job.metadata.name}" is invalid: ${field}: Invalid value: ${JSON.stringify(value)}: ${why}`;
  if (spec.selector) return invalid('spec.selector', spec.selector, '`selector` not auto-generated');
  const uid = job.metadata.uid ?? '';
  const labels = { ...(spec.template?.metadata?.labels ?? {}) };
  for (const [names, wanted] of [
    [CONTROLLER_UID_LABELS, uid],
    [JOB_NAME_LABELS, job.metadata.name],
  ] as const) {
    for (const label of names) {
      if (label in labels && labels[label] !== wanted) {
        return invalid(`spec.template.metadata.labels[${label}]`, labels[label], `must be '${wanted}'`);
      }
      labels[label] = wanted;
    }
  }
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  spec.template = { ...spec.template, metadata: { ...spec.template?.metadata, labels } };
  if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0) job.metadata.labels = { ...labels };
  job.status ??= {};
  return null;
}
