import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubernetesExecutor } from '@/lib/executors/kubernetes';
import { createKubernetesApis } from '@/lib/sources/kubernetes';
import {
  batchJob,
  deployment,
  disruptionBudget,
  FakeKubernetesApi,
  gpuNode,
  gpuPod,
  jobSet,
  pytorchJob,
  statefulSet,
  type KubeObject,
} from '../fakes/kubernetes-api';

let api: FakeKubernetesApi;

function executor(options: { token?: string; drainTimeoutMs?: number } = {}) {
  const apis = createKubernetesApis({
    mode: 'url',
    server: api.url,
    token: options.token ?? api.token,
    caFile: null,
    insecureSkipTlsVerify: false,
  });
  return new KubernetesExecutor(apis, {
    drainTimeoutMs: options.drainTimeoutMs ?? 2_000,
    backoff: { initialMs: 20, maxMs: 80 },
  });
}

const job = (externalId: string) => ({ externalId, name: externalId.split('/')[1] });

/** A serving pod on gpu-01 under a PodDisruptionBudget that allows no disruption (2 healthy of 2 desired). */
function addGuardedLlmPod() {
  api.add('pods', gpuPod('serving', 'llm-0', { node: 'gpu-01', labels: { app: 'llm' } }));
  api.add(
    'poddisruptionbudgets',
    disruptionBudget('serving', 'llm-pdb', {
      matchLabels: { app: 'llm' },
      disruptionsAllowed: 0,
      desiredHealthy: 2,
      currentHealthy: 2,
    }),
  );
}

beforeEach(async () => {
  api = await FakeKubernetesApi.start();
  api.add('nodes', gpuNode('gpu-01'));
});

afterEach(async () => {
  await api.close();
});

describe('Kubernetes executor: nodes', () => {
  it('cordons by merge-patching spec.unschedulable and records why and since when', async () => {
    const result = await executor().cordonNode('gpu-01', 'XID 79 on GPU 3');
    expect(result).toEqual({ ok: true, message: 'Cordoned gpu-01' });
    const [patch] = api.requestsTo('PATCH', /^\/api\/v1\/nodes\/gpu-01$/);
    expect(patch.contentType).toBe('application/merge-patch+json');
    expect(patch.body).toMatchObject({
      spec: { unschedulable: true },
      metadata: { annotations: { 'fleet.io/cordon-reason': 'XID 79 on GPU 3' } },
    });
    const node = api.get('nodes', undefined, 'gpu-01')!;
    expect(node.spec?.unschedulable).toBe(true);
    expect(Date.parse(node.metadata.annotations!['fleet.io/cordoned-at'])).not.toBeNaN();
  });

  it('uncordons by setting spec.unschedulable to false and removing the cordon annotations', async () => {
    await executor().cordonNode('gpu-01', 'maintenance');
    const result = await executor().uncordonNode('gpu-01');
    expect(result.ok).toBe(true);
    const node = api.get('nodes', undefined, 'gpu-01')!;
    expect(node.spec?.unschedulable).toBe(false);
    expect(node.metadata.annotations ?? {}).toEqual({});
  });

  it("quotes the API's Status message when the node does not exist", async () => {
    const result = await executor().cordonNode('gpu-99', 'test');
    expect(result).toEqual({ ok: false, message: 'Cordon of gpu-99 failed: nodes "gpu-99" not found (404 NotFound)' });
  });

  it('drains by cordoning and evicting every pod but DaemonSet and mirror pods through the Eviction API', async () => {
    const train = api.add('jobs', batchJob('ml', 'train'));
    api.add('pods', gpuPod('ml', 'train-0', { node: 'gpu-01', owner: train }));
    api.add('pods', gpuPod('serving', 'web-1', { node: 'gpu-01', gpus: 0 }));
    api.add('pods', gpuPod('monitoring', 'dcgm-exporter-abc', { node: 'gpu-01', gpus: 0, daemonSet: true }));
    api.add('pods', gpuPod('kube-system', 'etcd-gpu-01', { node: 'gpu-01', gpus: 0, mirror: true }));
    api.add('pods', gpuPod('ml', 'elsewhere', { node: 'gpu-02' }));

    const result = await executor().drainNode('gpu-01', 'fatal XID');
    expect(result).toEqual({
      ok: true,
      message: 'Drained gpu-01: cordoned, evicted 2 pod(s): ml/train-0, serving/web-1',
    });
    const list = api.requestsTo('GET', /^\/api\/v1\/pods$/)[0];
    expect(list.query.fieldSelector).toBe('spec.nodeName=gpu-01');
    const evictions = api.requestsTo('POST', /\/eviction$/);
    expect(evictions.map((r) => r.path)).toEqual([
      '/api/v1/namespaces/ml/pods/train-0/eviction',
      '/api/v1/namespaces/serving/pods/web-1/eviction',
    ]);
    expect(evictions[0].body).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'train-0', namespace: 'ml' },
    });
    expect(
      api
        .all('pods')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['dcgm-exporter-abc', 'elsewhere', 'etcd-gpu-01']);
    expect(api.get('nodes', undefined, 'gpu-01')!.spec?.unschedulable).toBe(true);
  });

  it('retries an eviction a PodDisruptionBudget refused (429) and succeeds once the budget allows it', async () => {
    addGuardedLlmPod();
    // The replacement pod becomes ready elsewhere after the first refusal, so the budget allows one disruption.
    api.onRequest = (request) => {
      if (request.status === 429) {
        api.update('poddisruptionbudgets', 'serving', 'llm-pdb', (pdb) => {
          pdb.status = { ...pdb.status, disruptionsAllowed: 1, currentHealthy: 3 };
        });
      }
    };
    const result = await executor().drainNode('gpu-01', 'maintenance');
    expect(result.ok).toBe(true);
    const evictions = api.requestsTo('POST', /\/pods\/llm-0\/eviction$/);
    expect(evictions.map((r) => r.status)).toEqual([429, 201]);
    expect(evictions[0].responseBody).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'TooManyRequests',
      code: 429,
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget llm-pdb needs 2 healthy pods and has 2 currently',
          },
        ],
      },
    });
    expect(api.get('poddisruptionbudgets', 'serving', 'llm-pdb')!.status).toMatchObject({ disruptionsAllowed: 0 });
  });

  it('fails at the deadline naming the pods a PodDisruptionBudget kept, after evicting the others', async () => {
    addGuardedLlmPod();
    api.add('pods', gpuPod('ml', 'eval-0', { node: 'gpu-01' }));
    // A drain that ignored its deadline would retry the guarded pod until the test's own timeout fails it.
    const result = await executor({ drainTimeoutMs: 300 }).drainNode('gpu-01', 'maintenance');
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      'Drain of gpu-01 timed out after 0.3 s: evicted 1 pod(s); 1 kept by a PodDisruptionBudget: ' +
        'serving/llm-0 (The disruption budget llm-pdb needs 2 healthy pods and has 2 currently)',
    );
    expect(api.requestsTo('POST', /\/pods\/llm-0\/eviction$/).length).toBeGreaterThan(1);
    expect(api.get('pods', 'ml', 'eval-0')).toBeUndefined();
    expect(api.get('pods', 'serving', 'llm-0')).toBeDefined();
  });

  it('answers not ok with what to do instead for a reboot, a replacement or a pool resize, and calls nothing', async () => {
    const k8s = executor();
    for (const result of [
      await k8s.rebootNode('gpu-01', 'fatal XID'),
      await k8s.replaceNode('gpu-01', 'fatal XID'),
      await k8s.scalePool('h100-reserved', 40),
    ]) {
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/ is not supported by the Kubernetes executor: \w+/);
    }
    expect(api.requests).toEqual([]);
  });

  it('says the credentials were rejected when the token is wrong', async () => {
    const result = await executor({ token: 'stale' }).cordonNode('gpu-01', 'x');
    expect(result).toEqual({
      ok: false,
      message:
        'Cordon of gpu-01 failed: the Kubernetes API rejected the credentials (401 Unauthorized); check KUBERNETES_TOKEN',
    });
    expect(api.get('nodes', undefined, 'gpu-01')!.spec?.unschedulable).toBeUndefined();
  });
});

describe('Kubernetes executor: jobs and services', () => {
  function trainingJob(): KubeObject {
    const train = api.add(
      'jobs',
      batchJob('ml', 'train', {
        parallelism: 2,
        labels: { 'fleet.io/team': 'nlp' },
        status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] },
      }),
    );
    api.add('pods', gpuPod('ml', 'train-0', { node: 'gpu-01', owner: train, phase: 'Failed' }));
    api.add('pods', gpuPod('ml', 'train-1', { node: 'gpu-01', owner: train, phase: 'Failed' }));
    return train;
  }

  it('restarts a batch Job by deleting it in the background and creating it again without the generated selector', async () => {
    const old = trainingJob();
    const result = await executor().restartJob(job('ml/train'));
    expect(result).toEqual({
      ok: true,
      message: 'Restarted Job ml/train: deleted it with its pods and created it again from its spec',
    });
    const [del] = api.requestsTo('DELETE', /^\/apis\/batch\/v1\/namespaces\/ml\/jobs\/train$/);
    expect(del.query.propagationPolicy).toBe('Background');
    const [create] = api.requestsTo('POST', /^\/apis\/batch\/v1\/namespaces\/ml\/jobs$/);
    expect(create.status).toBe(201);
    const sent = create.body as KubeObject & {
      spec: { selector?: unknown; template: { metadata: { labels?: object } } };
    };
    expect(sent.spec.selector).toBeUndefined();
    expect(sent.spec.template.metadata.labels ?? {}).toEqual({});
    // The restarts so far (none: its one failure ended it) and this one ride on the new Job, so the count rises.
    expect(sent.metadata).toEqual({
      name: 'train',
      namespace: 'ml',
      labels: { 'fleet.io/team': 'nlp' },
      annotations: { 'fleet.io/restarts': '1' },
    });
    expect(sent).not.toHaveProperty('status');
    const recreated = api.get('jobs', 'ml', 'train')!;
    expect(recreated.metadata.uid).not.toBe(old.metadata.uid);
    expect(recreated.spec?.parallelism).toBe(2);
    expect(recreated.spec?.selector).toEqual({
      matchLabels: { 'batch.kubernetes.io/controller-uid': recreated.metadata.uid },
    });
    expect(api.all('pods')).toEqual([]);
  });

  it('restarts a running PyTorchJob by deleting its pods, which the training operator recreates', async () => {
    const ft = api.add('pytorchjobs', pytorchJob('tuning', 'ft', { workers: 1 }));
    api.add('pods', gpuPod('tuning', 'ft-master-0', { node: 'gpu-01', owner: ft }));
    api.add('pods', gpuPod('tuning', 'ft-worker-0', { node: 'gpu-01', owner: ft }));
    const result = await executor().restartJob(job('tuning/ft'));
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/deleted its 2 pod\(s\); the training operator recreates them/);
    const list = api.requestsTo('GET', /^\/api\/v1\/namespaces\/tuning\/pods$/)[0];
    expect(list.query.labelSelector).toBe('training.kubeflow.org/job-name=ft');
    expect(api.requestsTo('DELETE', /\/pods\//).map((r) => r.path)).toEqual([
      '/api/v1/namespaces/tuning/pods/ft-master-0',
      '/api/v1/namespaces/tuning/pods/ft-worker-0',
    ]);
    const same = api.get('pytorchjobs', 'tuning', 'ft')!;
    expect(same.metadata.uid).toBe(ft.metadata.uid);
    expect(same.metadata.annotations).toEqual({ 'fleet.io/restarts': '1' });
  });

  it('restarts a failed PyTorchJob by creating it again, since its operator will not start it anew', async () => {
    const ft = api.add(
      'pytorchjobs',
      pytorchJob('tuning', 'ft', {
        conditions: [
          ['Created', 'True'],
          ['Failed', 'True'],
        ],
      }),
    );
    const result = await executor().restartJob(job('tuning/ft'));
    expect(result.ok).toBe(true);
    const again = api.get('pytorchjobs', 'tuning', 'ft')!;
    expect(again.metadata.uid).not.toBe(ft.metadata.uid);
    expect(again.spec).toEqual(ft.spec);
    expect(api.requestsTo('POST', /pytorchjobs$/)[0].body).not.toHaveProperty('status');
  });

  it('restarts an inference Deployment the way kubectl rollout restart does', async () => {
    api.add('deployments', deployment('serving', 'llm'));
    const result = await executor().restartJob(job('serving/llm'));
    expect(result.ok).toBe(true);
    const annotations = api.get('deployments', 'serving', 'llm')!.spec as {
      template: { metadata: { annotations: Record<string, string> } };
    };
    expect(Date.parse(annotations.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'])).not.toBeNaN();
    expect(api.get('deployments', 'serving', 'llm')!.metadata.annotations).toEqual({ 'fleet.io/restarts': '1' });
  });

  it('restarts a JobSet by creating it again with its restarts so far, and rolls a StatefulSet', async () => {
    const set = api.add('jobsets', jobSet('research', 'llm', { restarts: 2 }));
    api.add('pods', gpuPod('research', 'llm-workers-0-0', { node: 'gpu-01', owner: set, restarts: 1 }));
    expect(await executor().restartJob(job('research/llm'))).toEqual({
      ok: true,
      message: 'Restarted JobSet research/llm: deleted it with its pods and created it again',
    });
    const again = api.get('jobsets', 'research', 'llm')!;
    expect(again.metadata.uid).not.toBe(set.metadata.uid);
    // 2 restarts of the JobSet controller's, 1 container restart, and this one.
    expect(again.metadata.annotations).toEqual({ 'fleet.io/restarts': '4' });

    api.add('statefulsets', statefulSet('serving', 'vllm'));
    expect((await executor().restartJob(job('serving/vllm'))).message).toBe(
      'Restarting StatefulSet serving/vllm: its pods are replaced one by one',
    );
    expect((await executor().scaleService(job('serving/vllm'), 3)).message).toBe(
      'Scaled StatefulSet serving/vllm from 2 to 3 replicas',
    );
    expect(api.get('statefulsets', 'serving', 'vllm')!.spec?.replicas).toBe(3);
  });

  it('cancels a Job by deleting it with its pods', async () => {
    trainingJob();
    const result = await executor().cancelJob(job('ml/train'));
    expect(result).toEqual({ ok: true, message: 'Cancelled Job ml/train: deleted it and its pods' });
    expect(api.get('jobs', 'ml', 'train')).toBeUndefined();
    expect(api.all('pods')).toEqual([]);
  });

  it('cancels a PyTorchJob by deleting it', async () => {
    api.add('pytorchjobs', pytorchJob('tuning', 'ft'));
    expect((await executor().cancelJob(job('tuning/ft'))).ok).toBe(true);
    expect(api.get('pytorchjobs', 'tuning', 'ft')).toBeUndefined();
  });

  it('says which job it could not find, looking past a cluster without the Kubeflow API group', async () => {
    await api.close();
    api = await FakeKubernetesApi.start({ customResources: false });
    const result = await executor().restartJob(job('ml/ghost'));
    expect(result).toEqual({
      ok: false,
      message: 'No Job, JobSet, training job (PyTorchJob, TFJob, MPIJob…), Deployment or StatefulSet named ml/ghost',
    });
    // A Job, a JobSet, six training kinds (MPIJob at two versions), a Deployment, a StatefulSet.
    expect(api.requests.map((r) => r.status)).toEqual(Array(11).fill(404));
  });

  it('scales a Deployment through its scale subresource', async () => {
    api.add('deployments', deployment('serving', 'llm', { replicas: 2 }));
    const result = await executor().scaleService({ externalId: 'serving/llm', name: 'llm' }, 5);
    expect(result).toEqual({ ok: true, message: 'Scaled Deployment serving/llm from 2 to 5 replicas' });
    const [read] = api.requestsTo('GET', /\/deployments\/llm\/scale$/);
    expect(read.responseBody).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { selector: 'app=llm' },
    });
    const [patch] = api.requestsTo('PATCH', /^\/apis\/apps\/v1\/namespaces\/serving\/deployments\/llm\/scale$/);
    expect(patch.contentType).toBe('application/merge-patch+json');
    expect(patch.body).toEqual({ spec: { replicas: 5 } });
    expect(api.get('deployments', 'serving', 'llm')!.spec?.replicas).toBe(5);
  });

  it('refuses a negative replica count without calling the API', async () => {
    const result = await executor().scaleService({ externalId: 'serving/llm', name: 'llm' }, -1);
    expect(result.ok).toBe(false);
    expect(api.requests).toEqual([]);
  });
});
