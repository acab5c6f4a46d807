// Server-side printing: a list or an object answered as a meta.k8s.io/v1 Table when the client asks for one
// (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, as kubectl get does), with the columns of the real
// server's printers (pkg/printers/internalversion/printers.go) for the kinds the fake serves, Name and Age for
// the rest (as for a custom resource without printer columns).
import { fieldValue, type KubeObject, type ResourceType } from './types';

interface Column {
  name: string;
  type: 'string' | 'integer';
  priority?: number;
  description: string;
  format?: string;
  cell: (object: KubeObject, now: number) => string | number;
}

/** How old, as kubectl shows it: 45s, 12m, 3h, 4d. */
export function age(created: string | undefined, now: number): string {
  if (!created) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (o) => o.metadata.name,
};
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o, now) => age(o.metadata.creationTimestamp, now),
};

type Condition = { type: string; status: string };
const conditions = (o: KubeObject) => (fieldValue(o, 'status.conditions') as Condition[] | undefined) ?? [];
const num = (o: KubeObject, path: string) => (fieldValue(o, path) as number | undefined) ?? 0;

function nodeStatus(node: KubeObject): string {
  const ready = conditions(node).find((c) => c.type === 'Ready');
  const status = !ready
    ? 'Unknown'
    : ready.status === 'True'
      ? 'Ready'
      : ready.status === 'False'
        ? 'NotReady'
        : 'Unknown';
  return node.spec?.unschedulable ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(node: KubeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((label) => label.startsWith('node-role.kubernetes.io/'))
    .map((label) => label.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

type ContainerStatus = { ready?: boolean; restartCount?: number };
const containerStatuses = (pod: KubeObject) =>
  (fieldValue(pod, 'status.containerStatuses') as ContainerStatus[] | undefined) ?? [];

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  return (
    (fieldValue(pod, 'status.reason') as string | undefined) ?? (fieldValue(pod, 'status.phase') as string) ?? 'Unknown'
  );
}

function jobStatus(job: KubeObject): string {
  const isTrue = (type: string) => conditions(job).some((c) => c.type === type && c.status === 'True');
  if (isTrue('Complete')) return 'Complete';
  if (isTrue('Failed')) return 'Failed';
  if (isTrue('Suspended')) return 'Suspended';
  return 'Running';
}

const COLUMNS: Record<string, Column[]> = {
  nodes: [
    name,
    { name: 'Status', type: 'string', description: 'The status of the node', cell: nodeStatus },
    { name: 'Roles', type: 'string', description: 'The roles of the node', cell: nodeRoles },
    ageColumn,
    {
      name: 'Version',
      type: 'string',
      description: 'Kubelet Version reported by the node.',
      cell: (o) => (fieldValue(o, 'status.nodeInfo.kubeletVersion') as string | undefined) ?? '',
    },
    {
      name: 'Internal-IP',
      type: 'string',
      priority: 1,
      description: 'List of addresses reachable to the node.',
      cell: (o) =>
        ((fieldValue(o, 'status.addresses') as { type: string; address: string }[] | undefined) ?? []).find(
          (a) => a.type === 'InternalIP',
        )?.address ?? '<none>',
    },
  ],
  pods: [
    name,
    {
      name: 'Ready',
      type: 'string',
      description: 'The aggregate readiness state of this pod for accepting traffic.',
      cell: (o) => `${containerStatuses(o).filter((c) => c.ready).length}/${containerStatuses(o).length}`,
    },
    {
      name: 'Status',
      type: 'string',
      description: 'The aggregate status of the containers in this pod.',
      cell: podStatus,
    },
    {
      name: 'Restarts',
      type: 'string',
      description: 'The number of times the containers in this pod have been restarted.',
      cell: (o) => String(containerStatuses(o).reduce((sum, c) => sum + (c.restartCount ?? 0), 0)),
    },
    ageColumn,
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      description: 'NodeName indicates in which node this pod is scheduled.',
      cell: (o) => (fieldValue(o, 'spec.nodeName') as string | undefined) ?? '<none>',
    },
  ],
  jobs: [
    name,
    { name: 'Status', type: 'string', description: 'Status of the job.', cell: jobStatus },
    {
      name: 'Completions',
      type: 'string',
      description: 'The number of pods which reached phase Succeeded.',
      cell: (o) => `${num(o, 'status.succeeded')}/${(fieldValue(o, 'spec.completions') as number | undefined) ?? 1}`,
    },
    { name: 'Duration', type: 'string', description: 'Time required to complete the job.', cell: () => '' },
    ageColumn,
  ],
  deployments: [
    name,
    {
      name: 'Ready',
      type: 'string',
      description: 'Number of the pod with ready state',
      cell: (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      description:
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      cell: (o) => num(o, 'status.updatedReplicas'),
    },
    {
      name: 'Available',
      type: 'integer',
      description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      cell: (o) => num(o, 'status.availableReplicas'),
    },
    ageColumn,
  ],
};

/** A Table of the objects, each row's object as PartialObjectMetadata unless `includeObject` says otherwise. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  includeObject: string | null,
  now = Date.now(),
) {
  const columns = COLUMNS[type.plural] ?? [name, ageColumn];
  const rowObject = (o: KubeObject) =>
    includeObject === 'None'
      ? undefined
      : includeObject === 'Object'
        ? o
        : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(({ name: columnName, type: columnType, format, description, priority }) => ({
      name: columnName,
      type: columnType,
      format: format ?? '',
      description,
      priority: priority ?? 0,
    })),
    rows: objects.map((o) => ({ cells: columns.map((column) => column.cell(o, now)), object: rowObject(o) })),
  };
}

/** Whether the client asked for a Table first (kubectl lists Table, then plain JSON as a fallback). */
export const wantsTable = (accept: string | null) =>
  !!accept && /^application\/json;as=Table;v=v1;g=meta\.k8s\.io/.test(accept);
