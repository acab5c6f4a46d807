// Watches as the API server answers them, and the Kubernetes source's list-and-watch cache on top: after its first
// read the source lists nothing more, follows each change through a watch, and lists again whenever a watch is
// refused as too old (410), breaks or is not allowed, saying so in its watch health meanwhile.
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKubernetesApis, KubernetesSource, watchWarning } from '@/lib/sources/kubernetes';
import { batchJob, FakeKubernetesApi, gpuNode, gpuPod, type KubeObject } from '../fakes/kubernetes-api';

let api: FakeKubernetesApi;
let sources: KubernetesSource[] = [];

const WAIT = { timeout: 20_000, interval: 50 };

function source(options: { watchSeconds?: number } = {}) {
  const apis = createKubernetesApis({
    mode: 'url',
    server: api.url,
    token: api.token,
    caFile: null,
    insecureSkipTlsVerify: false,
  });
  const made = new KubernetesSource(apis, { clusterName: 'watched', ...options });
  sources.push(made);
  return made;
}

function populate() {
  api.add('nodes', gpuNode('gpu-01'));
  api.add('nodes', gpuNode('gpu-02'));
  const train = api.add('jobs', batchJob('ml', 'train', { parallelism: 2 }));
  api.add('pods', gpuPod('ml', 'train-0', { node: 'gpu-01', owner: train }));
  api.add('pods', gpuPod('ml', 'train-1', { node: 'gpu-02', owner: train }));
}

/**
 * Whether a watch follows every collection the source has read: the core ones, and the operators' kinds the fake
 * serves (their watches may begin a moment after the core ones on a busy machine).
 */
const following = (cluster: KubernetesSource) => {
  const health = cluster.watchHealth();
  return (
    health.down.length === 0 &&
    health.starting.length === 0 &&
    ['nodes', 'pods', 'jobs'].every((c) => health.following.includes(c))
  );
};

/** Lists (not watches) made since the request at `from`. */
const listsSince = (from: number) => api.requests.slice(from).filter((r) => r.method === 'GET' && !r.query.watch);

/** Opens a watch with plain HTTP and collects its event lines until it ends. */
function rawWatch(path: string): Promise<{ type: string; object: KubeObject & { code?: number } }[]> {
  return new Promise((resolve, reject) => {
    http
      .get(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () =>
          resolve(
            text
              .split('\n')
              .filter(Boolean)
              .map((line) => JSON.parse(line)),
          ),
        );
      })
      .on('error', reject);
  });
}

beforeEach(async () => {
  api = await FakeKubernetesApi.start({ bookmarkIntervalMs: 200 });
});

afterEach(async () => {
  for (const made of sources) made.close();
  sources = [];
  await api.close();
});

describe('watches on the fake API server, as the API documents them', () => {
  it('sends the changes since a resourceVersion, bookmarks when allowed, and DELETED for a pod that leaves the selector', async () => {
    populate();
    const from = Number(api.get('pods', 'ml', 'train-1')!.metadata.resourceVersion);
    api.update('pods', 'ml', 'train-0', (pod) => (pod.status = { ...pod.status, phase: 'Succeeded' }));
    api.update('pods', 'ml', 'train-1', (pod) => (pod.metadata.labels = { ...pod.metadata.labels, seen: 'yes' }));
    const selector = encodeURIComponent('status.phase!=Succeeded,status.phase!=Failed');
    const events = await rawWatch(
      `/api/v1/pods?watch=1&resourceVersion=${from}&fieldSelector=${selector}&allowWatchBookmarks=true&timeoutSeconds=1`,
    );
    const changes = events.filter((e) => e.type !== 'BOOKMARK');
    // train-0 stopped matching (it succeeded): DELETED, as the API server tells a selective watch.
    expect(changes.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['DELETED', 'train-0'],
      ['MODIFIED', 'train-1'],
    ]);
    const bookmarks = events.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThan(0);
    expect(bookmarks.at(-1)!.object).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { resourceVersion: changes.at(-1)!.object.metadata.resourceVersion },
    });
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    populate();
    const from = api.get('nodes', undefined, 'gpu-01')!.metadata.resourceVersion;
    api.compact();
    const events = await rawWatch(`/api/v1/nodes?watch=true&resourceVersion=${from}`);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
  });
});

describe('the Kubernetes source’s list-and-watch cache', () => {
  it('lists once, then reads every change from its watches without listing again', async () => {
    populate();
    const cluster = source();
    const first = await cluster.read();
    expect(first.nodes.map((n) => [n.hostname, n.state])).toEqual([
      ['gpu-01', 'ready'],
      ['gpu-02', 'ready'],
    ]);
    await vi.waitFor(() => expect(following(cluster)).toBe(true), WAIT);
    const watches = api.requests.filter((r) => r.query.watch);
    expect(watches.map((r) => r.path).sort()).toEqual(
      expect.arrayContaining(['/api/v1/nodes', '/api/v1/pods', '/apis/batch/v1/jobs']),
    );
    // Each watch begins at its list's resourceVersion and asks for bookmarks.
    const nodesList = api.requests.find((r) => r.path === '/api/v1/nodes' && !r.query.watch)!;
    const nodesWatch = watches.find((r) => r.path === '/api/v1/nodes')!;
    expect(nodesWatch.query.resourceVersion).toBe(
      (nodesList.responseBody as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
    );
    expect(nodesWatch.query.allowWatchBookmarks).toBe('true');

    const before = api.requests.length;
    api.update('nodes', undefined, 'gpu-02', (node) => (node.spec = { ...node.spec, unschedulable: true }));
    api.update('pods', 'ml', 'train-1', (pod) => (pod.status = { ...pod.status, phase: 'Failed' }));
    api.add('nodes', gpuNode('gpu-03'));
    await vi.waitFor(async () => {
      const { nodes, claims } = await cluster.read();
      expect(nodes.map((n) => [n.hostname, n.state])).toEqual([
        ['gpu-01', 'ready'],
        ['gpu-02', 'cordoned'],
        ['gpu-03', 'ready'],
      ]);
      // The failed pod holds no GPUs any more: the watch said it left the selector.
      expect(claims.map((c) => c.pod)).toEqual(['ml/train-0']);
    }, WAIT);
    const { nodes } = await cluster.read();
    // Objects from a watch are decoded as the typed lists decode them: times are dates.
    expect(nodes.every((n) => n.since instanceof Date)).toBe(true);
    expect(listsSince(before)).toEqual([]);
  });

  it('lists again after a watch breaks, saying meanwhile that it is down', async () => {
    populate();
    const cluster = source();
    await cluster.read();
    await vi.waitFor(() => expect(following(cluster)).toBe(true), WAIT);
    api.dropWatches();
    await vi.waitFor(() => expect(cluster.watchHealth().down.map((d) => d.collection)).toContain('nodes'), WAIT);
    expect(cluster.watchHealth().down.find((d) => d.collection === 'nodes')!.reason).toMatch(/the watch broke/);
    // A change made while nothing follows: the next read lists, so it is not missed.
    api.update('nodes', undefined, 'gpu-01', (node) => (node.spec = { ...node.spec, unschedulable: true }));
    const before = api.requests.length;
    const { nodes } = await cluster.read();
    expect(nodes.find((n) => n.hostname === 'gpu-01')!.state).toBe('cordoned');
    expect(listsSince(before).map((r) => r.path)).toContain('/api/v1/nodes');
    await vi.waitFor(() => expect(following(cluster)).toBe(true), WAIT);
  });

  it('lists again when a watch is ended as too old (410 Expired)', async () => {
    populate();
    const cluster = source();
    await cluster.read();
    await vi.waitFor(() => expect(following(cluster)).toBe(true), WAIT);
    api.dropWatches('expired');
    await vi.waitFor(() => {
      const nodes = cluster.watchHealth().down.find((d) => d.collection === 'nodes');
      expect(nodes?.reason).toMatch(/410/);
    }, WAIT);
    api.update('nodes', undefined, 'gpu-02', (node) => (node.spec = { ...node.spec, unschedulable: true }));
    const before = api.requests.length;
    const { nodes } = await cluster.read();
    expect(nodes.find((n) => n.hostname === 'gpu-02')!.state).toBe('cordoned');
    expect(listsSince(before).map((r) => r.path)).toContain('/api/v1/nodes');
  });

  it('follows on from where a watch the server ended stopped, missing nothing', async () => {
    populate();
    // The server ends each watch after a second; the next begins at the last version heard (a bookmark's).
    const cluster = source({ watchSeconds: 1 });
    await cluster.read();
    await vi.waitFor(() => expect(following(cluster)).toBe(true), WAIT);
    const before = api.requests.length;
    await vi.waitFor(
      () => expect(api.requests.slice(before).filter((r) => r.path === '/api/v1/nodes').length).toBeGreaterThan(1),
      WAIT,
    );
    api.update('nodes', undefined, 'gpu-02', (node) => (node.spec = { ...node.spec, unschedulable: true }));
    await vi.waitFor(async () => {
      const { nodes } = await cluster.read();
      expect(nodes.find((n) => n.hostname === 'gpu-02')!.state).toBe('cordoned');
    }, WAIT);
    expect(listsSince(before)).toEqual([]);
    expect(cluster.watchHealth().down).toEqual([]);
    expect(watchWarning(cluster.watchHealth())).toBeNull();
  });

  it('reads by listing when the console may not watch, and says why', async () => {
    await api.close();
    api = await FakeKubernetesApi.start({
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list'] }],
    });
    populate();
    const cluster = source();
    expect((await cluster.read()).nodes).toHaveLength(2);
    await vi.waitFor(() => {
      const down = cluster.watchHealth().down.find((d) => d.collection === 'pods');
      expect(down?.reason).toMatch(/Forbidden/);
    }, WAIT);
    // What the data sources page then says.
    expect(watchWarning(cluster.watchHealth())?.text).toMatch(
      /^Watch down, listing at every read instead: .*pods \([^)]*Forbidden/,
    );
    api.update('nodes', undefined, 'gpu-01', (node) => (node.spec = { ...node.spec, unschedulable: true }));
    const { nodes } = await cluster.read();
    expect(nodes.find((n) => n.hostname === 'gpu-01')!.state).toBe('cordoned');
  });
});
