// The shapes the fake API server stores and answers with, and the resource types it serves, described as the
// real server's discovery documents describe them (names, kinds, verbs, short names, subresources).
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
  accept: string | null;
  body: unknown;
  status: number;
  responseBody: unknown;
}

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served, as discovery lists them (`pods/eviction` is policy/v1 Eviction). */
  subresources?: { name: string; kind: string; verbs: string[]; group?: string; version?: string }[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const VERBS = CRUD;

const scale = { name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' };
const statusOf = (kind: string) => ({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });

export const TYPES: readonly ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: [statusOf('Node')],
  },
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'eviction', kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
      statusOf('Pod'),
    ],
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    categories: ['all'],
    subresources: [statusOf('Job')],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [scale, statusOf('Deployment')],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [scale, statusOf('StatefulSet')],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [statusOf('DaemonSet')],
  },
  {
    group: 'policy',
    version: 'v1',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: [statusOf('PodDisruptionBudget')],
  },
  {
    group: 'kubeflow.org',
    version: 'v1',
    plural: 'pytorchjobs',
    singular: 'pytorchjob',
    kind: 'PyTorchJob',
    namespaced: true,
    subresources: [statusOf('PyTorchJob')],
  },
  {
    group: 'kubeflow.org',
    version: 'v1',
    plural: 'tfjobs',
    singular: 'tfjob',
    kind: 'TFJob',
    namespaced: true,
    subresources: [statusOf('TFJob')],
  },
  {
    group: 'jobset.x-k8s.io',
    version: 'v1alpha2',
    plural: 'jobsets',
    singular: 'jobset',
    kind: 'JobSet',
    namespaced: true,
    subresources: [statusOf('JobSet')],
  },
];

export type Plural =
  | 'nodes'
  | 'namespaces'
  | 'pods'
  | 'jobs'
  | 'deployments'
  | 'statefulsets'
  | 'daemonsets'
  | 'poddisruptionbudgets'
  | 'pytorchjobs'
  | 'tfjobs'
  | 'jobsets';

export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set(['', 'apps', 'batch', 'policy']);

export const typeOf = (plural: Plural) => TYPES.find((t) => t.plural === plural)!;
export const apiVersionOf = (type: ResourceType) => (type.group ? `${type.group}/${type.version}` : type.version);
export const resourceName = (type: ResourceType) => (type.group ? `${type.plural}.${type.group}` : type.plural);
export const keyOf = (namespace: string | undefined, name: string) => (namespace ? `${namespace}/${name}` : name);
export const clone = <T>(value: T): T => structuredClone(value);

export interface Answer {
  status: number;
  body: unknown;
  /** Sent as the response's content type; JSON unless said. */
  contentType?: string;
}

export function statusAnswer(code: number, reason: string, message: string, details?: Record<string, unknown>): Answer {
  const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  return { status: code, body: details ? { ...body, details } : body };
}

export function success(details: Record<string, unknown>, code = 200): Answer {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details } };
}

export function notFound(type: ResourceType, name: string): Answer {
  return statusAnswer(404, 'NotFound', `${resourceName(type)} "${name}" not found`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  });
}

export const NO_RESOURCE = statusAnswer(404, 'NotFound', 'the server could not find the requested resource', {});

/** The value at a dotted path (`spec.nodeName`), or undefined. */
export function fieldValue(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
