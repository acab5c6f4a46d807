import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesApis, KubernetesSource } from '@/lib/sources/kubernetes';
import { SourceError } from '@/lib/sources/types';
import {
  batchJob,
  deployment,
  FakeKubernetesApi,
  gpuNode,
  gpuPod,
  jobSet,
  pytorchJob,
  statefulSet,
  type KubeObject,
} from '../fakes/kubernetes-api';

const NOW = new Date('2026-10-01T12:00:00Z');
let api: FakeKubernetesApi;

function source(token = api.token, options: { timeoutMs?: number } = {}) {
  const apis = createKubernetesApis({
    mode: 'url',
    server: api.url,
    token,
    caFile: null,
    insecureSkipTlsVerify: false,
  });
  return new KubernetesSource(apis, { clusterName: 'prod-gpu', now: () => NOW, ...options });
}

/** A small cluster: two H100 nodes in a reserved pool, one spot node, a CPU node, and GPU work of each kind. */
function populate(): { train: KubeObject; ft: KubeObject; llm: KubeObject } {
  const h100 = { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/gpu.memory': '81559' };
  api.add(
    'nodes',
    gpuNode('gpu-a-01', {
      labels: {
        ...h100,
        'fleet.io/pool': 'h100-reserved',
        'fleet.io/pricing-class': 'reserved',
        'topology.kubernetes.io/region': 'eu-west-1',
      },
    }),
  );
  api.add(
    'nodes',
    gpuNode('gpu-a-02', {
      labels: { ...h100, 'fleet.io/pool': 'h100-reserved', 'fleet.io/pricing-class': 'reserved' },
      unschedulable: true,
      annotations: { 'fleet.io/cordon-reason': 'XID 79 on GPU 3', 'fleet.io/cordoned-at': '2026-10-01T11:00:00Z' },
    }),
  );
  api.add(
    'nodes',
    gpuNode('gpu-s-01', {
      labels: { ...h100, 'karpenter.sh/nodepool': 'h100-spot', 'karpenter.sh/capacity-type': 'spot' },
      ready: 'Unknown',
    }),
  );
  api.add('nodes', gpuNode('cpu-01', { gpus: 0 }));

  const train = api.add(
    'jobs',
    batchJob('research', 'pretrain-7b', {
      parallelism: 2,
      labels: { 'fleet.io/team': 'foundation', 'fleet.io/project': 'llm-7b' },
    }),
  );
  api.add('pods', gpuPod('research', 'pretrain-7b-0', { node: 'gpu-a-01', owner: train, restarts: 2 }));
  api.add('pods', gpuPod('research', 'pretrain-7b-1', { node: 'gpu-a-02', owner: train }));

  const ft = api.add(
    'pytorchjobs',
    pytorchJob('tuning', 'ft-chat', {
      workers: 1,
      labels: { 'fleet.io/kind': 'fine_tuning' },
      conditions: [
        ['Created', 'True'],
        ['Running', 'False'],
        ['Restarting', 'True'],
      ],
    }),
  );
  api.add('pods', gpuPod('tuning', 'ft-chat-master-0', { node: 'gpu-s-01', owner: ft, restarts: 1 }));

  const llm = api.add(
    'deployments',
    deployment('serving', 'llm-api', { replicas: 2, readyReplicas: 1, gpusPerPod: 1 }),
  );
  api.add('pods', gpuPod('serving', 'llm-api-5d8f7c9b6-abcde', { node: 'gpu-a-01', owner: llm, gpus: 1 }));

  // Not GPU work: a CPU job and the dcgm-exporter DaemonSet pod.
  api.add('jobs', batchJob('research', 'tokenize', { gpusPerPod: 0 }));
  api.add('pods', gpuPod('monitoring', 'dcgm-exporter-x1', { node: 'gpu-a-01', gpus: 0, daemonSet: true }));
  return { train, ft, llm };
}

beforeEach(async () => {
  api = await FakeKubernetesApi.start();
});

afterEach(async () => {
  await api.close();
});

describe('Kubernetes source against a fake API server', () => {
  it('lists nodes, unfinished pods, Jobs, Deployments, StatefulSets and the workload CRDs with the bearer token', async () => {
    populate();
    await source().read();
    const answered = (status: number) =>
      api.requests
        .filter((r) => r.status === status && !r.query.watch)
        .map((r) => r.path)
        .sort();
    expect(answered(200)).toEqual([
      '/api/v1/nodes',
      '/api/v1/pods',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/statefulsets',
      '/apis/batch/v1/jobs',
      '/apis/jobset.x-k8s.io/v1alpha2/jobsets',
      '/apis/kubeflow.org/v1/pytorchjobs',
      '/apis/kubeflow.org/v1/tfjobs',
    ]);
    // The training kinds this cluster does not serve, MPIJob at both its versions.
    expect(answered(404)).toEqual([
      '/apis/kubeflow.org/v1/jaxjobs',
      '/apis/kubeflow.org/v1/mpijobs',
      '/apis/kubeflow.org/v1/paddlejobs',
      '/apis/kubeflow.org/v1/xgboostjobs',
      '/apis/kubeflow.org/v2beta1/mpijobs',
    ]);
    expect(api.requestsTo('GET', /^\/api\/v1\/pods$/)[0].query.fieldSelector).toBe(
      'status.phase!=Succeeded,status.phase!=Failed',
    );
    // Kinds the cluster does not serve are not asked about again on the next read.
    const before = api.requests.length;
    const again = source();
    await again.read();
    await again.read();
    expect(api.requests.slice(before).filter((r) => r.status === 404)).toHaveLength(5);
  });

  it('builds the topology from GPU nodes: pools from labels, spot from Karpenter, placeholder GPU ids', async () => {
    populate();
    const { topology } = await source().read();
    expect(topology.cluster).toEqual({ name: 'prod-gpu', scheduler: 'kubernetes', region: 'eu-west-1' });
    expect(topology.nodes.map((n) => [n.hostname, n.pool])).toEqual([
      ['gpu-a-01', 'h100-reserved'],
      ['gpu-a-02', 'h100-reserved'],
      ['gpu-s-01', 'h100-spot'],
    ]);
    expect(topology.pools).toEqual([
      {
        name: 'h100-reserved',
        gpuModel: 'NVIDIA-H100-80GB-HBM3',
        pricingClass: 'reserved',
        gpusPerNode: 8,
        desiredNodes: 2,
      },
      { name: 'h100-spot', gpuModel: 'NVIDIA-H100-80GB-HBM3', pricingClass: 'spot', gpusPerNode: 8, desiredNodes: 1 },
    ]);
    expect(topology.nodes[0].gpus[7]).toEqual({
      index: 7,
      uuid: 'k8s:gpu-a-01/7',
      model: 'NVIDIA-H100-80GB-HBM3',
      memoryMib: 81559,
    });
    expect(topology.teams).toEqual([
      { name: 'foundation', projects: ['llm-7b'] },
      { name: 'serving', projects: ['serving'] },
      { name: 'tuning', projects: ['tuning'] },
    ]);
  });

  it('reports node states: ready, cordoned with the reason the console wrote, down when Ready is Unknown', async () => {
    populate();
    const { nodes } = await source().read();
    expect(nodes.map(({ hostname, state, reason, since }) => ({ hostname, state, reason, since }))).toEqual([
      { hostname: 'gpu-a-01', state: 'ready', reason: null, since: new Date('2026-10-01T00:00:00Z') },
      { hostname: 'gpu-a-02', state: 'cordoned', reason: 'XID 79 on GPU 3', since: new Date('2026-10-01T11:00:00Z') },
      {
        hostname: 'gpu-s-01',
        state: 'down',
        reason: 'NodeStatusUnknown: Kubelet stopped posting node status.',
        since: new Date('2026-10-01T00:00:00Z'),
      },
    ]);
  });

  it('maps GPU jobs of each kind to records and leaves CPU jobs out', async () => {
    populate();
    const { jobs } = await source().read();
    expect(jobs.map((j) => j.externalId)).toEqual(['research/pretrain-7b', 'tuning/ft-chat', 'serving/llm-api']);
    const [train, ft, llm] = jobs;
    expect(train).toMatchObject({
      name: 'pretrain-7b',
      kind: 'training',
      team: 'foundation',
      project: 'llm-7b',
      state: 'running',
      gpusRequested: 16,
      restartCount: 2,
      startedAt: new Date('2026-10-01T01:00:00Z'),
      gpuUuids: [],
    });
    expect(ft).toMatchObject({
      kind: 'fine_tuning',
      team: 'tuning',
      state: 'recovering',
      gpusRequested: 16,
      restartCount: 1,
    });
    expect(llm).toMatchObject({
      kind: 'inference',
      state: 'running',
      gpusRequested: 2,
      replicas: 1,
      desiredReplicas: 2,
    });
  });

  it('says where each GPU pod holds GPUs, for the job it belongs to', async () => {
    populate();
    const { claims } = await source().read();
    expect(claims.map((c) => [c.pod, c.jobExternalId, c.hostname, c.count])).toEqual([
      ['research/pretrain-7b-0', 'research/pretrain-7b', 'gpu-a-01', 8],
      ['research/pretrain-7b-1', 'research/pretrain-7b', 'gpu-a-02', 8],
      ['serving/llm-api-5d8f7c9b6-abcde', 'serving/llm-api', 'gpu-a-01', 1],
      ['tuning/ft-chat-master-0', 'tuning/ft-chat', 'gpu-s-01', 8],
    ]);
  });

  it('reads a JobSet as one job of all its Jobs’ pods, a TFJob, and a GPU StatefulSet as a service', async () => {
    api.add('nodes', gpuNode('gpu-a-01'));
    api.add('nodes', gpuNode('gpu-a-02'));
    const set = api.add('jobsets', jobSet('research', 'llm-70b', { jobs: 2, podsPerJob: 1, restarts: 1 }));
    api.add('pods', gpuPod('research', 'llm-70b-workers-0-0', { node: 'gpu-a-01', owner: set }));
    api.add('pods', gpuPod('research', 'llm-70b-workers-1-0', { node: 'gpu-a-02', owner: set }));
    // The JobSet's child Job is not a job of its own.
    api.add('jobs', {
      ...batchJob('research', 'llm-70b-workers-0'),
      metadata: {
        name: 'llm-70b-workers-0',
        namespace: 'research',
        ownerReferences: [
          { apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: 'llm-70b', uid: 'u', controller: true },
        ],
      },
    });
    api.add('tfjobs', {
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      metadata: { name: 'tf-ranker', namespace: 'ads' },
      spec: { tfReplicaSpecs: { Worker: { replicas: 2, template: gpuPod('ads', 'x', { node: '', gpus: 4 }) } } },
      status: { conditions: [{ type: 'Running', status: 'True' }] },
    });
    const vllm = api.add('statefulsets', statefulSet('serving', 'vllm', { replicas: 1, gpusPerPod: 2 }));
    api.add('pods', gpuPod('serving', 'vllm-0', { node: 'gpu-a-01', owner: vllm, gpus: 2 }));

    const { jobs, claims } = await source().read();
    expect(jobs.map((j) => [j.externalId, j.kind, j.state, j.gpusRequested, j.restartCount])).toEqual([
      ['research/llm-70b', 'training', 'running', 16, 1],
      ['ads/tf-ranker', 'training', 'running', 8, 0],
      ['serving/vllm', 'inference', 'running', 2, 0],
    ]);
    expect(claims.map((c) => [c.pod, c.jobExternalId, c.hostname, c.count])).toEqual([
      ['research/llm-70b-workers-0-0', 'research/llm-70b', 'gpu-a-01', 8],
      ['research/llm-70b-workers-1-0', 'research/llm-70b', 'gpu-a-02', 8],
      ['serving/vllm-0', 'serving/vllm', 'gpu-a-01', 2],
    ]);
  });

  it('reads a cluster without the Kubeflow training operator, whose API group answers 404', async () => {
    await api.close();
    api = await FakeKubernetesApi.start({ customResources: false });
    populateWithoutPyTorch();
    const { jobs } = await source().read();
    expect(jobs.map((j) => j.externalId)).toEqual(['research/pretrain-7b']);
    const crd = api.requestsTo('GET', /pytorchjobs/)[0];
    expect(crd.status).toBe(404);
    expect(crd.responseBody).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
  });

  it('reads large collections page by page with limit and continue', async () => {
    for (let i = 0; i < 1203; i++)
      api.add('pods', gpuPod('batch', `p-${String(i).padStart(4, '0')}`, { node: 'gpu-a-01', gpus: 0 }));
    api.add('nodes', gpuNode('gpu-a-01'));
    await source().read();
    const pages = api.requestsTo('GET', /^\/api\/v1\/pods$/).filter((r) => !r.query.watch);
    expect(pages.map((r) => [r.query.limit, Boolean(r.query.continue)])).toEqual([
      ['500', false],
      ['500', true],
      ['500', true],
    ]);
    expect((pages[2].responseBody as { items: unknown[] }).items).toHaveLength(203);
  });

  it('fails with an unauthorized SourceError naming the token when the token is wrong', async () => {
    populate();
    const error = await source('wrong-token')
      .read()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ reason: 'unauthorized' });
    expect((error as Error).message).toMatch(/401 Unauthorized.*KUBERNETES_TOKEN/);
    expect(api.requests[0].responseBody).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('fails with an unreachable SourceError when nothing listens at the URL', async () => {
    const gone = await FakeKubernetesApi.start();
    await gone.close();
    const apis = createKubernetesApis({
      mode: 'url',
      server: gone.url,
      token: 't',
      caFile: null,
      insecureSkipTlsVerify: false,
    });
    const error = await new KubernetesSource(apis, { clusterName: 'x' }).read().catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unreachable' });
    expect((error as Error).message).toMatch(/cannot reach the Kubernetes API.*ECONNREFUSED/);
  });
});

function populateWithoutPyTorch() {
  api.add('nodes', gpuNode('gpu-a-01'));
  const train = api.add('jobs', batchJob('research', 'pretrain-7b'));
  api.add('pods', gpuPod('research', 'pretrain-7b-0', { node: 'gpu-a-01', owner: train }));
}
