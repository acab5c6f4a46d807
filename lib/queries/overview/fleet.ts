// The fleet and its pools at their latest minute measured, from pool_minute: the GPUs the source covered, and
// those it did not (silent: unknown, in no other count).
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { gpuAvailabilitySli } from '@/lib/domain/slo';
import { allocationRatio, utilizationRatio } from '@/lib/domain/utilization';
import type { ClusterScope } from '@/lib/clusters/scope';
import { inCluster } from '@/lib/db/scope';
import type { FleetNow } from './types';
import { MINUTE_MS } from '@/lib/domain/time';

// A pool whose latest row is this much older than the newest has stopped reporting; it is not "now".
const POOL_NOW_SLACK_MS = 5 * MINUTE_MS;

export async function fleetNow(scope?: ClusterScope): Promise<FleetNow> {
  // One index probe per pool on pool_minute's primary key (pool_id, ts).
  const rows = await db.$queryRaw<
    {
      pool_id: number;
      name: string;
      cluster: string;
      gpu_model: string;
      ts: Date;
      provisioned: number;
      healthy: number;
      allocated: number;
      silent: number;
      util_sum: number;
    }[]
  >`
    SELECT p.id AS pool_id, p.name, c.name AS cluster, p.gpu_model, m.ts, m.provisioned_gpus AS provisioned,
           m.healthy_gpus AS healthy, m.allocated_gpus AS allocated, m.silent_gpus AS silent, m.util_sum
    FROM pool p JOIN cluster c ON c.id = p.cluster_id
    CROSS JOIN LATERAL (
      SELECT ts, provisioned_gpus, healthy_gpus, allocated_gpus, silent_gpus, util_sum FROM pool_minute
      WHERE pool_id = p.id ORDER BY ts DESC LIMIT 1
    ) m
    WHERE ${inCluster(Prisma.sql`p.cluster_id`, scope)}
    ORDER BY c.name, p.name`;
  const newest = Math.max(...rows.map((row) => row.ts.getTime()));
  const current = rows.filter((row) => row.ts.getTime() >= newest - POOL_NOW_SLACK_MS);
  if (current.length === 0) {
    return {
      asOf: null,
      provisionedGpus: null,
      healthyGpus: null,
      allocatedGpus: null,
      silentGpus: null,
      allocation: null,
      utilization: null,
      healthy: null,
      pools: [],
    };
  }
  const sum = (pick: (row: (typeof rows)[number]) => number) => current.reduce((total, row) => total + pick(row), 0);
  const provisioned = sum((row) => row.provisioned);
  const allocated = sum((row) => row.allocated);
  const healthy = sum((row) => row.healthy);
  return {
    asOf: new Date(newest).toISOString(),
    provisionedGpus: provisioned,
    healthyGpus: healthy,
    allocatedGpus: allocated,
    silentGpus: sum((row) => row.silent),
    allocation: allocationRatio(allocated, provisioned),
    utilization: utilizationRatio(
      sum((row) => row.util_sum),
      allocated,
    ),
    healthy: gpuAvailabilitySli(healthy, provisioned),
    pools: current.map((row) => ({
      poolId: row.pool_id,
      name: row.name,
      cluster: row.cluster,
      gpuModel: row.gpu_model,
      provisionedGpus: row.provisioned,
      healthyGpus: row.healthy,
      allocatedGpus: row.allocated,
      silentGpus: row.silent,
      allocation: allocationRatio(row.allocated, row.provisioned),
      utilization: utilizationRatio(row.util_sum, row.allocated),
    })),
  };
}
