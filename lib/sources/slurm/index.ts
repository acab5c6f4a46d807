// The Slurm source: nodes, partitions (as pools), GPUs from GRES, and jobs with the GPUs they hold, read from
// slurmrestd. A scheduler source: per-GPU readings and real GPU UUIDs come from dcgm-exporter through Prometheus,
// which the composition (lib/sources/compose) charges to these jobs by `hpc_job` or by (node, GPU index).
import type {
  GpuClaim,
  JobRecord,
  NodeStatusRecord,
  SchedulerSnapshot,
  SchedulerSource,
  Topology,
} from '@/lib/sources/types';
import { getJobs, getNodes } from './api';
import { SlurmClient } from './client';
import type { SlurmConfig } from './config';
import { jobRecord } from './map-jobs';
import { gpuCount, nodeInfo, nodeStatus, poolsOf } from './map-nodes';
import type { SlurmJob, SlurmNode } from './read';

export { slurmConfig, type SlurmConfig } from './config';

export interface SlurmView {
  topology: Topology;
  nodes: NodeStatusRecord[];
  jobs: JobRecord[];
  claims: GpuClaim[];
  /** Slurm's numeric id → the job's external id, where they differ (array tasks, heterogeneous components). */
  jobAliases: Map<string, string>;
}

function teamsOf(jobs: JobRecord[]): Topology['teams'] {
  const projects = new Map<string, Set<string>>();
  for (const job of jobs) projects.set(job.team, (projects.get(job.team) ?? new Set()).add(job.project));
  return [...projects.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, set]) => ({ name, projects: [...set].sort() }));
}

/** Everything the console sees of a Slurm cluster in one read. Pure, so it is tested exactly. */
export function slurmView(
  nodes: SlurmNode[],
  jobs: SlurmJob[],
  config: Pick<SlurmConfig, 'clusterName' | 'pricingClass'>,
  now: Date,
  previous: ReadonlyMap<string, NodeStatusRecord> = new Map(),
): SlurmView {
  const gpuNodes = nodes.filter((node) => gpuCount(node) > 0);
  const known = new Set(gpuNodes.map((node) => node.name));
  const records: JobRecord[] = [];
  const claims: GpuClaim[] = [];
  const jobAliases = new Map<string, string>();
  for (const job of jobs) {
    const mapped = jobRecord(job, now);
    if (!mapped) continue;
    records.push(mapped.record);
    if (mapped.record.externalId !== String(job.jobId)) jobAliases.set(String(job.jobId), mapped.record.externalId);
    claims.push(...mapped.claims.filter((claim) => known.has(claim.hostname)));
  }
  return {
    topology: {
      cluster: { name: config.clusterName, scheduler: 'slurm' },
      pools: poolsOf(gpuNodes, config.pricingClass),
      nodes: gpuNodes.map((node) => nodeInfo(node, config.clusterName)),
      teams: teamsOf(records),
    },
    nodes: gpuNodes.map((node) => nodeStatus(node, previous.get(node.name), now)),
    jobs: records,
    claims,
    jobAliases,
  };
}

export interface SlurmSourceOptions {
  now?: () => Date;
}

export class SlurmSource implements SchedulerSource {
  readonly name = 'slurm';
  /** Each node's state as last read, so a state keeps the time it began. */
  private readonly previous = new Map<string, NodeStatusRecord>();

  constructor(
    private readonly client: SlurmClient,
    private readonly config: Pick<SlurmConfig, 'clusterName' | 'pricingClass'>,
    private readonly options: SlurmSourceOptions = {},
  ) {}

  static fromConfig(config: SlurmConfig): SlurmSource {
    return new SlurmSource(new SlurmClient(config), config);
  }

  /** Nodes and jobs as slurmctld holds them now; job events come from the composition's ledger of reads. */
  async read(): Promise<SchedulerSnapshot> {
    const [nodes, jobs] = await Promise.all([getNodes(this.client), getJobs(this.client)]);
    const view = slurmView(nodes, jobs, this.config, this.options.now?.() ?? new Date(), this.previous);
    for (const node of view.nodes) this.previous.set(node.hostname, node);
    return { ...view, events: [], checkpoints: [], faults: [] };
  }
}
