// The nodes a job spans in the range, their state now, and the faults on them in the range (an XID with its
// meaning from NVIDIA's catalog): what else the job is exposed to.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { FaultKind, NodeState } from '@/lib/domain/enums';
import { xidInfo } from '@/lib/domain/xid';
import type { FaultRow, JobDetail, JobNode } from './types';

export const FAULT_LIMIT = 50;

export async function jobNodes(
  jobId: number,
  { from, to }: { from: Date; to: Date },
): Promise<{ nodes: JobNode[]; faults: JobDetail['faults'] }> {
  const spans = Prisma.sql`
    SELECT g.node_id,
           count(DISTINCT a.gpu_id) FILTER (WHERE a."to" IS NULL)::int AS gpus_now,
           count(DISTINCT a.gpu_id)::int AS gpus_in_range
    FROM allocation a JOIN gpu g ON g.id = a.gpu_id
    WHERE a.job_id = ${jobId} AND a."from" < ${to}::timestamptz AND (a."to" IS NULL OR a."to" > ${from}::timestamptz)
    GROUP BY g.node_id`;
  const [nodes, faults] = await Promise.all([
    db.$queryRaw<
      {
        node_id: number;
        hostname: string;
        pool: string;
        state: NodeState;
        state_reason: string | null;
        gpus_now: number;
        gpus_in_range: number;
        faults: number;
        fatal_faults: number;
      }[]
    >`
      WITH spans AS (${spans})
       SELECT n.id AS node_id, n.hostname, po.name AS pool, n.state::text AS state, n.state_reason,
              s.gpus_now, s.gpus_in_range, coalesce(f.faults, 0)::int AS faults, coalesce(f.fatal, 0)::int AS fatal_faults
       FROM spans s
       JOIN node n ON n.id = s.node_id
       JOIN pool po ON po.id = n.pool_id
       LEFT JOIN LATERAL (
         SELECT count(*) AS faults, count(*) FILTER (WHERE fatal) AS fatal FROM gpu_fault
         WHERE node_id = n.id AND at >= ${from}::timestamptz AND at < ${to}::timestamptz
       ) f ON true
       ORDER BY n.hostname`,
    db.$queryRaw<
      {
        id: bigint;
        at: Date;
        node_id: number;
        hostname: string;
        gpu_index: number | null;
        kind: FaultKind;
        code: number | null;
        fatal: boolean;
        message: string | null;
        total: number;
      }[]
    >`
      WITH spans AS (${spans})
       SELECT f.id, f.at, f.node_id, n.hostname, g.index AS gpu_index, f.kind::text AS kind, f.code, f.fatal, f.message,
              count(*) OVER ()::int AS total
       FROM gpu_fault f
       JOIN spans s ON s.node_id = f.node_id
       JOIN node n ON n.id = f.node_id
       LEFT JOIN gpu g ON g.id = f.gpu_id
       WHERE f.at >= ${from}::timestamptz AND f.at < ${to}::timestamptz
       ORDER BY f.at DESC, f.id DESC
       LIMIT ${FAULT_LIMIT}`,
  ]);
  return {
    nodes: nodes.map((row) => ({
      nodeId: row.node_id,
      hostname: row.hostname,
      pool: row.pool,
      state: row.state,
      stateReason: row.state_reason,
      gpusNow: row.gpus_now,
      gpusInRange: row.gpus_in_range,
      faults: row.faults,
      fatalFaults: row.fatal_faults,
    })),
    faults: {
      total: faults[0]?.total ?? 0,
      rows: faults.map((row): FaultRow => ({
        id: String(row.id),
        at: row.at.toISOString(),
        nodeId: row.node_id,
        hostname: row.hostname,
        gpuIndex: row.gpu_index,
        kind: row.kind,
        code: row.code,
        fatal: row.fatal,
        message: row.message,
        xid:
          row.kind === 'xid' && row.code !== null
            ? (({ meaning, severity, action }) => ({ meaning, severity, action }))(xidInfo(row.code))
            : null,
      })),
    },
  };
}
