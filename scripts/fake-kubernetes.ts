// `npx tsx scripts/fake-kubernetes.ts`: a Kubernetes cluster on this machine, to try FLEET_SOURCE=kubernetes
// without one (docs/connecting-a-cluster.md). One simulator runs live and is served twice, as a real cluster is
// seen twice: as an API server (the tests' fake, over TLS: its GPU nodes, and a batch Job or Deployment with one
// pod per node for each running job) and as dcgm-exporter on /metrics (each GPU labelled with the pod holding it).
// kubectl works against it with the kubeconfig it writes. Ctrl-C stops it.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LatestReadings, startExporterServer } from '@/lib/sources/simulator/exporter-server';
import type { JobRecord, Topology } from '@/lib/sources/types';
import { newSimulator } from '@/lib/worker/simulator-session';
import { deployment, batchJob, FakeKubernetesApi, gpuNode, gpuPod } from '@/tests/fakes/kubernetes-api';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6443' },
    'exporter-port': { type: 'string', default: '9400' },
    nodes: { type: 'string', default: '64' },
    seed: { type: 'string', default: '7' },
    dir: { type: 'string', default: '.data/fake-kubernetes' },
  },
});
const TICK_MS = 15_000;
/** The simulator starts this long ago and runs up to now at once: a cluster in use, with jobs of every kind running. */
const WARM_UP_DAYS = 0.25;

function nodesOf(api: FakeKubernetesApi, topology: Topology) {
  for (const node of topology.nodes) {
    api.add(
      'nodes',
      gpuNode(node.hostname, {
        gpus: node.gpus.length,
        labels: {
          'fleet.io/pool': node.pool,
          'fleet.io/pricing-class': topology.pools.find((pool) => pool.name === node.pool)?.pricingClass ?? 'on_demand',
          'nvidia.com/gpu.product': node.gpus[0].model.replace(/ /g, '-'),
          'nvidia.com/gpu.memory': String(node.gpus[0].memoryMib),
        },
      }),
    );
  }
}

/** The running jobs as Kubernetes workloads: pod N of a job on the Nth node of its GPUs, as the exporter labels it. */
function mirror(api: FakeKubernetesApi, topology: Topology, jobs: JobRecord[], shown: Map<string, string[]>) {
  const hostOf = new Map(topology.nodes.flatMap((node) => node.gpus.map((gpu) => [gpu.uuid, node.hostname])));
  const running = jobs.filter((job) => job.state === 'running' && job.gpuUuids.length);
  const wanted = new Set(running.map((job) => job.externalId));
  for (const [id, pods] of shown) {
    if (wanted.has(id)) continue;
    const job = jobs.find((j) => j.externalId === id);
    const namespace = pods[0].split('/')[0];
    for (const pod of pods) api.delete('pods', namespace, pod.split('/')[1]);
    api.delete(job?.kind === 'inference' ? 'deployments' : 'jobs', namespace, id);
    shown.delete(id);
  }
  for (const job of running) {
    if (shown.has(job.externalId)) continue;
    const gpusByHost = new Map<string, number>();
    for (const uuid of job.gpuUuids) gpusByHost.set(hostOf.get(uuid)!, (gpusByHost.get(hostOf.get(uuid)!) ?? 0) + 1);
    const labels = { 'fleet.io/team': job.team, 'fleet.io/project': job.project, 'fleet.io/kind': job.kind };
    const perPod = Math.max(...gpusByHost.values());
    const owner =
      job.kind === 'inference'
        ? api.add(
            'deployments',
            deployment(job.team, job.externalId, { replicas: gpusByHost.size, gpusPerPod: perPod, labels }),
          )
        : api.add(
            'jobs',
            batchJob(job.team, job.externalId, { parallelism: gpusByHost.size, gpusPerPod: perPod, labels }),
          );
    const pods = [...gpusByHost].map(([node, gpus], worker) => {
      api.add('pods', gpuPod(job.team, `${job.externalId}-${worker}`, { node, gpus, owner }));
      return `${job.team}/${job.externalId}-${worker}`;
    });
    shown.set(job.externalId, pods);
  }
}

async function main() {
  const dir = path.resolve(values.dir!);
  mkdirSync(dir, { recursive: true });
  const api = await FakeKubernetesApi.start({ tls: true, record: false, port: Number(values.port) });
  const simulator = newSimulator(
    { seed: Number(values.seed), nodes: Number(values.nodes), backfillDays: WARM_UP_DAYS },
    Date.now() - 60_000,
  );
  const topology = simulator.topologySync();
  const readings = new LatestReadings(topology);
  const exporter = await startExporterServer(() => readings.render(), {
    host: '127.0.0.1',
    port: Number(values['exporter-port']),
  });
  nodesOf(api, topology);
  const shown = new Map<string, string[]>();
  const step = () => {
    const snapshot = simulator.collectSync(simulator.time, new Date());
    readings.record(snapshot);
    mirror(api, topology, snapshot.jobs, shown);
  };
  step();
  const timer = setInterval(step, TICK_MS);

  copyFileSync(api.caFile!, path.join(dir, 'ca.crt'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster: {server: "${api.url}", certificate-authority: "${path.join(dir, 'ca.crt')}"}\n` +
      `users:\n- name: fleet-console\n  user: {token: "${api.token}"}\ncontexts:\n- name: fake\n  context: {cluster: fake, user: fleet-console}\n` +
      `current-context: fake\n`,
  );
  console.log(`fake Kubernetes API server: ${api.url} (kubeconfig: ${kubeconfig})`);
  console.log(`dcgm-exporter: ${exporter.url} (${topology.nodes.length} nodes, ${shown.size} jobs running)`);

  const stop = async () => {
    clearInterval(timer);
    await exporter.close();
    await api.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
