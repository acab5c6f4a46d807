// Everything the console sees of a cluster, from one read of its objects. Pure: no I/O, so it is tested exactly.
import type { V1Deployment, V1Job, V1Node, V1Pod } from '@kubernetes/client-node';
import type { JobRecord, NodeStatusRecord, Topology } from '@/lib/sources/types';
import { REGION_LABEL } from './labels';
import { batchJobRecord, deploymentRecord } from './map-jobs';
import { nodeGpuCount, nodeInfo, nodeStatus, poolsOf } from './map-nodes';
import { podsByJob, podToJobMap } from './map-pods';
import { pytorchJobRecord } from './map-pytorchjob';
import type { PyTorchJob } from './pytorchjob';

export interface ClusterObjects {
  nodes: V1Node[];
  pods: V1Pod[];
  jobs: V1Job[];
  pytorchJobs: PyTorchJob[];
  deployments: V1Deployment[];
}

export interface KubernetesView {
  topology: Topology;
  nodes: NodeStatusRecord[];
  jobs: JobRecord[];
  /** `namespace/pod` → job external id, for the pods that hold GPUs. */
  podToJob: Map<string, string>;
}

function groupBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function jobRecords(objects: ClusterObjects, now: Date): JobRecord[] {
  const pods = podsByJob(objects.pods);
  const podsOf = (namespace: string | undefined, name: string | undefined) => pods.get(`${namespace}/${name}`) ?? [];
  const records = [
    ...objects.jobs.map((job) => batchJobRecord(job, podsOf(job.metadata?.namespace, job.metadata?.name), now)),
    ...objects.pytorchJobs.map((job) => pytorchJobRecord(job, podsOf(job.metadata.namespace, job.metadata.name), now)),
    ...objects.deployments.map((d) => deploymentRecord(d, podsOf(d.metadata?.namespace, d.metadata?.name), now)),
  ];
  return records.filter((record): record is JobRecord => record !== null);
}

export function teamsOf(jobs: JobRecord[]): Topology['teams'] {
  const projects = new Map<string, Set<string>>();
  for (const job of jobs) projects.set(job.team, (projects.get(job.team) ?? new Set()).add(job.project));
  return [...projects.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, set]) => ({ name, projects: [...set].sort() }));
}

export function clusterView(objects: ClusterObjects, clusterName: string, now: Date): KubernetesView {
  const gpuNodes = objects.nodes.filter((node) => nodeGpuCount(node) > 0);
  const podsOnNode = groupBy(objects.pods, (pod) => pod.spec?.nodeName);
  const jobs = jobRecords(objects, now);
  const region = gpuNodes.map((node) => node.metadata?.labels?.[REGION_LABEL]).find(Boolean);
  return {
    topology: {
      cluster: { name: clusterName, scheduler: 'kubernetes', ...(region ? { region } : {}) },
      pools: poolsOf(gpuNodes),
      nodes: gpuNodes.map(nodeInfo),
      teams: teamsOf(jobs),
    },
    nodes: gpuNodes.map((node) => nodeStatus(node, podsOnNode.get(node.metadata?.name ?? '') ?? [], now)),
    jobs,
    podToJob: podToJobMap(objects.pods, new Set(jobs.map((job) => job.externalId))),
  };
}
