import type { V1Deployment, V1Job, V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseJobSets, parseTrainingJobs, TRAINING_KINDS } from '@/lib/sources/kubernetes/custom';
import { batchJobRecord, batchJobState, jobIdentity, serviceRecord } from '@/lib/sources/kubernetes/map-jobs';
import {
  isEvictable,
  nodeGpuModel,
  nodeInfo,
  nodePool,
  nodePricingClass,
  nodeStatus,
  poolsOf,
} from '@/lib/sources/kubernetes/map-nodes';
import { gpuClaims, jobParents, podOwner, podSpecGpus } from '@/lib/sources/kubernetes/map-pods';
import {
  jobSetGpus,
  jobSetRecord,
  trainingJobGpus,
  trainingJobRecord,
  trainingJobState,
} from '@/lib/sources/kubernetes/map-training';
import { clusterView } from '@/lib/sources/kubernetes/view';
import { NO_TRAINING_PROGRESS } from '@/lib/sources/types';

const PYTORCH = TRAINING_KINDS[0];
const parsePyTorchJobs = (items: unknown) => parseTrainingJobs(PYTORCH, items);

const NOW = new Date('2026-10-01T12:00:00Z');
const T0 = new Date('2026-10-01T00:00:00Z');

function node(name: string, labels: Record<string, string> = {}, extra: Partial<V1Node> = {}): V1Node {
  return {
    metadata: { name, labels, creationTimestamp: T0 },
    status: {
      capacity: { 'nvidia.com/gpu': '8' },
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: T0 }],
    },
    ...extra,
  };
}

const gpuSpec = (gpus: number) => ({
  containers: [{ name: 'main', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } }],
});

function pod(
  name: string,
  options: Partial<V1Pod['metadata']> & { gpus?: number; node?: string; restarts?: number } = {},
): V1Pod {
  const { gpus = 8, node: nodeName = 'gpu-01', restarts = 0, ...metadata } = options;
  return {
    metadata: { name, namespace: 'ml', ...metadata },
    spec: { ...gpuSpec(gpus), nodeName },
    status: { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: restarts } as never] },
  };
}

const jobOwner = (name: string) => ({ apiVersion: 'batch/v1', kind: 'Job', name, uid: 'u1', controller: true });

function job(status: V1Job['status'], labels: Record<string, string> = {}): V1Job {
  return {
    metadata: { name: 'train', namespace: 'ml', labels, creationTimestamp: T0 },
    spec: { parallelism: 4, template: { spec: gpuSpec(8) } },
    status,
  };
}

describe('Kubernetes nodes', () => {
  it('takes the pool from fleet.io/pool first, then GKE, EKS, Karpenter and the instance type', () => {
    expect(nodePool({ 'fleet.io/pool': 'h100-a', 'cloud.google.com/gke-nodepool': 'np-1' })).toBe('h100-a');
    expect(nodePool({ 'cloud.google.com/gke-nodepool': 'np-1' })).toBe('np-1');
    expect(nodePool({ 'eks.amazonaws.com/nodegroup': 'ng-p5' })).toBe('ng-p5');
    expect(nodePool({ 'karpenter.sh/nodepool': 'gpu' })).toBe('gpu');
    expect(nodePool({ 'node.kubernetes.io/instance-type': 'p5.48xlarge' })).toBe('p5.48xlarge');
    expect(nodePool({})).toBe('default');
  });

  it('classes spot capacity from Karpenter, EKS and GKE labels, and otherwise from fleet.io/pricing-class', () => {
    expect(nodePricingClass({ 'karpenter.sh/capacity-type': 'spot' })).toBe('spot');
    expect(nodePricingClass({ 'eks.amazonaws.com/capacityType': 'SPOT' })).toBe('spot');
    expect(nodePricingClass({ 'cloud.google.com/gke-spot': 'true' })).toBe('spot');
    expect(nodePricingClass({ 'fleet.io/pricing-class': 'reserved' })).toBe('reserved');
    expect(nodePricingClass({ 'fleet.io/pricing-class': 'on-demand' })).toBe('on_demand');
    expect(nodePricingClass({ 'karpenter.sh/capacity-type': 'on-demand' })).toBe('on_demand');
    // A spot label wins over a declared class: the machine can be taken away whatever the label says.
    expect(nodePricingClass({ 'karpenter.sh/capacity-type': 'spot', 'fleet.io/pricing-class': 'reserved' })).toBe(
      'spot',
    );
  });

  it('reads the GPU model from GPU feature discovery, and names GPUs by node and index', () => {
    expect(nodeGpuModel({ 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' })).toBe('NVIDIA-H100-80GB-HBM3');
    expect(nodeGpuModel({})).toBe('unknown');
    const info = nodeInfo(
      node('gpu-01', { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB', 'nvidia.com/gpu.memory': '81920' }),
    );
    expect(info.gpus).toHaveLength(8);
    expect(info.gpus[3]).toEqual({ index: 3, uuid: 'k8s:gpu-01/3', model: 'NVIDIA-A100-SXM4-80GB', memoryMib: 81920 });
  });

  it('describes a pool by its most common model and class and its largest node', () => {
    const small = node('b', { 'fleet.io/pool': 'p' }, { status: { capacity: { 'nvidia.com/gpu': '4' } } });
    expect(
      poolsOf([
        node('a', { 'fleet.io/pool': 'p', 'fleet.io/pricing-class': 'reserved' }),
        small,
        node('c', { 'fleet.io/pool': 'p', 'fleet.io/pricing-class': 'reserved' }),
      ]),
    ).toEqual([{ name: 'p', gpuModel: 'unknown', pricingClass: 'reserved', gpusPerNode: 8, desiredNodes: 3 }]);
  });

  it('is down when Ready is False or Unknown, with the condition as the reason', () => {
    const lost = node(
      'gpu-01',
      {},
      {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'Unknown',
              reason: 'NodeStatusUnknown',
              message: 'Kubelet stopped posting node status.',
              lastTransitionTime: NOW,
            },
          ],
        },
      },
    );
    expect(nodeStatus(lost, [], NOW)).toEqual({
      hostname: 'gpu-01',
      state: 'down',
      reason: 'NodeStatusUnknown: Kubelet stopped posting node status.',
      since: NOW,
      bootId: null,
      signals: [],
    });
  });

  it('is provisioning before the kubelet reports Ready at all', () => {
    expect(nodeStatus(node('gpu-01', {}, { status: { conditions: [] } }), [], NOW).state).toBe('provisioning');
  });

  it('is cordoned when unschedulable, with the reason and time the console wrote, else the taint time', () => {
    const cordoned = node('gpu-01', {}, { spec: { unschedulable: true } });
    cordoned.metadata!.annotations = {
      'fleet.io/cordon-reason': 'XID 79',
      'fleet.io/cordoned-at': '2026-10-01T11:00:00Z',
    };
    expect(nodeStatus(cordoned, [], NOW)).toEqual({
      hostname: 'gpu-01',
      state: 'cordoned',
      reason: 'XID 79',
      since: new Date('2026-10-01T11:00:00Z'),
      bootId: null,
      signals: [],
    });
    const byKubectl = node(
      'gpu-02',
      {},
      {
        spec: {
          unschedulable: true,
          taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: NOW }],
        },
      },
    );
    expect(nodeStatus(byKubectl, [], NOW)).toMatchObject({
      state: 'cordoned',
      reason: 'cordoned (spec.unschedulable)',
      since: NOW,
    });
  });

  it('is draining while cordoned and a pod on it is terminating, but not for a terminating DaemonSet pod', () => {
    const cordoned = node('gpu-01', {}, { spec: { unschedulable: true } });
    const leaving = pod('a', { deletionTimestamp: NOW });
    const daemon = pod('dcgm', {
      deletionTimestamp: NOW,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'd', uid: 'x' }],
    });
    expect(nodeStatus(cordoned, [leaving], NOW).state).toBe('draining');
    expect(nodeStatus(cordoned, [daemon], NOW).state).toBe('cordoned');
  });

  it('is down with its fault while a GPU health condition is true, and shows every other health signal', () => {
    const unwell = node(
      'gpu-01',
      {},
      {
        spec: { taints: [{ key: 'nvidia.com/gpu-xid-error', value: 'true', effect: 'NoSchedule', timeAdded: NOW }] },
        status: {
          capacity: { 'nvidia.com/gpu': '8' },
          allocatable: { 'nvidia.com/gpu': '7' },
          nodeInfo: { bootID: 'b-1' } as never,
          conditions: [
            { type: 'Ready', status: 'True', lastTransitionTime: T0 },
            { type: 'MemoryPressure', status: 'False', lastTransitionTime: T0 },
            { type: 'KernelDeadlock', status: 'False', reason: 'KernelHasNoDeadlock', lastTransitionTime: T0 },
            {
              type: 'GpuMemWatch',
              status: 'True',
              reason: 'HardwareFailure',
              message: '[DCGM_FR_FAULTY_MEMORY] GPU memory failure detected on GPU 0',
              lastTransitionTime: NOW,
            },
          ],
        },
      },
    );
    const status = nodeStatus(unwell, [], NOW);
    expect(status).toMatchObject({
      state: 'down',
      reason: 'GpuMemWatch: HardwareFailure: [DCGM_FR_FAULTY_MEMORY] GPU memory failure detected on GPU 0',
      since: NOW,
      downFault: 'ecc_dbe',
      bootId: 'b-1',
    });
    expect(status.signals!.map((signal) => [signal.kind, signal.name, signal.problem])).toEqual([
      ['condition', 'KernelDeadlock', false],
      ['condition', 'GpuMemWatch', true],
      ['taint', 'nvidia.com/gpu-xid-error=true:NoSchedule', true],
      ['gpus', 'nvidia.com/gpu allocatable', true],
    ]);
    expect(status.signals![3].message).toBe('7 of 8 GPUs allocatable: the device plugin reports 1 unhealthy');
  });

  it('is provisioning until the GPU operator validator passes on it', () => {
    const validator = {
      metadata: {
        name: 'nvidia-operator-validator-x',
        namespace: 'gpu-operator',
        labels: { app: 'nvidia-operator-validator' },
      },
      spec: { nodeName: 'gpu-01', containers: [] },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Ready', status: 'False' }],
        initContainerStatuses: [
          { name: 'driver-validation', ready: true, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { name: 'cuda-validation', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    } as unknown as V1Pod;
    const status = nodeStatus(node('gpu-01'), [validator], NOW);
    expect(status).toMatchObject({
      state: 'provisioning',
      reason: 'GPU operator validation has not passed (cuda-validation: CrashLoopBackOff)',
    });
    const passed = {
      ...validator,
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    } as V1Pod;
    expect(nodeStatus(node('gpu-01'), [passed], NOW).state).toBe('ready');
  });

  it('leaves DaemonSet and mirror pods out of a drain', () => {
    expect(isEvictable(pod('a'))).toBe(true);
    expect(isEvictable(pod('b', { annotations: { 'kubernetes.io/config.mirror': 'x' } }))).toBe(false);
    expect(
      isEvictable(pod('c', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'd', uid: 'x' }] })),
    ).toBe(false);
  });
});

describe('Kubernetes pods', () => {
  it('counts GPUs from limits, or requests where only those are set, across containers', () => {
    expect(
      podSpecGpus({
        containers: [
          { resources: { limits: { 'nvidia.com/gpu': '4' } } },
          { resources: { requests: { 'nvidia.com/gpu': '2' } } },
        ],
      }),
    ).toBe(6);
    expect(podSpecGpus({ containers: [{ resources: { limits: { cpu: '4' } } }] })).toBe(0);
    expect(podSpecGpus(undefined)).toBe(0);
  });

  it('finds the job through the controller owner, the Deployment behind a ReplicaSet, or the job-name labels', () => {
    expect(podOwner(pod('a', { ownerReferences: [jobOwner('train')] }))).toEqual({
      kind: 'Job',
      namespace: 'ml',
      name: 'train',
    });
    expect(
      podOwner(
        pod('b', {
          ownerReferences: [
            { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', name: 'ft', uid: 'u', controller: true },
          ],
        }),
      ),
    ).toEqual({ kind: 'PyTorchJob', namespace: 'ml', name: 'ft' });
    const replica = pod('llm-7c9-x', {
      labels: { 'pod-template-hash': '7c9' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'llm-7c9', uid: 'u', controller: true }],
    });
    expect(podOwner(replica)).toEqual({ kind: 'Deployment', namespace: 'ml', name: 'llm' });
    expect(podOwner(pod('c', { labels: { 'training.kubeflow.org/job-name': 'ft' } }))).toEqual({
      kind: 'TrainingJob',
      namespace: 'ml',
      name: 'ft',
    });
    expect(podOwner(pod('d', { labels: { 'job-name': 'train' } }))).toEqual({
      kind: 'Job',
      namespace: 'ml',
      name: 'train',
    });
    expect(podOwner(pod('e'))).toBeNull();
  });

  it('finds a JobSet or an MPIJob behind the batch Job that owns a pod', () => {
    const jobs: V1Job[] = [
      {
        metadata: {
          name: 'mpi-launcher',
          namespace: 'ml',
          ownerReferences: [
            { apiVersion: 'kubeflow.org/v2beta1', kind: 'MPIJob', name: 'mpi', uid: 'u', controller: true },
          ],
        },
      },
    ];
    const parents = jobParents(jobs, new Set(['MPIJob', 'JobSet']));
    expect(podOwner(pod('mpi-launcher-x', { ownerReferences: [jobOwner('mpi-launcher')] }), parents)).toEqual({
      kind: 'MPIJob',
      namespace: 'ml',
      name: 'mpi',
    });
    const child = pod('llm-workers-0-3-abc', {
      labels: { 'jobset.sigs.k8s.io/jobset-name': 'llm' },
      ownerReferences: [jobOwner('llm-workers-0')],
    });
    expect(podOwner(child, parents)).toEqual({ kind: 'JobSet', namespace: 'ml', name: 'llm' });
    const daemon = pod('dcgm-exporter-1', {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'dcgm', uid: 'u', controller: true }],
    });
    expect(podOwner(daemon)).toBeNull();
  });

  it('claims GPUs on its node for each bound, unfinished GPU pod of a known job, by count', () => {
    const pods = [
      pod('train-0', { ownerReferences: [jobOwner('train')], node: 'gpu-01' }),
      pod('train-1', { ownerReferences: [jobOwner('train')], node: 'gpu-02', gpus: 4 }),
      pod('train-cpu', { gpus: 0, ownerReferences: [jobOwner('train')] }),
      pod('other-0', { ownerReferences: [jobOwner('other')] }),
      { ...pod('train-done', { ownerReferences: [jobOwner('train')] }), status: { phase: 'Succeeded' } },
      { ...pod('train-pending', { ownerReferences: [jobOwner('train')] }), spec: { ...gpuSpec(8) } },
    ];
    expect(gpuClaims(pods, new Map(), new Set(['ml/train']))).toEqual([
      { jobExternalId: 'ml/train', hostname: 'gpu-01', count: 8, indices: null, pod: 'ml/train-0' },
      { jobExternalId: 'ml/train', hostname: 'gpu-02', count: 4, indices: null, pod: 'ml/train-1' },
    ]);
  });
});

describe('Kubernetes batch Jobs', () => {
  it('takes its state from the Job conditions, else from its pods', () => {
    expect(batchJobState(job({ conditions: [{ type: 'Complete', status: 'True' }] }))).toBe('succeeded');
    expect(batchJobState(job({ conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }] }))).toBe('succeeded');
    expect(batchJobState(job({ conditions: [{ type: 'Failed', status: 'True' }] }))).toBe('failed');
    expect(batchJobState(job({ conditions: [{ type: 'FailureTarget', status: 'True' }] }))).toBe('failed');
    expect(batchJobState(job({ conditions: [{ type: 'Suspended', status: 'True' }] }))).toBe('pending');
    expect(batchJobState(job({ active: 4, ready: 4 }))).toBe('running');
    expect(batchJobState(job({ active: 4 }))).toBe('running');
    expect(batchJobState(job({ active: 1, ready: 0, failed: 1 }))).toBe('recovering');
    expect(batchJobState(job({ active: 4, ready: 0 }))).toBe('pending');
    expect(batchJobState(job({}))).toBe('pending');
  });

  it('sums GPUs over its parallel pods and counts replaced pods and container restarts as restarts', () => {
    const failed = job(
      { failed: 3, startTime: T0, conditions: [{ type: 'Failed', status: 'True', lastTransitionTime: NOW }] },
      {
        'fleet.io/team': 'nlp',
        'fleet.io/project': 'chat',
        'fleet.io/kind': 'evaluation',
        'fleet.io/owner': 'ada',
        'kueue.x-k8s.io/queue-name': 'nlp-a100',
      },
    );
    const record = batchJobRecord(failed, [pod('train-0', { restarts: 2 })], NOW);
    expect(record).toEqual({
      externalId: 'ml/train',
      name: 'train',
      kind: 'evaluation',
      team: 'nlp',
      project: 'chat',
      owner: 'ada',
      partition: 'nlp-a100',
      state: 'failed',
      gpusRequested: 32,
      submittedAt: T0,
      startedAt: T0,
      endedAt: NOW,
      restartCount: 4,
      ...NO_TRAINING_PROGRESS,
      gpuUuids: [],
    });
  });

  it('belongs to its namespace as team and project, as training, when it has no labels; CPU jobs are not records', () => {
    expect(jobIdentity({}, 'research', 'training')).toEqual({
      team: 'research',
      project: 'research',
      kind: 'training',
      owner: null,
      partition: null,
    });
    expect(jobIdentity({ 'fleet.io/kind': 'fine-tuning' }, 'r', 'training').kind).toBe('fine_tuning');
    // Submitted to a Kueue LocalQueue: that queue is where it runs, as a Slurm job's partition.
    expect(jobIdentity({ 'kueue.x-k8s.io/queue-name': 'team-a-gpu' }, 'r', 'training').partition).toBe('team-a-gpu');
    expect(jobIdentity({ 'fleet.io/kind': 'bogus' }, 'r', 'training').kind).toBe('training');
    const cpu: V1Job = {
      metadata: { name: 'etl', namespace: 'ml' },
      spec: { template: { spec: { containers: [{ name: 'c' }] } } },
    };
    expect(batchJobRecord(cpu, [], NOW)).toBeNull();
  });
});

describe('Kubeflow PyTorchJobs', () => {
  const raw = (conditions: [string, string][]) => ({
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name: 'ft', namespace: 'tuning', creationTimestamp: '2026-10-01T00:00:00Z' },
    spec: {
      pytorchReplicaSpecs: {
        Master: { replicas: 1, template: { spec: gpuSpec(8) } },
        Worker: {
          replicas: 3,
          template: { spec: { containers: [{ resources: { limits: { 'nvidia.com/gpu': 8 } } }] } },
        },
      },
    },
    status: {
      conditions: conditions.map(([type, status]) => ({ type, status, lastTransitionTime: '2026-10-01T05:00:00Z' })),
      startTime: '2026-10-01T01:00:00Z',
    },
  });

  it('takes its state from the operator conditions, most decisive first', () => {
    const state = (conditions: [string, string][]) =>
      trainingJobState(parsePyTorchJobs([raw(conditions)])[0].status!.conditions);
    expect(state([['Created', 'True']])).toBe('pending');
    expect(
      state([
        ['Created', 'True'],
        ['Running', 'True'],
      ]),
    ).toBe('running');
    expect(
      state([
        ['Created', 'True'],
        ['Running', 'False'],
        ['Restarting', 'True'],
      ]),
    ).toBe('recovering');
    expect(
      state([
        ['Created', 'True'],
        ['Running', 'False'],
        ['Succeeded', 'True'],
      ]),
    ).toBe('succeeded');
    expect(
      state([
        ['Created', 'True'],
        ['Running', 'False'],
        ['Failed', 'True'],
      ]),
    ).toBe('failed');
    expect(state([])).toBe('pending');
  });

  it('sums GPUs over replica types, reading quantities written as numbers too, and dates from strings', () => {
    const [parsed] = parsePyTorchJobs([
      raw([
        ['Created', 'True'],
        ['Running', 'False'],
        ['Restarting', 'False'],
        ['Failed', 'True'],
      ]),
    ]);
    expect(trainingJobGpus(parsed)).toBe(32);
    expect(trainingJobRecord(parsed, [], NOW)).toMatchObject({
      externalId: 'tuning/ft',
      kind: 'training',
      team: 'tuning',
      state: 'failed',
      gpusRequested: 32,
      submittedAt: T0,
      startedAt: new Date('2026-10-01T01:00:00Z'),
      endedAt: new Date('2026-10-01T05:00:00Z'),
      restartCount: 1,
    });
  });

  it('skips list items that are not PyTorchJobs rather than failing the whole list', () => {
    expect(parsePyTorchJobs([{ metadata: {} }, raw([])])).toHaveLength(1);
    expect(parsePyTorchJobs('nonsense')).toEqual([]);
  });
});

describe('Other Kubeflow training kinds and JobSets', () => {
  it('reads each training kind from its own replica field, and a JobSet as one job of all its Jobs', () => {
    const tf = TRAINING_KINDS.find((kind) => kind.kind === 'TFJob')!;
    const [tfJob] = parseTrainingJobs(tf, [
      {
        metadata: { name: 'tf', namespace: 'ml', annotations: { 'fleet.io/restarts': '2' } },
        spec: {
          tfReplicaSpecs: {
            Chief: { replicas: 1, template: { spec: gpuSpec(1) } },
            Worker: { replicas: 4, template: { spec: gpuSpec(8) } },
          },
        },
        status: { conditions: [{ type: 'Running', status: 'True' }] },
      },
    ]);
    expect(trainingJobGpus(tfJob)).toBe(33);
    expect(trainingJobRecord(tfJob, [], NOW)).toMatchObject({ externalId: 'ml/tf', state: 'running', restartCount: 2 });

    // 2 replicated Jobs of 4 parallel 8-GPU pods, and a 1-pod leader of 0 GPUs.
    const [jobSet] = parseJobSets([
      {
        metadata: { name: 'llm', namespace: 'ml', creationTimestamp: '2026-10-01T00:00:00Z' },
        spec: {
          replicatedJobs: [
            { name: 'leader', replicas: 1, template: { spec: { template: { spec: gpuSpec(0) } } } },
            { name: 'workers', replicas: 2, template: { spec: { parallelism: 4, template: { spec: gpuSpec(8) } } } },
          ],
        },
        status: { restarts: 1, conditions: [] },
      },
    ]);
    expect(jobSetGpus(jobSet)).toBe(64);
    const running = pod('llm-workers-0-0', { restarts: 1 });
    expect(jobSetRecord(jobSet, [running], NOW)).toMatchObject({
      externalId: 'ml/llm',
      kind: 'training',
      state: 'running',
      gpusRequested: 64,
      restartCount: 2,
    });
  });
});

describe('GPU Deployments', () => {
  it('are inference services whose replicas are their ready pods', () => {
    const llm: V1Deployment = {
      metadata: { name: 'llm', namespace: 'serving', creationTimestamp: T0 },
      spec: { replicas: 3, selector: {}, template: { spec: gpuSpec(2) } },
      status: {
        readyReplicas: 2,
        conditions: [{ type: 'Available', status: 'True', lastTransitionTime: NOW, reason: '', message: '' } as never],
      },
    };
    expect(serviceRecord(llm, [], NOW)).toMatchObject({
      externalId: 'serving/llm',
      kind: 'inference',
      state: 'running',
      gpusRequested: 6,
      replicas: 2,
      desiredReplicas: 3,
      startedAt: NOW,
    });
  });
});

describe('Kubernetes cluster view', () => {
  it('keeps CPU nodes out of the topology and draws teams from the jobs', () => {
    const view = clusterView(
      {
        nodes: [
          node('gpu-01', { 'fleet.io/pool': 'h100' }),
          node('cpu-01', {}, { status: { capacity: { cpu: '64' } } }),
        ],
        pods: [pod('train-0', { ownerReferences: [jobOwner('train')] })],
        jobs: [job({ active: 4 }, { 'fleet.io/team': 'nlp', 'fleet.io/project': 'chat' })],
        trainingJobs: [],
        jobSets: [],
        deployments: [],
        statefulSets: [],
      },
      'prod',
      NOW,
    );
    expect(view.topology.nodes.map((n) => n.hostname)).toEqual(['gpu-01']);
    expect(view.topology.teams).toEqual([{ name: 'nlp', projects: ['chat'] }]);
    expect(view.nodes.map((n) => n.hostname)).toEqual(['gpu-01']);
    expect(view.claims).toEqual([
      { jobExternalId: 'ml/train', hostname: 'gpu-01', count: 8, indices: null, pod: 'ml/train-0' },
    ]);
  });
});
