// An in-memory Kubernetes API server for tests, answering as the API documents it: typed lists with a
// resourceVersion, `Status` objects for every error, label and field selectors, paging, merge / strategic-merge /
// JSON patches, the pod eviction subresource (policy/v1 Eviction, refused with 429 while a PodDisruptionBudget
// allows no disruption), the Deployment scale subresource (autoscaling/v1 Scale), Job creation with the controller's
// generated selector, deletion with propagationPolicy, and bearer-token authentication. Every request is recorded.
// Not modelled: watches, controllers (nothing runs the pods), server-side apply, strategic-merge list semantics.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerRef[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  body: unknown;
  status: number;
  responseBody: unknown;
}

interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const TYPES: ResourceType[] = [
  { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs', kind: 'PyTorchJob', namespaced: true },
  { group: 'kubeflow.org', version: 'v1', plural: 'tfjobs', kind: 'TFJob', namespaced: true },
  { group: 'jobset.x-k8s.io', version: 'v1alpha2', plural: 'jobsets', kind: 'JobSet', namespaced: true },
];

type Plural =
  | 'nodes'
  | 'pods'
  | 'jobs'
  | 'deployments'
  | 'statefulsets'
  | 'daemonsets'
  | 'poddisruptionbudgets'
  | 'pytorchjobs'
  | 'tfjobs'
  | 'jobsets';

const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy']);

interface Answer {
  status: number;
  body: unknown;
}

const apiVersionOf = (type: ResourceType) => (type.group ? `${type.group}/${type.version}` : type.version);
const resourceName = (type: ResourceType) => (type.group ? `${type.plural}.${type.group}` : type.plural);
const keyOf = (namespace: string | undefined, name: string) => (namespace ? `${namespace}/${name}` : name);
const clone = <T>(value: T): T => structuredClone(value);

export function statusAnswer(code: number, reason: string, message: string, details?: Record<string, unknown>): Answer {
  const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  return { status: code, body: details ? { ...body, details } : body };
}

function success(details: Record<string, unknown>, code = 200): Answer {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details } };
}

function notFound(type: ResourceType, name: string): Answer {
  return statusAnswer(404, 'NotFound', `${resourceName(type)} "${name}" not found`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  });
}

const NO_RESOURCE = statusAnswer(404, 'NotFound', 'the server could not find the requested resource', {});

export class FakeKubernetesApi {
  readonly requests: RecordedRequest[] = [];
  /** Runs after each request is answered and before the answer is sent; tests change the world here. */
  onRequest: ((request: RecordedRequest) => void) | null = null;
  url = '';
  private readonly store = new Map<string, Map<string, KubeObject>>();
  private revision = 1000;
  private readonly server: Server;

  private constructor(
    readonly token: string,
    readonly customResourcesInstalled: boolean,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /**
   * Listens on 127.0.0.1 at a free port. Without `customResources`, the cluster has no Kubeflow or JobSet CRDs
   * (404 for their groups).
   */
  static async start(options: { token?: string; customResources?: boolean } = {}): Promise<FakeKubernetesApi> {
    const api = new FakeKubernetesApi(options.token ?? 'test-token', options.customResources ?? true);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    return api;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Stores an object as if created through the API: uid, resourceVersion and creationTimestamp filled in. */
  add(plural: Plural, object: KubeObject): KubeObject {
    const type = TYPES.find((t) => t.plural === plural)!;
    const stored = clone(object);
    stored.apiVersion ??= apiVersionOf(type);
    stored.kind ??= type.kind;
    stored.metadata.uid ??= randomUUID();
    stored.metadata.creationTimestamp ??= new Date().toISOString();
    stored.metadata.generation ??= 1;
    stored.metadata.resourceVersion = String(++this.revision);
    if (type.namespaced) stored.metadata.namespace ??= 'default';
    this.collection(plural).set(keyOf(stored.metadata.namespace, stored.metadata.name), stored);
    return clone(stored);
  }

  get(plural: Plural, namespace: string | undefined, name: string): KubeObject | undefined {
    const object = this.collection(plural).get(keyOf(namespace, name));
    return object && clone(object);
  }

  all(plural: Plural): KubeObject[] {
    return [...this.collection(plural).values()].map(clone);
  }

  /** Changes a stored object in place (a controller's or another client's doing). */
  update(plural: Plural, namespace: string | undefined, name: string, change: (object: KubeObject) => void): void {
    const object = this.collection(plural).get(keyOf(namespace, name));
    if (!object) throw new Error(`no ${plural} ${keyOf(namespace, name)}`);
    change(object);
    object.metadata.resourceVersion = String(++this.revision);
  }

  requestsTo(method: string, pathPattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path));
  }

  private collection(plural: string): Map<string, KubeObject> {
    let map = this.store.get(plural);
    if (!map) this.store.set(plural, (map = new Map()));
    return map;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const contentType = req.headers['content-type']?.split(';')[0].trim() ?? null;
    let body: unknown = undefined;
    let answer: Answer;
    try {
      body = text ? JSON.parse(text) : undefined;
      answer =
        req.headers.authorization === `Bearer ${this.token}`
          ? this.route(req.method ?? 'GET', url, contentType, body)
          : statusAnswer(401, 'Unauthorized', 'Unauthorized');
    } catch {
      answer = statusAnswer(400, 'BadRequest', 'the request body is not valid JSON');
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType,
      body,
      status: answer.status,
      responseBody: answer.body,
    };
    this.requests.push(record);
    this.onRequest?.(record);
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private route(method: string, url: URL, contentType: string | null, body: unknown): Answer {
    const parts = url.pathname.split('/').filter(Boolean);
    let group: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1] === 'v1') [group, rest] = ['', parts.slice(2)];
    else if (parts[0] === 'apis' && parts.length >= 3) [group, rest] = [parts[1], parts.slice(3)];
    else return NO_RESOURCE;
    const version = group ? parts[2] : 'v1';
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) [namespace, rest] = [rest[1], rest.slice(2)];
    const [plural, name, subresource, ...extra] = rest;
    const type = TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
    if (!type || extra.length > 0 || (namespace && !type.namespaced)) return NO_RESOURCE;
    if (!BUILT_IN_GROUPS.has(type.group) && !this.customResourcesInstalled) return NO_RESOURCE;
    const query = url.searchParams;
    if (!name) {
      if (method === 'GET') return this.list(type, namespace, query);
      if (method === 'POST' && namespace) return this.create(type, namespace, body);
    } else if (!subresource) {
      if (method === 'GET') return this.read(type, namespace, name);
      if (method === 'PATCH') return this.patch(type, namespace, name, contentType, body);
      if (method === 'DELETE') return this.remove(type, namespace, name, query, body);
    } else if (subresource === 'eviction' && type.plural === 'pods' && method === 'POST') {
      return this.evict(namespace ?? 'default', name, body);
    } else if (subresource === 'scale' && (type.plural === 'deployments' || type.plural === 'statefulsets')) {
      return this.scale(type, method, namespace ?? 'default', name, contentType, body);
    } else {
      return NO_RESOURCE;
    }
    return statusAnswer(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }

  private list(type: ResourceType, namespace: string | undefined, query: URLSearchParams): Answer {
    let labels;
    try {
      labels = parseSelector(query.get('labelSelector') ?? '');
    } catch (error) {
      return statusAnswer(400, 'BadRequest', (error as Error).message);
    }
    const fields = query.get('fieldSelector') ?? '';
    const fieldError = fields ? matchesFields({ metadata: { name: '' } }, fields, type.plural) : null;
    if (typeof fieldError === 'string') return statusAnswer(400, 'BadRequest', fieldError);
    const matching = [...this.collection(type.plural).values()]
      .filter((o) => !namespace || o.metadata.namespace === namespace)
      .filter((o) => matchesLabels(o.metadata.labels ?? {}, labels))
      .filter((o) => !fields || matchesFields(o, fields, type.plural) === true)
      .sort((a, b) =>
        keyOf(a.metadata.namespace, a.metadata.name).localeCompare(keyOf(b.metadata.namespace, b.metadata.name)),
      );
    const offset = Number(query.get('continue') ? Buffer.from(query.get('continue')!, 'base64url').toString() : 0);
    const limit = Number(query.get('limit') ?? 0) || matching.length;
    const page = matching.slice(offset, offset + limit);
    const next =
      offset + limit < matching.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    // Lists of built-in kinds leave kind and apiVersion off their items; lists of custom resources keep them.
    const items = page.map((o) => {
      const item = clone(o);
      if (BUILT_IN_GROUPS.has(type.group)) {
        delete item.kind;
        delete item.apiVersion;
      }
      return item;
    });
    const metadata = {
      resourceVersion: String(this.revision),
      ...(next ? { continue: next, remainingItemCount: matching.length - offset - limit } : {}),
    };
    return { status: 200, body: { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata, items } };
  }

  private read(type: ResourceType, namespace: string | undefined, name: string): Answer {
    const object = this.collection(type.plural).get(keyOf(namespace, name));
    return object ? { status: 200, body: clone(object) } : notFound(type, name);
  }

  private create(type: ResourceType, namespace: string, body: unknown): Answer {
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
    if (this.collection(type.plural).has(keyOf(namespace, name))) {
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
    return { status: 201, body: this.add(type.plural as Plural, object) };
  }

  private patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string | null,
    body: unknown,
  ): Answer {
    const object = this.collection(type.plural).get(keyOf(namespace, name));
    if (!object) return notFound(type, name);
    const patched = patchWith(object, contentType, body);
    if ('error' in patched) return patched.error;
    const next = patched.object as KubeObject;
    next.metadata = { ...next.metadata, name, namespace: object.metadata.namespace, uid: object.metadata.uid };
    if (JSON.stringify(next.spec) !== JSON.stringify(object.spec))
      next.metadata.generation = (object.metadata.generation ?? 1) + 1;
    next.metadata.resourceVersion = String(++this.revision);
    this.collection(type.plural).set(keyOf(namespace, name), next);
    return { status: 200, body: clone(next) };
  }

  private remove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    query: URLSearchParams,
    body: unknown,
  ): Answer {
    const object = this.collection(type.plural).get(keyOf(namespace, name));
    if (!object) return notFound(type, name);
    const options = (body ?? {}) as { propagationPolicy?: string };
    // batch/v1 Jobs keep the old default of orphaning their pods; everything else collects dependents in the background.
    const policy =
      query.get('propagationPolicy') ?? options.propagationPolicy ?? (type.plural === 'jobs' ? 'Orphan' : 'Background');
    if (!['Orphan', 'Background', 'Foreground'].includes(policy)) {
      return statusAnswer(400, 'BadRequest', `propagationPolicy: Unsupported value: "${policy}"`);
    }
    this.collection(type.plural).delete(keyOf(namespace, name));
    this.collectDependents(object.metadata.uid, policy === 'Orphan');
    if (type.plural === 'pods') {
      return {
        status: 200,
        body: { ...clone(object), metadata: { ...object.metadata, deletionTimestamp: new Date().toISOString() } },
      };
    }
    return success({ name, ...(type.group ? { group: type.group } : {}), kind: type.plural, uid: object.metadata.uid });
  }

  /** What the garbage collector does for dependents (pods) of a deleted owner: delete them, or orphan them. */
  private collectDependents(ownerUid: string | undefined, orphan: boolean): void {
    for (const [key, pod] of this.collection('pods')) {
      const refs = pod.metadata.ownerReferences ?? [];
      if (!refs.some((ref) => ref.uid === ownerUid)) continue;
      if (orphan) pod.metadata.ownerReferences = refs.filter((ref) => ref.uid !== ownerUid);
      else this.collection('pods').delete(key);
    }
  }

  private evict(namespace: string, name: string, body: unknown): Answer {
    const podType = TYPES[1];
    const eviction = (body ?? {}) as { kind?: string; metadata?: { name?: string } };
    if (eviction.kind !== 'Eviction') return statusAnswer(400, 'BadRequest', 'the body is not an Eviction');
    if (eviction.metadata?.name !== name)
      return statusAnswer(400, 'BadRequest', 'name in URL does not match name in Eviction object');
    const pod = this.collection('pods').get(keyOf(namespace, name));
    if (!pod) return notFound(podType, name);
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    // A pod that is not running has already caused its disruption: it is deleted without asking any budget.
    const ignoresBudget =
      phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp;
    if (!ignoresBudget) {
      const budgets = [...this.collection('poddisruptionbudgets').values()].filter(
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
        pdb.metadata.resourceVersion = String(++this.revision);
      }
    }
    this.collection('pods').delete(keyOf(namespace, name));
    return success({}, 201);
  }

  private scale(
    type: ResourceType,
    method: string,
    namespace: string,
    name: string,
    contentType: string | null,
    body: unknown,
  ): Answer {
    const deployment = this.collection(type.plural).get(keyOf(namespace, name));
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
    deployment.metadata.resourceVersion = String(++this.revision);
    return { status: 200, body: scaleOf(deployment) };
  }
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

function patchWith(
  object: unknown,
  contentType: string | null,
  body: unknown,
): { object: unknown } | { error: Answer } {
  if (contentType === 'application/merge-patch+json' || contentType === 'application/strategic-merge-patch+json') {
    return { object: applyMergePatch(clone(object), body) };
  }
  if (contentType === 'application/json-patch+json') {
    const result = applyJsonPatch(clone(object), body);
    return typeof result === 'string' ? { error: statusAnswer(422, 'Invalid', result) } : { object: result };
  }
  return {
    error: statusAnswer(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
    ),
  };
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

/** The value at a dotted path (`spec.nodeName`), or undefined. */
export function fieldValue(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

type Requirement =
  | { key: string; op: 'exists' }
  | { key: string; op: 'notexists' }
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] };

/** A label selector as kubectl writes it: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, comma-joined. */
export function parseSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  const key = String.raw`([A-Za-z0-9][-A-Za-z0-9_./]*)`;
  return parts.map((raw) => {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${key}\\s+(in|notin)\\s+\\(([^)]*)\\)$`).exec(part))) {
      return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()) };
    }
    if ((m = new RegExp(`^${key}\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`).exec(part))) {
      return { key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] };
    }
    if ((m = new RegExp(`^!${key}$`).exec(part))) return { key: m[1], op: 'notexists' };
    if ((m = new RegExp(`^${key}$`).exec(part))) return { key: m[1], op: 'exists' };
    throw new Error(`unable to parse requirement: ${JSON.stringify(part)}`);
  });
}

export function matchesLabels(labels: Record<string, string>, requirements: Requirement[]): boolean {
  return requirements.every((r) => {
    const has = r.key in labels;
    if (r.op === 'exists') return has;
    if (r.op === 'notexists') return !has;
    if (r.op === 'in') return has && r.values.includes(labels[r.key]);
    return !has || !r.values.includes(labels[r.key]);
  });
}

/** Field selectors the API server supports for these kinds (metadata.name and metadata.namespace for all). */
const FIELDS: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
  ],
  nodes: ['spec.unschedulable'],
  jobs: ['status.successful'],
};

/** True when the object matches, false when not, or the API's message for a field it cannot select on. */
export function matchesFields(object: KubeObject, selector: string, plural: string): boolean | string {
  for (const part of selector.split(',')) {
    const m = /^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!m) return `invalid field selector: ${part}`;
    const [, field, op, wanted] = m;
    if (!['metadata.name', 'metadata.namespace', ...(FIELDS[plural] ?? [])].includes(field)) {
      return `field label not supported: ${field}`;
    }
    const raw = fieldValue(object, field);
    const actual = raw === undefined || raw === null ? '' : String(raw);
    if ((op === '!=') === (actual === wanted)) return false;
  }
  return true;
}

/** RFC 7386: objects merge key by key, null removes, anything else (lists too) replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** RFC 6902 add / remove / replace / test, enough for what clients send. A string is the API's error message. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) return 'the JSON patch must be a list of operations';
  for (const op of patch as { op?: string; path?: string; value?: unknown }[]) {
    const parts = (op.path ?? '')
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop();
    const parent = parts.reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      target,
    ) as Record<string, unknown> | unknown[] | undefined;
    if (last === undefined || parent === null || typeof parent !== 'object')
      return `jsonpatch ${op.op} operation does not apply: doc is missing path: "${op.path}"`;
    const container = parent as Record<string, unknown>;
    if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(parent) && last === '-') parent.push(op.value);
      else container[last] = op.value;
    } else if (op.op === 'remove') {
      if (!(last in container)) return `jsonpatch remove operation does not apply: doc is missing key: ${op.path}`;
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete container[last];
    } else if (op.op === 'test') {
      if (JSON.stringify(container[last]) !== JSON.stringify(op.value)) return `testing value ${op.path} failed`;
    } else return `Unexpected kind: ${op.op}`;
  }
  return target;
}

// Builders for the objects a GPU cluster holds, shaped as the API returns them. Pass the result to `add`.

const gpuLimits = (gpus: number) => (gpus > 0 ? { limits: { 'nvidia.com/gpu': String(gpus) } } : {});

function podTemplate(gpus: number, labels: Record<string, string> = {}) {
  return {
    metadata: { labels },
    spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'trainer:1', resources: gpuLimits(gpus) }] },
  };
}

export function gpuNode(
  name: string,
  options: {
    gpus?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ready?: 'True' | 'False' | 'Unknown' | null;
    unschedulable?: boolean;
  } = {},
): KubeObject {
  const gpus = options.gpus ?? 8;
  const ready = options.ready === undefined ? 'True' : options.ready;
  const conditions =
    ready === null
      ? []
      : [
          {
            type: 'Ready',
            status: ready,
            reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown',
            message: ready === 'True' ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.',
            lastHeartbeatTime: '2026-10-01T00:00:00Z',
            lastTransitionTime: '2026-10-01T00:00:00Z',
          },
        ];
  return {
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, ...options.labels },
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: options.unschedulable ? { unschedulable: true } : {},
    status: {
      capacity: { cpu: '192', memory: '2063731712Ki', ...(gpus > 0 ? { 'nvidia.com/gpu': String(gpus) } : {}) },
      allocatable: { cpu: '190', memory: '2000000000Ki', ...(gpus > 0 ? { 'nvidia.com/gpu': String(gpus) } : {}) },
      conditions,
    },
  };
}

/** The controller reference and labels a pod gets from its owner (Job controller, training operator, ReplicaSet). */
function ownership(owner: KubeObject): { ref: OwnerRef; labels: Record<string, string> } {
  const name = owner.metadata.name;
  const uid = owner.metadata.uid ?? '';
  const ref = { apiVersion: owner.apiVersion ?? '', kind: owner.kind ?? '', name, uid, controller: true };
  if (owner.kind === 'Job') {
    return {
      ref,
      labels: {
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
      },
    };
  }
  if (owner.kind === 'PyTorchJob') {
    return {
      ref,
      labels: {
        'training.kubeflow.org/job-name': name,
        'training.kubeflow.org/operator-name': 'pytorchjob-controller',
      },
    };
  }
  if (owner.kind === 'JobSet') {
    // Owned by the JobSet's first child Job, as the JobSet controller's Jobs own their pods.
    const child = `${name}-workers-0`;
    return {
      ref: { apiVersion: 'batch/v1', kind: 'Job', name: child, uid: `${uid}-job`, controller: true },
      labels: { 'jobset.sigs.k8s.io/jobset-name': name, 'batch.kubernetes.io/job-name': child },
    };
  }
  if (owner.kind === 'StatefulSet') {
    return {
      ref: { apiVersion: 'apps/v1', kind: 'StatefulSet', name, uid, controller: true },
      labels: (fieldValue(owner, 'spec.selector.matchLabels') as Record<string, string>) ?? {},
    };
  }
  if (owner.kind === 'Deployment') {
    const hash = '5d8f7c9b6';
    return {
      ref: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}`, uid: `${uid}-rs`, controller: true },
      labels: {
        ...((fieldValue(owner, 'spec.selector.matchLabels') as Record<string, string>) ?? {}),
        'pod-template-hash': hash,
      },
    };
  }
  return { ref, labels: {} };
}

export function gpuPod(
  namespace: string,
  name: string,
  options: {
    node: string;
    gpus?: number;
    owner?: KubeObject;
    labels?: Record<string, string>;
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
    restarts?: number;
    daemonSet?: boolean;
    mirror?: boolean;
  },
): KubeObject {
  const owned = options.owner ? ownership(options.owner) : null;
  const refs: OwnerRef[] = owned ? [owned.ref] : [];
  if (options.daemonSet)
    refs.push({ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'dcgm-exporter', uid: 'ds-1', controller: true });
  const template = podTemplate(options.gpus ?? 8);
  return {
    metadata: {
      name,
      namespace,
      labels: { ...owned?.labels, ...options.labels },
      ...(refs.length ? { ownerReferences: refs } : {}),
      ...(options.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc123' } } : {}),
    },
    spec: { ...template.spec, nodeName: options.node },
    status: {
      phase: options.phase ?? 'Running',
      containerStatuses: [
        { name: 'main', ready: true, restartCount: options.restarts ?? 0, image: 'trainer:1', imageID: '' },
      ],
    },
  };
}

export function batchJob(
  namespace: string,
  name: string,
  options: {
    gpusPerPod?: number;
    parallelism?: number;
    labels?: Record<string, string>;
    status?: Record<string, unknown>;
  } = {},
): KubeObject {
  const uid = randomUUID();
  const generated = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  return {
    metadata: { name, namespace, uid, labels: { ...generated, ...options.labels } },
    spec: {
      parallelism: options.parallelism ?? 1,
      completions: options.parallelism ?? 1,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      manualSelector: false,
      template: podTemplate(options.gpusPerPod ?? 8, generated),
    },
    status: options.status ?? {
      active: options.parallelism ?? 1,
      ready: options.parallelism ?? 1,
      startTime: '2026-10-01T01:00:00Z',
    },
  };
}

export function pytorchJob(
  namespace: string,
  name: string,
  options: {
    workers?: number;
    gpusPerPod?: number;
    labels?: Record<string, string>;
    conditions?: [type: string, status: 'True' | 'False'][];
  } = {},
): KubeObject {
  const gpus = options.gpusPerPod ?? 8;
  const conditions = (
    options.conditions ?? [
      ['Created', 'True'],
      ['Running', 'True'],
    ]
  ).map(([type, status]) => ({
    type,
    status,
    reason: `PyTorchJob${type}`,
    message: `PyTorchJob ${name} is ${type.toLowerCase()}.`,
    lastUpdateTime: '2026-10-01T02:00:00Z',
    lastTransitionTime: '2026-10-01T02:00:00Z',
  }));
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name, namespace, labels: options.labels ?? {} },
    spec: {
      pytorchReplicaSpecs: {
        Master: { replicas: 1, restartPolicy: 'OnFailure', template: podTemplate(gpus) },
        Worker: { replicas: options.workers ?? 1, restartPolicy: 'OnFailure', template: podTemplate(gpus) },
      },
      runPolicy: { cleanPodPolicy: 'None' },
    },
    status: {
      conditions,
      replicaStatuses: { Master: { active: 1 }, Worker: { active: options.workers ?? 1 } },
      startTime: '2026-10-01T02:00:00Z',
    },
  };
}

export function deployment(
  namespace: string,
  name: string,
  options: { replicas?: number; readyReplicas?: number; gpusPerPod?: number; labels?: Record<string, string> } = {},
): KubeObject {
  const replicas = options.replicas ?? 2;
  const selector = { app: name };
  return {
    metadata: { name, namespace, labels: options.labels ?? {} },
    spec: { replicas, selector: { matchLabels: selector }, template: podTemplate(options.gpusPerPod ?? 1, selector) },
    status: {
      replicas,
      readyReplicas: options.readyReplicas ?? replicas,
      availableReplicas: options.readyReplicas ?? replicas,
      conditions: [{ type: 'Available', status: 'True', lastTransitionTime: '2026-10-01T03:00:00Z' }],
    },
  };
}

export function disruptionBudget(
  namespace: string,
  name: string,
  options: {
    matchLabels: Record<string, string>;
    disruptionsAllowed: number;
    desiredHealthy?: number;
    currentHealthy?: number;
  },
): KubeObject {
  return {
    metadata: { name, namespace },
    spec: { minAvailable: options.desiredHealthy ?? 1, selector: { matchLabels: options.matchLabels } },
    status: {
      disruptionsAllowed: options.disruptionsAllowed,
      desiredHealthy: options.desiredHealthy ?? 1,
      currentHealthy: options.currentHealthy ?? 1,
      expectedPods: options.currentHealthy ?? 1,
      observedGeneration: 1,
    },
  };
}

/** A JobSet (jobset.x-k8s.io/v1alpha2) of `jobs` replicated Jobs of `podsPerJob` parallel pods. */
export function jobSet(
  namespace: string,
  name: string,
  options: { jobs?: number; podsPerJob?: number; gpusPerPod?: number; restarts?: number; completed?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name, namespace },
    spec: {
      replicatedJobs: [
        {
          name: 'workers',
          replicas: options.jobs ?? 2,
          template: { spec: { parallelism: options.podsPerJob ?? 1, template: podTemplate(options.gpusPerPod ?? 8) } },
        },
      ],
    },
    status: {
      restarts: options.restarts ?? 0,
      conditions: options.completed
        ? [{ type: 'Completed', status: 'True', lastTransitionTime: '2026-10-01T06:00:00Z' }]
        : [],
    },
  };
}

export function statefulSet(
  namespace: string,
  name: string,
  options: { replicas?: number; readyReplicas?: number; gpusPerPod?: number } = {},
): KubeObject {
  const replicas = options.replicas ?? 2;
  const selector = { app: name };
  return {
    metadata: { name, namespace },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: selector },
      template: podTemplate(options.gpusPerPod ?? 8, selector),
    },
    status: { replicas, readyReplicas: options.readyReplicas ?? replicas },
  };
}
