// Every GPU of the fleet now, for the fleet map: one pass over gpu, its node, its latest reading (gpu_latest:
// whatever the source's lag, DOMAIN.md Coverage), the open allocation and the last hour's warning XIDs.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';
import { GPU_CONDITIONS, gpuCondition } from '@/lib/domain/gpu-condition';
import { isSilent, nodeSilence } from '@/lib/domain/readings';
import type { JobHealth, NodeState, PricingClass } from '@/lib/domain/enums';
import { env } from '@/lib/env';
import { withDeadline } from '../deadline';
import { freshnessOf } from '../freshness';
import type { FleetMap, MapGpus } from './types';
import { HOUR_MS } from '@/lib/domain/time';

interface GpuRow {
  node_id: number;
  index: number;
  healthy: boolean;
  memory_mib: number;
  reading_at: Date | null;
  util: number | null;
  fb_used_mib: number | null;
  power_w: number | null;
  temp_c: number | null;
  xid: number | null;
  throttled: boolean | null;
  job_id: number | null;
  recent_xids: number;
}

const CONDITION_INDEX = new Map(GPU_CONDITIONS.map((condition, i) => [condition, i]));

/** Every GPU of one cluster, or of every cluster (the default). */
export function getFleetMap(now = new Date(), scope?: ClusterScope): Promise<FleetMap> {
  return withDeadline(readFleetMap(now, scope));
}

async function readFleetMap(now: Date, scope: ClusterScope | undefined): Promise<FleetMap> {
  const scoped = inCluster(Prisma.sql`p.cluster_id`, scope);
  const [pools, nodes, rows, freshness] = await Promise.all([
    db.$queryRaw<{ id: number; name: string; cluster: string; gpu_model: string; pricing_class: PricingClass }[]>`
      SELECT p.id, p.name, c.name AS cluster, p.gpu_model, p.pricing_class::text AS pricing_class
      FROM pool p JOIN cluster c ON c.id = p.cluster_id WHERE ${scoped} ORDER BY c.name, p.name`,
    db.$queryRaw<{ id: number; hostname: string; pool_id: number; state: NodeState; state_reason: string | null }[]>`
      SELECT n.id, n.hostname, n.pool_id, n.state::text AS state, n.state_reason
      FROM node n JOIN pool p ON p.id = n.pool_id
      JOIN cluster c ON c.id = p.cluster_id
      WHERE n.state <> 'retired' AND ${scoped} ORDER BY c.name, p.name, n.hostname`,
    db.$queryRaw<GpuRow[]>`
      SELECT g.node_id, g.index, g.healthy, g.memory_mib, l.ts AS reading_at,
             l.util, l.fb_used_mib, l.power_w, l.temp_c, l.xid, l.throttled,
             a.job_id, coalesce(x.recent, 0)::int AS recent_xids
      FROM gpu g
      JOIN node n ON n.id = g.node_id AND n.state <> 'retired'
      JOIN pool p ON p.id = n.pool_id AND ${scoped}
      JOIN cluster c ON c.id = p.cluster_id
      LEFT JOIN gpu_latest l ON l.gpu_id = g.id
      LEFT JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL
      LEFT JOIN (
        SELECT gpu_id, count(*) AS recent FROM gpu_fault
        WHERE kind = 'xid' AND NOT fatal AND at > ${new Date(now.getTime() - HOUR_MS)}::timestamptz
        GROUP BY gpu_id
      ) x ON x.gpu_id = g.id
      WHERE g.retired_at IS NULL
      ORDER BY c.name, p.name, n.hostname, g.index`,
    freshnessOf(now, scope),
  ]);
  const silentAfterMs = freshness.staleAfterSeconds * 1000;

  const jobIds = [...new Set(rows.flatMap((row) => (row.job_id === null ? [] : [row.job_id])))];
  const jobs = jobIds.length
    ? await db.$queryRaw<{ id: number; name: string; team: string; project: string; health: JobHealth }[]>`
        SELECT j.id, j.name, t.name AS team, pr.name AS project, j.health::text AS health
        FROM job j JOIN team t ON t.id = j.team_id JOIN project pr ON pr.id = j.project_id
        WHERE j.id = ANY(${jobIds}::int[]) ORDER BY j.name`
    : [];
  const teams = await db.$queryRaw<{ name: string }[]>`SELECT name FROM team ORDER BY name`;

  const nodeIndex = new Map(nodes.map((node, i) => [node.id, i]));
  const jobIndex = new Map(jobs.map((job, i) => [job.id, i]));
  const gpus: MapGpus = {
    node: [],
    index: [],
    util: [],
    memory: [],
    powerW: [],
    tempC: [],
    readingAt: [],
    condition: [],
    job: [],
    xid: [],
  };
  const readingsByNode = new Map<number, (Date | null)[]>();
  let asOf: number | null = null;
  for (const row of rows) {
    const node = nodes[nodeIndex.get(row.node_id)!];
    const readingAt = row.reading_at?.getTime() ?? null;
    if (readingAt !== null && (asOf === null || readingAt > asOf)) asOf = readingAt;
    readingsByNode.set(row.node_id, [...(readingsByNode.get(row.node_id) ?? []), row.reading_at]);
    gpus.node.push(nodeIndex.get(row.node_id)!);
    gpus.index.push(row.index);
    gpus.util.push(row.util);
    gpus.memory.push(
      row.fb_used_mib === null ? null : Math.round((1000 * row.fb_used_mib) / Math.max(1, row.memory_mib)) / 10,
    );
    gpus.powerW.push(row.power_w);
    gpus.tempC.push(row.temp_c);
    gpus.readingAt.push(readingAt === null ? null : readingAt / 1000);
    gpus.xid.push(row.xid ?? 0);
    gpus.job.push(row.job_id === null ? -1 : jobIndex.get(row.job_id)!);
    const condition = gpuCondition({
      nodeState: node.state,
      gpuHealthy: row.healthy,
      hasSample: !isSilent(row.reading_at, now, silentAfterMs),
      throttled: row.throttled ?? false,
      recentXids: row.recent_xids,
      allocated: row.job_id !== null,
    });
    gpus.condition.push(CONDITION_INDEX.get(condition)!);
  }

  return {
    asOf: asOf === null ? null : new Date(asOf).toISOString(),
    generatedAt: now.toISOString(),
    timeZone: env().FLEET_ORG_TIMEZONE,
    freshness,
    pools: pools.map((pool) => ({
      id: pool.id,
      name: pool.name,
      cluster: pool.cluster,
      gpuModel: pool.gpu_model,
      pricingClass: pool.pricing_class,
    })),
    nodes: nodes.map((node) => ({
      id: node.id,
      hostname: node.hostname,
      pool: node.pool_id,
      state: node.state,
      stateReason: node.state_reason,
      silence: nodeSilence(readingsByNode.get(node.id) ?? [], now, silentAfterMs),
    })),
    jobs,
    teams: teams.map((team) => team.name),
    conditions: GPU_CONDITIONS,
    gpus,
  };
}
