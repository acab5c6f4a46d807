// The fake Kubernetes API server held to the real client: Debian's kubectl (package kubernetes-client; .ci/run
// installs it) lists, cordons, uncordons and drains through it, over TLS with a bearer token, as it would against a
// real API server. What kubectl changes, the console's own Kubernetes source then reads back.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesApis, KubernetesSource } from '@/lib/sources/kubernetes';
import {
  batchJob,
  dcgmExporterDaemonSet,
  deployment,
  disruptionBudget,
  FakeKubernetesApi,
  gpuNode,
  gpuPod,
} from '../fakes/kubernetes-api';
import { failWhenMissing, notInstalled } from './installed';

const KUBECTL = process.env.KUBECTL_BIN ?? '/usr/bin/kubectl';

const NOT_INSTALLED = notInstalled({
  name: 'kubectl',
  bin: KUBECTL,
  debianPackage: 'kubernetes-client',
  variable: 'KUBECTL_BIN',
});

failWhenMissing('the fake Kubernetes API server', NOT_INSTALLED);

describe.skipIf(NOT_INSTALLED)('Debian’s kubectl against the fake Kubernetes API server', () => {
  let api: FakeKubernetesApi;
  let home: string;
  /** kubectl's environment: its config and cache under a scratch home, nothing of the machine's. */
  const kubectlEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    HOME: home,
    KUBECONFIG: path.join(home, 'kubeconfig'),
  });

  /** Runs kubectl with a kubeconfig naming the fake, its certificate and the token; resolves with its output. */
  function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(KUBECTL, args, { env: kubectlEnv(), timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  const source = () =>
    new KubernetesSource(
      createKubernetesApis({
        mode: 'url',
        server: api.url,
        token: api.token,
        caFile: api.caFile,
        insecureSkipTlsVerify: false,
      }),
      { clusterName: 'kubectl-test' },
    );

  beforeAll(async () => {
    api = await FakeKubernetesApi.start({ tls: true });
    home = mkdtempSync(path.join(os.tmpdir(), 'fleet-kubectl-'));
    writeFileSync(
      path.join(home, 'kubeconfig'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        `  cluster: {server: "${api.url}", certificate-authority: "${api.caFile}"}`,
        'users:',
        '- name: fleet',
        `  user: {token: "${api.token}"}`,
        'contexts:',
        '- name: fake',
        '  context: {cluster: fake, user: fleet}',
        'current-context: fake',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await api?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const plural of ['nodes', 'pods', 'jobs', 'deployments', 'daemonsets', 'poddisruptionbudgets'] as const) {
      for (const object of api.all(plural)) api.delete(plural, object.metadata.namespace, object.metadata.name);
    }
    api.add('nodes', gpuNode('gpu-01'));
    api.add('nodes', gpuNode('gpu-02'));
    const train = api.add('jobs', batchJob('ml', 'train', { parallelism: 2 }));
    api.add('pods', gpuPod('ml', 'train-0', { node: 'gpu-01', owner: train, restarts: 1 }));
    api.add('pods', gpuPod('ml', 'train-1', { node: 'gpu-01', owner: train }));
    api.add('daemonsets', dcgmExporterDaemonSet('gpu-operator'));
    api.add('pods', gpuPod('gpu-operator', 'dcgm-exporter-x', { node: 'gpu-01', gpus: 0, daemonSet: true }));
    api.requests.length = 0;
  });

  it('gets nodes, pods and jobs, printed from the server’s Table answers', async () => {
    const { code, stdout, stderr } = await kubectl('get', 'nodes,pods,jobs', '--all-namespaces');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.trim().split(/\s+/));
    expect(rows.filter((row) => row[0].startsWith('node/')).map((row) => row.slice(0, 3))).toEqual([
      ['node/gpu-01', 'Ready', '<none>'],
      ['node/gpu-02', 'Ready', '<none>'],
    ]);
    expect(rows.filter((row) => row[1]?.startsWith('pod/')).map((row) => row.slice(0, 5))).toEqual([
      ['gpu-operator', 'pod/dcgm-exporter-x', '1/1', 'Running', '0'],
      ['ml', 'pod/train-0', '1/1', 'Running', '1'],
      ['ml', 'pod/train-1', '1/1', 'Running', '0'],
    ]);
    expect(rows.filter((row) => row[1]?.startsWith('job')).map((row) => row.slice(0, 4))).toEqual([
      ['ml', 'job.batch/train', 'Running', '0/2'],
    ]);
    // Discovery first, then each list asked for as a Table, in pages.
    expect(api.requests.some((r) => r.path === '/api' && r.status === 200)).toBe(true);
    const lists = api.requests.filter((r) => /^\/api(s\/batch)?\/v1\/(nodes|pods|jobs)$/.test(r.path));
    expect(lists.map((r) => [r.path, r.query.limit, r.accept?.startsWith('application/json;as=Table')])).toEqual([
      ['/api/v1/nodes', '500', true],
      ['/api/v1/pods', '500', true],
      ['/apis/batch/v1/jobs', '500', true],
    ]);
  });

  it('cordons and uncordons a node with strategic merge patches, and the source reads each state back', async () => {
    const cordon = await kubectl('cordon', 'gpu-02');
    expect([cordon.code, cordon.stdout.trim()]).toEqual([0, 'node/gpu-02 cordoned']);
    const [sent] = api.requestsTo('PATCH', /^\/api\/v1\/nodes\/gpu-02$/);
    expect([sent.contentType, sent.body]).toEqual([
      'application/strategic-merge-patch+json',
      { spec: { unschedulable: true } },
    ]);
    expect(api.get('nodes', undefined, 'gpu-02')!.spec?.unschedulable).toBe(true);
    const listed = await kubectl('get', 'node', 'gpu-02', '--no-headers');
    expect(listed.stdout).toMatch(/^gpu-02\s+Ready,SchedulingDisabled\s/);
    expect((await source().read()).nodes.find((node) => node.hostname === 'gpu-02')).toMatchObject({
      state: 'cordoned',
      reason: 'cordoned (spec.unschedulable)',
    });

    const uncordon = await kubectl('uncordon', 'gpu-02');
    expect([uncordon.code, uncordon.stdout.trim()]).toEqual([0, 'node/gpu-02 uncordoned']);
    expect(api.get('nodes', undefined, 'gpu-02')!.spec?.unschedulable).toBeUndefined();
    expect((await source().read()).nodes.find((node) => node.hostname === 'gpu-02')!.state).toBe('ready');
  });

  it('drains a node, leaving its DaemonSet pod and evicting the rest through the Eviction API', async () => {
    const { code, stdout, stderr } = await kubectl('drain', 'gpu-01', '--ignore-daemonsets', '--timeout=60s');
    expect(code).toBe(0);
    // kubectl 1.20 (Debian 12's) writes WARNING, later ones Warning.
    expect(stderr).toMatch(/warning: ignoring DaemonSet-managed Pods: gpu-operator\/dcgm-exporter-x/i);
    expect(stdout).toContain('pod/train-0 evicted');
    expect(stdout).toContain('pod/train-1 evicted');
    // Its last line: "drained" (kubectl 1.21 and later) or "evicted" (1.20, Debian 12's).
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^node\/gpu-01 (drained|evicted)$/);
    // kubectl looked the DaemonSet up before leaving its pod, and evicted the others through the subresource
    // (policy/v1 Evictions; kubectl 1.20 sends policy/v1beta1 ones, which the API server takes as well).
    expect(api.requestsTo('GET', /\/daemonsets\/dcgm-exporter$/).map((r) => r.status)).toEqual([200]);
    const evictions = api.requestsTo('POST', /\/eviction$/);
    expect(evictions.map((r) => r.status)).toEqual([201, 201]);
    for (const eviction of evictions) {
      expect(eviction.body).toMatchObject({
        kind: 'Eviction',
        apiVersion: expect.stringMatching(/^policy\/v1(beta1)?$/),
      });
    }
    expect(api.all('pods').map((pod) => pod.metadata.name)).toEqual(['dcgm-exporter-x']);
    const snapshot = await source().read();
    expect(snapshot.nodes.find((node) => node.hostname === 'gpu-01')!.state).toBe('cordoned');
    expect(snapshot.claims).toEqual([]);
  });

  it('gives up draining a node while a PodDisruptionBudget refuses the eviction (429), as kubectl does', async () => {
    const llm = api.add('deployments', deployment('serving', 'llm', { replicas: 1 }));
    api.add('pods', gpuPod('serving', 'llm-5d8f7c9b6-a', { node: 'gpu-02', owner: llm, gpus: 1 }));
    api.add(
      'poddisruptionbudgets',
      disruptionBudget('serving', 'llm', { matchLabels: { app: 'llm' }, disruptionsAllowed: 0 }),
    );
    const { code, stderr } = await kubectl('drain', 'gpu-02', '--ignore-daemonsets', '--timeout=2s');
    expect(code).not.toBe(0);
    expect(stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(stderr).toContain('unable to drain node "gpu-02"');
    expect(api.get('pods', 'serving', 'llm-5d8f7c9b6-a')).toBeDefined();
    expect(api.requestsTo('POST', /\/eviction$/).every((r) => r.status === 429)).toBe(true);
  });

  it('watches pods, seeing a pod that changes and one that is deleted after the watch began', async () => {
    const watcher = spawn(KUBECTL, ['get', 'pods', '-n', 'ml', '--watch', '--output-watch-events', '--no-headers'], {
      env: kubectlEnv(),
    });
    let out = '';
    const seen = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`kubectl --watch printed no ${pattern} in 30 s: ${out}`)),
          30_000,
        );
        const check = () => {
          if (!pattern.test(out)) return;
          clearTimeout(timer);
          watcher.stdout.off('data', onData);
          resolve();
        };
        const onData = (chunk: Buffer) => {
          out += chunk.toString();
          check();
        };
        watcher.stdout.on('data', onData);
        check();
      });
    try {
      await seen(/ADDED\s+train-1\s/);
      api.update('pods', 'ml', 'train-1', (pod) => (pod.status = { ...pod.status, phase: 'Failed' }));
      await seen(/MODIFIED\s+train-1\s.*Failed/);
      api.delete('pods', 'ml', 'train-1');
      await seen(/DELETED\s+train-1\s/);
    } finally {
      watcher.kill();
    }
    expect(api.requests.some((r) => r.path === '/api/v1/namespaces/ml/pods' && r.query.watch === 'true')).toBe(true);
  });

  it('refuses kubectl without the token, with the Status the real server answers', async () => {
    const { code, stderr } = await kubectl('--token=wrong', 'get', 'nodes');
    expect(code).not.toBe(0);
    expect(stderr).toContain('You must be logged in to the server');
  });
});
