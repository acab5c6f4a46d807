// Everything the console sees of a cluster, from one read of its objects. Pure: no I/O, so it is tested exactly.
import type { V1Deployment, V1Job, V1Node, V1StatefulSet } from '@kubernetes/client-node';
import type { JobRecord, SchedulerSnapshot, Topology } from '@/lib/sources/types';
import { JOBSET_KIND, TRAINING_KINDS, type JobSet, type TrainingJob } from './custom';
import { REGION_LABEL } from './labels';
import { batchJobRecord, serviceRecord } from './map-jobs';
import { nodeGpuCount, nodeInfo, nodeStatus, poolsOf } from './map-nodes';
import { gpuClaims, jobParents, podsByWorkload, type PodObject } from './map-pods';
import { podsWait } from './map-wait';
import { jobSetRecord, trainingJobRecord } from './map-training';

export interface ClusterObjects {
  nodes: V1Node[];
  pods: PodObject[];
  jobs: V1Job[];
  trainingJobs: TrainingJob[];
  jobSets: JobSet[];
  deployments: V1Deployment[];
  statefulSets: V1StatefulSet[];
}

/** Kinds that own batch Jobs and are read as the job themselves (a JobSet's child Jobs, an MPIJob's launcher). */
const WORKLOAD_KINDS = new Set([JOBSET_KIND.kind, ...TRAINING_KINDS.map((kind) => kind.kind)]);

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

/**
 * One record per GPU workload, first kind wins where two share a `namespace/name`: batch Jobs (other than the
 * children of a JobSet or training job), JobSets, training jobs, Deployments, StatefulSets.
 */
export function jobRecords(objects: ClusterObjects, now: Date): JobRecord[] {
  const parents = jobParents(objects.jobs, WORKLOAD_KINDS);
  const pods = podsByWorkload(objects.pods, parents);
  const podsOf = (namespace: string | undefined, name: string | undefined) => pods.get(`${namespace}/${name}`) ?? [];
  const standalone = objects.jobs.filter((job) => !parents.has(`${job.metadata?.namespace}/${job.metadata?.name}`));
  const records = [
    ...standalone.map((job) => batchJobRecord(job, podsOf(job.metadata?.namespace, job.metadata?.name), now)),
    ...objects.jobSets.map((set) => jobSetRecord(set, podsOf(set.metadata.namespace, set.metadata.name), now)),
    ...objects.trainingJobs.map((job) =>
      trainingJobRecord(job, podsOf(job.metadata.namespace, job.metadata.name), now),
    ),
    ...[...objects.deployments, ...objects.statefulSets].map((service) =>
      serviceRecord(service, podsOf(service.metadata?.namespace, service.metadata?.name), now),
    ),
  ];
  const seen = new Set<string>();
  const suspended = new Set(
    [...objects.jobs, ...objects.jobSets]
      .filter((job) => job.spec?.suspend)
      .map((job) => `${job.metadata?.namespace}/${job.metadata?.name}`),
  );
  return records
    .filter((record): record is JobRecord => {
      if (!record || seen.has(record.externalId)) return false;
      seen.add(record.externalId);
      return true;
    })
    .map((record) =>
      record.state === 'pending'
        ? {
            ...record,
            wait: podsWait(record, pods.get(record.externalId) ?? [], suspended.has(record.externalId)),
          }
        : record,
    );
}

export function teamsOf(jobs: JobRecord[]): Topology['teams'] {
  const projects = new Map<string, Set<string>>();
  for (const job of jobs) projects.set(job.team, (projects.get(job.team) ?? new Set()).add(job.project));
  return [...projects.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, set]) => ({ name, projects: [...set].sort() }));
}

/** The cluster as a scheduler snapshot: GPU nodes, their states, GPU workloads and where their pods hold GPUs. */
export function clusterView(objects: ClusterObjects, clusterName: string, now: Date): SchedulerSnapshot {
  const gpuNodes = objects.nodes.filter((node) => nodeGpuCount(node) > 0);
  const podsOnNode = groupBy(objects.pods, (pod) => pod.spec?.nodeName);
  const jobs = jobRecords(objects, now);
  const region = gpuNodes.map((node) => node.metadata?.labels?.[REGION_LABEL]).find(Boolean);
  const parents = jobParents(objects.jobs, WORKLOAD_KINDS);
  return {
    topology: {
      cluster: { name: clusterName, scheduler: 'kubernetes', ...(region ? { region } : {}) },
      pools: poolsOf(gpuNodes),
      nodes: gpuNodes.map(nodeInfo),
      teams: teamsOf(jobs),
    },
    nodes: gpuNodes.map((node) => nodeStatus(node, podsOnNode.get(node.metadata?.name ?? '') ?? [], now)),
    jobs,
    claims: gpuClaims(objects.pods, parents, new Set(jobs.map((job) => job.externalId))),
    events: [],
    checkpoints: [],
    faults: [],
  };
}
