// Builders for the objects a GPU cluster holds, shaped as the API returns them. Pass the result to `add`.
import { randomUUID } from 'node:crypto';
import { fieldValue, type KubeObject, type OwnerRef } from './types';

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
    bootId?: string;
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
      addresses: [
        { type: 'InternalIP', address: '10.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        bootID: options.bootId ?? `boot-${name}`,
        kubeletVersion: 'v1.32.4',
        kubeProxyVersion: 'v1.32.4',
        osImage: 'Ubuntu 22.04.5 LTS',
        kernelVersion: '5.15.0-125-generic',
        containerRuntimeVersion: 'containerd://1.7.24',
        operatingSystem: 'linux',
        architecture: 'amd64',
        machineID: name,
        systemUUID: name,
      },
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
  const ready = (options.phase ?? 'Running') === 'Running';
  const template = podTemplate(options.gpus ?? 8);
  return {
    metadata: {
      name,
      namespace,
      labels: { ...owned?.labels, ...options.labels },
      ...(refs.length ? { ownerReferences: refs } : {}),
      ...(options.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc123' } } : {}),
    },
    spec: { ...template.spec, ...(options.node ? { nodeName: options.node } : {}) },
    status: {
      phase: options.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      startTime: '2026-10-01T01:00:00Z',
      containerStatuses: [
        {
          name: 'main',
          ready,
          restartCount: options.restarts ?? 0,
          image: 'trainer:1',
          imageID: '',
          state: ready ? { running: { startedAt: '2026-10-01T01:00:00Z' } } : { terminated: { exitCode: 0 } },
        },
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
      updatedReplicas: replicas,
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

/** The DaemonSet that `gpuPod(…, { daemonSet: true })` pods belong to, which `kubectl drain` looks up. */
export function dcgmExporterDaemonSet(namespace: string): KubeObject {
  const selector = { app: 'dcgm-exporter' };
  return {
    metadata: { name: 'dcgm-exporter', namespace, uid: 'ds-1' },
    spec: { selector: { matchLabels: selector }, template: podTemplate(0, selector) },
    status: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberMisscheduled: 0 },
  };
}
