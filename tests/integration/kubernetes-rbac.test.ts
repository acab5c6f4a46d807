// The RBAC the documentation asks for (docs/examples/kubernetes-rbac.yaml) is what the console needs, no less: the
// fake API server refuses, as the real authorizer does, every request its ClusterRoles do not grant, and the
// Kubernetes source and every executor operation run under them without one refusal; under the read role alone,
// the source still reads and an action is refused with the API server's words.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KubernetesExecutor } from '@/lib/executors/kubernetes';
import { createKubernetesApis, KubernetesSource } from '@/lib/sources/kubernetes';
import {
  batchJob,
  deployment,
  FakeKubernetesApi,
  gpuNode,
  gpuPod,
  jobSet,
  pytorchJob,
  statefulSet,
} from '../fakes/kubernetes-api';
import type { PolicyRule } from '../fakes/kubernetes/server';

const MANIFEST = path.resolve(import.meta.dirname, '../../docs/examples/kubernetes-rbac.yaml');

/** The rules of each ClusterRole of the manifest, by name. */
function clusterRoles(): Map<string, PolicyRule[]> {
  const roles = new Map<string, PolicyRule[]>();
  for (const document of parseAllDocuments(readFileSync(MANIFEST, 'utf8'))) {
    const object = document.toJS() as { kind: string; metadata: { name: string }; rules?: PolicyRule[] };
    if (object.kind === 'ClusterRole') roles.set(object.metadata.name, object.rules ?? []);
  }
  return roles;
}

let api: FakeKubernetesApi;

async function cluster(rules: PolicyRule[]) {
  api = await FakeKubernetesApi.start({ rules });
  api.add('nodes', gpuNode('gpu-01'));
  api.add('nodes', gpuNode('gpu-02'));
  const train = api.add('jobs', batchJob('ml', 'train'));
  api.add('pods', gpuPod('ml', 'train-0', { node: 'gpu-01', owner: train }));
  const ft = api.add('pytorchjobs', pytorchJob('ml', 'ft'));
  api.add('pods', gpuPod('ml', 'ft-master-0', { node: 'gpu-02', owner: ft }));
  api.add('jobsets', jobSet('ml', 'llm', { completed: true }));
  api.add('deployments', deployment('serving', 'llm-api', { replicas: 1 }));
  api.add('statefulsets', statefulSet('serving', 'vllm', { replicas: 1 }));
  const connection = {
    mode: 'url' as const,
    server: api.url,
    token: api.token,
    caFile: null,
    insecureSkipTlsVerify: false,
  };
  const apis = createKubernetesApis(connection);
  return {
    source: new KubernetesSource(apis, { clusterName: 'rbac' }),
    executor: new KubernetesExecutor(apis, { drainTimeoutMs: 5_000, backoff: { initialMs: 20, maxMs: 100 } }),
  };
}

const job = (externalId: string) => ({ externalId, name: externalId.split('/')[1] });

afterEach(async () => {
  await api?.close();
});

describe('the RBAC of docs/examples/kubernetes-rbac.yaml', () => {
  it('grants what the Kubernetes source reads and every operation of the executor, and nothing is refused', async () => {
    const roles = clusterRoles();
    expect([...roles.keys()]).toEqual(['fleet-console-read', 'fleet-console-act']);
    const { source, executor } = await cluster([
      ...roles.get('fleet-console-read')!,
      ...roles.get('fleet-console-act')!,
    ]);

    const snapshot = await source.read();
    expect(snapshot.jobs.map((j) => j.externalId).sort()).toEqual([
      'ml/ft',
      'ml/llm',
      'ml/train',
      'serving/llm-api',
      'serving/vllm',
    ]);
    const results = [
      await executor.cordonNode('gpu-02', 'ECC errors'),
      await executor.uncordonNode('gpu-02'),
      await executor.drainNode('gpu-01', 'maintenance'),
      await executor.restartJob(job('ml/train')),
      await executor.restartJob(job('ml/ft')),
      await executor.restartJob(job('ml/llm')),
      await executor.restartJob(job('serving/llm-api')),
      await executor.scaleService(job('serving/llm-api'), 2),
      await executor.scaleService(job('serving/vllm'), 2),
      await executor.cancelJob(job('ml/train')),
    ];
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(api.requests.filter((request) => request.status === 403)).toEqual([]);
  });

  it('lets the read role alone read the cluster, and the API server refuses an action in its own words', async () => {
    const { source, executor } = await cluster(clusterRoles().get('fleet-console-read')!);
    expect((await source.read()).nodes).toHaveLength(2);
    const result = await executor.cordonNode('gpu-01', 'ECC errors');
    expect(result).toEqual({
      ok: false,
      message:
        'Cordon of gpu-01 failed: nodes "gpu-01" is forbidden: User "system:serviceaccount:fleet-console:fleet-console" ' +
        'cannot patch resource "nodes" in API group "" at the cluster scope (403 Forbidden)',
    });
    expect(api.get('nodes', undefined, 'gpu-01')!.spec?.unschedulable).toBeUndefined();
  });
});
