// What the ingestor must remember between snapshots: ids of the rows it writes against, open allocations,
// node states and the GPUs known to be unhealthy. Loaded from Postgres at start, so a restart carries on.
import type { Pool, PoolClient } from 'pg';
import type { NodeState } from '@/lib/domain/enums';

export interface OpenAllocation {
  jobExternalId: string;
  from: Date;
  /** Row id once written; null while it exists only in the pending batch. */
  dbId: string | null;
}

export interface IngestContext {
  clusterId: number;
  gpuIdByUuid: Map<string, number>;
  poolIdByGpuId: Map<number, number>;
  nodeIdByGpuId: Map<number, number>;
  nodeIdByHostname: Map<string, number>;
  poolIdByNodeId: Map<number, number>;
  gpuIdsByNodeId: Map<number, number[]>;
  poolIds: number[];
  nodeStates: Map<number, NodeState>;
  jobIdByExternalId: Map<string, number>;
  teamIdByName: Map<string, number>;
  projectIdByKey: Map<string, number>;
  openAllocations: Map<number, OpenAllocation>;
  unhealthyGpuIds: Set<number>;
  /** Last known utilization and power per GPU, carried forward over minutes a source did not sample. */
  lastUtil: Map<number, number>;
  lastPower: Map<number, number>;
}

export const projectKey = (team: string, project: string) => `${team}\u0000${project}`;

export async function loadContext(pg: Pool | PoolClient, clusterName: string): Promise<IngestContext> {
  const cluster = await pg.query<{ id: number }>('SELECT id FROM cluster WHERE name = $1', [clusterName]);
  if (!cluster.rowCount) throw new Error(`Cluster ${clusterName} is not in the database; seed it first.`);
  const clusterId = cluster.rows[0].id;

  const [gpus, nodes, jobs, teams, projects, allocations] = await Promise.all([
    pg.query<{ id: number; uuid: string; node_id: number; pool_id: number; healthy: boolean }>(
      `SELECT g.id, g.uuid, g.node_id, n.pool_id, g.healthy FROM gpu g JOIN node n ON n.id = g.node_id
       WHERE n.cluster_id = $1 AND g.retired_at IS NULL`,
      [clusterId],
    ),
    pg.query<{ id: number; hostname: string; pool_id: number; state: NodeState }>(
      'SELECT id, hostname, pool_id, state FROM node WHERE cluster_id = $1',
      [clusterId],
    ),
    pg.query<{ id: number; external_id: string }>(
      `SELECT id, external_id FROM job WHERE cluster_id = $1
       AND (ended_at IS NULL OR ended_at > now() - interval '2 days')`,
      [clusterId],
    ),
    pg.query<{ id: number; name: string }>('SELECT id, name FROM team'),
    pg.query<{ id: number; team: string; name: string }>('SELECT p.id, t.name AS team, p.name FROM project p JOIN team t ON t.id = p.team_id'),
    pg.query<{ id: string; gpu_id: number; from: Date; external_id: string }>(
      `SELECT a.id, a.gpu_id, a."from", j.external_id FROM allocation a JOIN job j ON j.id = a.job_id
       WHERE a."to" IS NULL AND j.cluster_id = $1`,
      [clusterId],
    ),
  ]);

  const gpuIdsByNodeId = new Map<number, number[]>();
  for (const gpu of gpus.rows) {
    const list = gpuIdsByNodeId.get(gpu.node_id) ?? [];
    list.push(gpu.id);
    gpuIdsByNodeId.set(gpu.node_id, list);
  }
  return {
    clusterId,
    gpuIdByUuid: new Map(gpus.rows.map((gpu) => [gpu.uuid, gpu.id])),
    poolIdByGpuId: new Map(gpus.rows.map((gpu) => [gpu.id, gpu.pool_id])),
    nodeIdByGpuId: new Map(gpus.rows.map((gpu) => [gpu.id, gpu.node_id])),
    nodeIdByHostname: new Map(nodes.rows.map((node) => [node.hostname, node.id])),
    poolIdByNodeId: new Map(nodes.rows.map((node) => [node.id, node.pool_id])),
    gpuIdsByNodeId,
    poolIds: [...new Set(nodes.rows.map((node) => node.pool_id))].sort((a, b) => a - b),
    nodeStates: new Map(nodes.rows.map((node) => [node.id, node.state])),
    jobIdByExternalId: new Map(jobs.rows.map((job) => [job.external_id, job.id])),
    teamIdByName: new Map(teams.rows.map((team) => [team.name, team.id])),
    projectIdByKey: new Map(projects.rows.map((project) => [projectKey(project.team, project.name), project.id])),
    openAllocations: new Map(
      allocations.rows.map((row) => [row.gpu_id, { jobExternalId: row.external_id, from: row.from, dbId: row.id }]),
    ),
    unhealthyGpuIds: new Set(gpus.rows.filter((gpu) => !gpu.healthy).map((gpu) => gpu.id)),
    lastUtil: new Map(),
    lastPower: new Map(),
  };
}
