// What the ingestor must remember between snapshots: ids of the rows it writes against, open allocations,
// node states and the GPUs known to be unhealthy. Loaded from Postgres at start, so a restart carries on.
import type { Pool, PoolClient } from 'pg';
import type { JobState, NodeState } from '@/lib/domain/enums';
import type { LedgerState } from '@/lib/domain/ledger';
import { newLedgerTracker, type LedgerTracker } from './ledger';
import { restoreProgress, type JobProgress } from './progress';

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
  /** Each job's state at the last snapshot, and when its current run began while it runs. */
  jobStates: Map<string, JobState>;
  /** Each job's restarts at the last snapshot: a restart begun and over between two snapshots still starts a run. */
  jobRestarts: Map<string, number>;
  runningSince: Map<string, Date>;
  /** Each training job's step and step times, for the stall rule. */
  progress: Map<string, JobProgress>;
  /** The badput ledger's periods under way and each job's ledger state. */
  ledger: LedgerTracker;
  /** Each job's row as this context last wrote it (upsertJobs), by external id: an unchanged job is not rewritten. */
  writtenJobs: Map<string, string>;
  teamIdByName: Map<string, number>;
  projectIdByKey: Map<string, number>;
  openAllocations: Map<number, OpenAllocation>;
  /** The GPUs each job held at the last snapshot, to find the jobs whose holdings changed. */
  jobGpuUuids: Map<string, readonly string[]>;
  unhealthyGpuIds: Set<number>;
  /** The newest minute the fleet rollup (pool_minute) holds; null before the first snapshot of a new cluster. */
  rolledUntil: number | null;
  /**
   * Per-GPU figures the fleet rollup reads every minute, in dense arrays indexed by a GPU's slot: a 30-day
   * backfill computes 43,200 rollups over every GPU, and typed arrays keep that to a fraction of a second.
   */
  slots: GpuSlots;
}

export interface GpuSlots {
  slotByGpuId: Map<number, number>;
  gpuId: Int32Array;
  poolIndex: Int32Array;
  nodeId: Int32Array;
  /** Each GPU's latest reading: its time (epoch ms, 0 for none yet), utilization and power. */
  readingAt: Float64Array;
  util: Float64Array;
  power: Float64Array;
}

function buildSlots(gpus: { id: number; node_id: number; pool_id: number }[], poolIds: number[]): GpuSlots {
  const poolIndex = new Map(poolIds.map((id, i) => [id, i]));
  return {
    slotByGpuId: new Map(gpus.map((gpu, slot) => [gpu.id, slot])),
    gpuId: Int32Array.from(gpus, (gpu) => gpu.id),
    poolIndex: Int32Array.from(gpus, (gpu) => poolIndex.get(gpu.pool_id)!),
    nodeId: Int32Array.from(gpus, (gpu) => gpu.node_id),
    readingAt: new Float64Array(gpus.length),
    util: new Float64Array(gpus.length),
    power: new Float64Array(gpus.length),
  };
}

export const projectKey = (team: string, project: string) => `${team}\u0000${project}`;

export async function loadContext(pg: Pool | PoolClient, clusterName: string): Promise<IngestContext> {
  const cluster = await pg.query<{ id: number }>('SELECT id FROM cluster WHERE name = $1', [clusterName]);
  if (!cluster.rowCount) throw new Error(`Cluster ${clusterName} is not in the database; seed it first.`);
  const clusterId = cluster.rows[0].id;

  const [gpus, nodes, jobs, teams, projects, allocations, rolled, ledgerStates] = await Promise.all([
    pg.query<{ id: number; uuid: string; node_id: number; pool_id: number; healthy: boolean }>(
      `SELECT g.id, g.uuid, g.node_id, n.pool_id, g.healthy FROM gpu g JOIN node n ON n.id = g.node_id
       WHERE n.cluster_id = $1 AND g.retired_at IS NULL ORDER BY g.node_id, g.index`,
      [clusterId],
    ),
    pg.query<{ id: number; hostname: string; pool_id: number; state: NodeState }>(
      'SELECT id, hostname, pool_id, state FROM node WHERE cluster_id = $1',
      [clusterId],
    ),
    pg.query<{
      id: number;
      external_id: string;
      state: JobState;
      restart_count: number;
      running_since: Date | null;
      step: string | null;
      step_advanced_at: Date | null;
      step_seconds: number | null;
    }>(
      `SELECT id, external_id, state, restart_count, running_since, step, step_advanced_at, step_seconds FROM job WHERE cluster_id = $1
       AND (ended_at IS NULL OR ended_at > now() - interval '2 days')`,
      [clusterId],
    ),
    pg.query<{ id: number; name: string }>('SELECT id, name FROM team'),
    pg.query<{ id: number; team: string; name: string }>(
      'SELECT p.id, t.name AS team, p.name FROM project p JOIN team t ON t.id = p.team_id',
    ),
    pg.query<{ id: string; gpu_id: number; from: Date; external_id: string }>(
      `SELECT a.id, a.gpu_id, a."from", j.external_id FROM allocation a JOIN job j ON j.id = a.job_id
       WHERE a."to" IS NULL AND j.cluster_id = $1`,
      [clusterId],
    ),
    pg.query<{ until: Date | null }>(
      `SELECT max(m.ts) AS until FROM pool p
       CROSS JOIN LATERAL (SELECT ts FROM pool_minute WHERE pool_id = p.id ORDER BY ts DESC LIMIT 1) m
       WHERE p.cluster_id = $1`,
      [clusterId],
    ),
    pg.query<{ external_id: string; state: LedgerState }>(
      `SELECT j.external_id, s.state FROM job_ledger_state s JOIN job j ON j.id = s.job_id
       WHERE j.cluster_id = $1 AND (j.ended_at IS NULL OR j.ended_at > now() - interval '2 days')`,
      [clusterId],
    ),
  ]);

  const gpuIdsByNodeId = new Map<number, number[]>();
  for (const gpu of gpus.rows) {
    const list = gpuIdsByNodeId.get(gpu.node_id) ?? [];
    list.push(gpu.id);
    gpuIdsByNodeId.set(gpu.node_id, list);
  }
  const poolIds = [...new Set(nodes.rows.map((node) => node.pool_id))].sort((a, b) => a - b);
  const jobGpuUuids = new Map<string, string[]>();
  const uuidById = new Map(gpus.rows.map((gpu) => [gpu.id, gpu.uuid]));
  for (const row of allocations.rows) {
    const list = jobGpuUuids.get(row.external_id) ?? [];
    list.push(uuidById.get(row.gpu_id)!);
    jobGpuUuids.set(row.external_id, list);
  }
  return {
    clusterId,
    gpuIdByUuid: new Map(gpus.rows.map((gpu) => [gpu.uuid, gpu.id])),
    poolIdByGpuId: new Map(gpus.rows.map((gpu) => [gpu.id, gpu.pool_id])),
    nodeIdByGpuId: new Map(gpus.rows.map((gpu) => [gpu.id, gpu.node_id])),
    nodeIdByHostname: new Map(nodes.rows.map((node) => [node.hostname, node.id])),
    poolIdByNodeId: new Map(nodes.rows.map((node) => [node.id, node.pool_id])),
    gpuIdsByNodeId,
    poolIds,
    nodeStates: new Map(nodes.rows.map((node) => [node.id, node.state])),
    jobIdByExternalId: new Map(jobs.rows.map((job) => [job.external_id, job.id])),
    jobStates: new Map(jobs.rows.map((job) => [job.external_id, job.state])),
    jobRestarts: new Map(jobs.rows.map((job) => [job.external_id, job.restart_count])),
    runningSince: new Map(
      jobs.rows.flatMap((job) => (job.running_since ? [[job.external_id, job.running_since]] : [])),
    ),
    ledger: newLedgerTracker(new Map(ledgerStates.rows.map((row) => [row.external_id, row.state]))),
    progress: new Map(
      jobs.rows.flatMap((job) => {
        const progress = restoreProgress({
          step: job.step === null ? null : Number(job.step),
          advancedAt: job.step_advanced_at,
          stepSeconds: job.step_seconds,
        });
        return progress ? [[job.external_id, progress]] : [];
      }),
    ),
    writtenJobs: new Map(),
    teamIdByName: new Map(teams.rows.map((team) => [team.name, team.id])),
    projectIdByKey: new Map(projects.rows.map((project) => [projectKey(project.team, project.name), project.id])),
    openAllocations: new Map(
      allocations.rows.map((row) => [row.gpu_id, { jobExternalId: row.external_id, from: row.from, dbId: row.id }]),
    ),
    jobGpuUuids,
    unhealthyGpuIds: new Set(gpus.rows.filter((gpu) => !gpu.healthy).map((gpu) => gpu.id)),
    rolledUntil: rolled.rows[0].until?.getTime() ?? null,
    slots: buildSlots(gpus.rows, poolIds),
  };
}
