// A large cluster for the fake Kubernetes API server to serve: 1,024 GPU nodes of 8 GPUs and 10,000 pods, as a
// GPU cluster holds them. Per node, four DaemonSet pods (dcgm-exporter, the device plugin, the GPU operator's
// validator, node-exporter); GPU work filling 6,832 of the 8,192 GPUs (a 64-pod PyTorchJob, 24 PyTorchJobs of 16
// pods, 256 one-pod batch Jobs, 150 inference Deployments of 8 one-GPU replicas); and 4,000 CPU pods of 400
// Deployments. Pods carry what real ones carry (env, mounts, tolerations, managed fields), about 3 KB each in JSON.
//
// Run as a process of its own (`node --import tsx bench/lib/kubernetes-cluster.ts`), it serves the cluster over
// TLS on 127.0.0.1, changes BENCH_K8S_CHANGES_PER_SECOND pods a second (default 20), and prints one JSON line:
// { url, caFile, token, changesPerSecond, pods, nodes, gpusHeld }.
import {
  batchJob,
  deployment,
  FakeKubernetesApi,
  gpuNode,
  gpuPod,
  pytorchJob,
  type KubeObject,
} from '../../tests/fakes/kubernetes-api';

export const NODES = 1_024;
const GPUS_PER_NODE = 8;
const POOLS = ['h100-train-a', 'h100-train-b', 'h100-serve', 'a100-batch'];

/** What a real pod carries besides what the console reads, so that lists weigh what real ones weigh. */
function realistic(pod: KubeObject, i: number): KubeObject {
  const container = (pod.spec!.containers as Record<string, unknown>[])[0];
  container.env = Array.from({ length: 12 }, (_, k) => ({ name: `ENV_${k}`, value: `value-${i}-${k}` }));
  container.volumeMounts = [
    { name: 'data', mountPath: '/data' },
    { name: 'dshm', mountPath: '/dev/shm' },
    { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
  ];
  pod.spec!.volumes = [
    { name: 'data', persistentVolumeClaim: { claimName: `data-${i % 50}` } },
    { name: 'dshm', emptyDir: { medium: 'Memory' } },
    { name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607 } }] } },
  ];
  pod.spec!.tolerations = [
    { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  pod.metadata.annotations = { 'kubectl.kubernetes.io/default-container': 'main', ...pod.metadata.annotations };
  (pod.metadata as unknown as Record<string, unknown>).managedFields = [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-10-01T01:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': {}, 'f:ownerReferences': {} }, 'f:spec': { 'f:containers': {} } },
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-10-01T01:00:05Z',
      subresource: 'status',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:podIP': {}, 'f:startTime': {} } },
    },
  ];
  Object.assign(pod.status!, { podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, qosClass: 'Burstable' });
  return pod;
}

export function buildCluster(api: FakeKubernetesApi) {
  const hostnames = Array.from({ length: NODES }, (_, i) => `gpu-${String(i).padStart(4, '0')}`);
  hostnames.forEach((name, i) => {
    const pool = POOLS[i % POOLS.length];
    api.add(
      'nodes',
      gpuNode(name, {
        labels: {
          'fleet.io/pool': pool,
          'nvidia.com/gpu.product': pool.startsWith('a100') ? 'NVIDIA-A100-SXM4-80GB' : 'NVIDIA-H100-80GB-HBM3',
        },
      }),
    );
  });
  let pods = 0;
  const names: [string, string][] = [];
  const addPod = (pod: KubeObject) => {
    names.push([pod.metadata.namespace!, pod.metadata.name!]);
    return api.add('pods', realistic(pod, pods++));
  };
  // GPU pods fill the nodes' GPUs in order.
  let slot = 0;
  const place = (gpus: number) => {
    if ((slot % GPUS_PER_NODE) + gpus > GPUS_PER_NODE) slot = Math.ceil(slot / GPUS_PER_NODE) * GPUS_PER_NODE;
    const node = hostnames[Math.floor(slot / GPUS_PER_NODE)];
    slot += gpus;
    return node;
  };
  for (const name of hostnames) {
    for (const daemon of ['dcgm-exporter', 'nvidia-device-plugin', 'nvidia-operator-validator', 'node-exporter']) {
      addPod(gpuPod('gpu-operator', `${daemon}-${name}`, { node: name, gpus: 0, daemonSet: true }));
    }
  }
  const trainings: [string, number][] = [
    ['llm-405b', 64],
    ...Array.from({ length: 24 }, (_, i) => [`ft-${i}`, 16] as [string, number]),
  ];
  for (const [name, size] of trainings) {
    const job = api.add('pytorchjobs', pytorchJob('research', name, { workers: size - 1 }));
    addPod(gpuPod('research', `${name}-master-0`, { node: place(8), owner: job }));
    for (let w = 0; w < size - 1; w++)
      addPod(gpuPod('research', `${name}-worker-${w}`, { node: place(8), owner: job }));
  }
  for (let i = 0; i < 256; i++) {
    const job = api.add('jobs', batchJob('eval', `eval-${i}`));
    addPod(gpuPod('eval', `eval-${i}-x`, { node: place(8), owner: job }));
  }
  for (let i = 0; i < 150; i++) {
    const service = api.add('deployments', deployment('serving', `llm-${i}`, { replicas: 8, gpusPerPod: 1 }));
    for (let r = 0; r < 8; r++)
      addPod(gpuPod('serving', `llm-${i}-5d8f7c9b6-${r}`, { node: place(1), owner: service, gpus: 1 }));
  }
  for (let i = 0; i < 400; i++) {
    const web = api.add('deployments', deployment('apps', `web-${i}`, { replicas: 10, gpusPerPod: 0 }));
    for (let r = 0; r < 10; r++) {
      addPod(gpuPod('apps', `web-${i}-5d8f7c9b6-${r}`, { node: hostnames[(i * 10 + r) % NODES], owner: web, gpus: 0 }));
    }
  }
  return { nodes: NODES, pods, gpusHeld: slot, names };
}

/**
 * A cluster that keeps changing, as a live one does: `perSecond` pod updates a second (the kubelet's status
 * writes), spread over ten batches, each to the next pod in turn. Returns stop.
 */
export function churn(api: FakeKubernetesApi, names: [string, string][], perSecond: number): () => void {
  let next = 0;
  const timer = setInterval(() => {
    for (let k = 0; k < perSecond / 10; k++) {
      const [namespace, name] = names[next++ % names.length];
      api.update('pods', namespace, name, (pod) => {
        pod.metadata.annotations = { ...pod.metadata.annotations, 'fleet.bench/heartbeat': String(next) };
      });
    }
  }, 100);
  return () => clearInterval(timer);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const api = await FakeKubernetesApi.start({ tls: true, record: false });
  const { names, ...built } = buildCluster(api);
  const changesPerSecond = Number(process.env.BENCH_K8S_CHANGES_PER_SECOND ?? 20);
  if (changesPerSecond > 0) churn(api, names, changesPerSecond);
  console.log(JSON.stringify({ url: api.url, caFile: api.caFile, token: api.token, changesPerSecond, ...built }));
  process.on('SIGINT', () => void api.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => void api.close().then(() => process.exit(0)));
}
