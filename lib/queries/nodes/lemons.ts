// Lemon nodes (DOMAIN.md, "Lemon nodes"): every node that caused trouble over a range, ranked by it, with the
// evidence: its faults, the jobs that failed or straggled on it, its throttled GPU-minutes, its own recoveries, and
// the work lost by jobs its faults interrupted (their recoveries' lost GPU-hours and cost).
import 'server-only';
import { db } from '@/lib/db';
import type { TimeRange } from '@/lib/domain/time';
import type { FaultKind, NodeState } from '@/lib/domain/enums';
import { nodePolicyConfig } from '@/lib/recovery/policies';
import { readSettings } from '@/lib/settings/org';

/** A job's fault is blamed on a node when the node had a fault this long before it, on a GPU the job held. */
const BLAME_WINDOW = '10 minutes';
/** The evidence listed per node: its latest faults and jobs. */
const EVIDENCE = 5;

export interface LemonFault {
  at: string;
  kind: FaultKind;
  code: number | null;
  fatal: boolean;
  message: string | null;
}

export interface LemonJob {
  id: number;
  name: string;
  at: string;
  /** failed: it failed after a fault of the node; straggler: one of the node's GPUs held it back. */
  how: 'failed' | 'straggler';
}

export interface LemonNode {
  id: number;
  hostname: string;
  pool: string;
  cluster: string;
  state: NodeState;
  stateReason: string | null;
  /** faults + jobsFailed + stragglerAppearances + recoveries: what ranks the nodes. */
  trouble: number;
  faults: number;
  fatalFaults: number;
  jobsFailed: number;
  stragglerAppearances: number;
  throttledMinutes: number;
  recoveries: number;
  lostGpuHours: number;
  lostCost: number;
  evidence: { faults: LemonFault[]; jobs: LemonJob[] };
}

/** When automatic recovery replaces a node rather than rebooting it again; null when no node policy is stored. */
export interface LemonReplacement {
  enabled: boolean;
  afterFaults: number;
  windowHours: number;
}

export interface LemonReport {
  from: string;
  to: string;
  currency: string;
  timeZone: string;
  replacement: LemonReplacement | null;
  nodes: LemonNode[];
}

interface Row {
  id: number;
  hostname: string;
  pool: string;
  cluster: string;
  state: NodeState;
  state_reason: string | null;
  faults: number;
  fatal_faults: number;
  jobs_failed: number;
  straggler_appearances: number;
  throttled_minutes: number;
  recoveries: number;
  lost_gpu_hours: number;
  lost_cost: number;
  fault_list: LemonFault[] | null;
  job_list: LemonJob[] | null;
}

/** The nodes that caused any trouble over the range, most trouble first; at most `limit`. */
export async function lemonNodes(range: TimeRange, limit = 50): Promise<LemonReport> {
  const { from, to } = range;
  const [rows, settings, policy] = await Promise.all([
    db.$queryRaw<Row[]>`
      WITH faults AS (
        SELECT node_id, count(*)::int AS faults, (count(*) FILTER (WHERE fatal))::int AS fatal_faults
        FROM gpu_fault WHERE at >= ${from}::timestamptz AND at < ${to}::timestamptz GROUP BY node_id
      ), held AS (
        -- Each job event of the range with the nodes whose GPUs the job held at it.
        SELECT DISTINCT e.id AS event_id, e.job_id, e.at, e.kind, g.node_id
        FROM job_event e
        JOIN allocation a ON a.job_id = e.job_id AND a."from" <= e.at
                         AND (a."to" IS NULL OR a."to" >= e.at - interval '1 minute')
        JOIN gpu g ON g.id = a.gpu_id
        WHERE e.kind = 'failed' AND e.at >= ${from}::timestamptz AND e.at < ${to}::timestamptz
      ), failed AS (
        SELECT DISTINCT h.node_id, h.job_id, h.at FROM held h
        WHERE EXISTS (SELECT 1 FROM gpu_fault f WHERE f.node_id = h.node_id
                        AND f.at > h.at - ${BLAME_WINDOW}::interval AND f.at <= h.at)
      ), stragglers AS (
        SELECT DISTINCT g.node_id, e.id AS event_id, e.job_id, e.at
        FROM job_event e
        CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(e.data -> 'gpuIds', '[]'::jsonb)) AS gid(id)
        JOIN gpu g ON g.id = gid.id::int
        WHERE e.kind = 'degraded' AND e.at >= ${from}::timestamptz AND e.at < ${to}::timestamptz
          AND (e.data ->> 'rule' = 'straggler'
               OR (e.data ->> 'rule' IS NULL AND e.message LIKE '%of the job''s median utilization%'))
      ), throttled AS (
        SELECT g.node_id, sum(h.throttled_minutes)::int AS minutes
        FROM gpu_sample_hourly h JOIN gpu g ON g.id = h.gpu_id
        WHERE h.hour >= date_trunc('hour', ${from}::timestamptz) AND h.hour < ${to}::timestamptz
          AND h.throttled_minutes > 0
        GROUP BY g.node_id
      ), own AS (
        SELECT node_id, count(*)::int AS recoveries FROM recovery
        WHERE target_type = 'node' AND fault_at >= ${from}::timestamptz AND fault_at < ${to}::timestamptz
        GROUP BY node_id
      ), lost AS (
        -- The jobs' recoveries whose fault followed one of the node's, on a node the job held; each charged to one
        -- node, the one whose fault came last before it (a fatal one first), so the column adds up.
        SELECT b.node_id, sum(r.lost_gpu_hours)::float8 AS gpu_hours, sum(r.lost_cost)::float8 AS cost
        FROM recovery r
        JOIN LATERAL (
          SELECT g.node_id FROM allocation a JOIN gpu g ON g.id = a.gpu_id
          JOIN gpu_fault f ON f.node_id = g.node_id
                          AND f.at > r.fault_at - ${BLAME_WINDOW}::interval AND f.at <= r.fault_at
          WHERE a.job_id = r.job_id AND a."from" <= r.fault_at AND (a."to" IS NULL OR a."to" >= r.fault_at - interval '1 minute')
          ORDER BY f.at DESC, f.fatal DESC, g.node_id
          LIMIT 1
        ) b ON true
        WHERE r.target_type = 'job' AND r.fault_at >= ${from}::timestamptz AND r.fault_at < ${to}::timestamptz
        GROUP BY b.node_id
      ), totals AS (
        SELECT n.id,
               coalesce(f.faults, 0) AS faults, coalesce(f.fatal_faults, 0) AS fatal_faults,
               (SELECT count(DISTINCT job_id)::int FROM failed x WHERE x.node_id = n.id) AS jobs_failed,
               (SELECT count(*)::int FROM stragglers s WHERE s.node_id = n.id) AS straggler_appearances,
               coalesce(t.minutes, 0) AS throttled_minutes, coalesce(o.recoveries, 0) AS recoveries,
               coalesce(l.gpu_hours, 0) AS lost_gpu_hours, coalesce(l.cost, 0) AS lost_cost
        FROM node n
        LEFT JOIN faults f ON f.node_id = n.id
        LEFT JOIN throttled t ON t.node_id = n.id
        LEFT JOIN own o ON o.node_id = n.id
        LEFT JOIN lost l ON l.node_id = n.id
        WHERE n.id IN (SELECT node_id FROM faults UNION SELECT node_id FROM failed UNION SELECT node_id FROM stragglers
                       UNION SELECT node_id FROM throttled UNION SELECT node_id FROM own)
      ), ranked AS (
        SELECT *, faults + jobs_failed + straggler_appearances + recoveries AS trouble FROM totals
        ORDER BY trouble DESC, lost_cost DESC, throttled_minutes DESC, id
        LIMIT ${limit}
      )
      SELECT r.*, n.hostname, p.name AS pool, c.name AS cluster, n.state, n.state_reason,
             (SELECT json_agg(x ORDER BY x.at DESC) FROM (
                SELECT at, kind, code, fatal, message FROM gpu_fault
                WHERE node_id = r.id AND at >= ${from}::timestamptz AND at < ${to}::timestamptz
                ORDER BY at DESC LIMIT ${EVIDENCE}) x) AS fault_list,
             (SELECT json_agg(y ORDER BY y.at DESC) FROM (
                SELECT j.id, j.name, z.at, z.how FROM (
                  SELECT job_id, at, 'failed' AS how FROM failed WHERE node_id = r.id
                  UNION ALL SELECT job_id, at, 'straggler' FROM stragglers WHERE node_id = r.id) z
                JOIN job j ON j.id = z.job_id ORDER BY z.at DESC LIMIT ${EVIDENCE}) y) AS job_list
      FROM ranked r JOIN node n ON n.id = r.id JOIN pool p ON p.id = n.pool_id JOIN cluster c ON c.id = n.cluster_id
      ORDER BY r.trouble DESC, r.lost_cost DESC, r.throttled_minutes DESC, r.id`,
    readSettings(),
    db.recoveryPolicy.findUnique({ where: { kind: 'remediate_fatal_xid_node' } }),
  ]);
  const config = policy && nodePolicyConfig.safeParse(policy.config ?? {});
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    currency: settings.currency,
    timeZone: settings.timeZone,
    replacement:
      policy && config?.success
        ? {
            enabled: policy.enabled,
            afterFaults: config.data.replaceAfterFaults,
            windowHours: config.data.faultWindowHours,
          }
        : null,
    nodes: rows.map((row) => ({
      id: row.id,
      hostname: row.hostname,
      pool: row.pool,
      cluster: row.cluster,
      state: row.state,
      stateReason: row.state_reason,
      trouble: Number(row.faults) + row.jobs_failed + row.straggler_appearances + row.recoveries,
      faults: row.faults,
      fatalFaults: row.fatal_faults,
      jobsFailed: row.jobs_failed,
      stragglerAppearances: row.straggler_appearances,
      throttledMinutes: row.throttled_minutes,
      recoveries: row.recoveries,
      lostGpuHours: row.lost_gpu_hours,
      lostCost: Math.round(row.lost_cost * 100) / 100,
      evidence: {
        faults: (row.fault_list ?? []).map((fault) => ({ ...fault, at: new Date(fault.at).toISOString() })),
        jobs: (row.job_list ?? []).map((job) => ({ ...job, at: new Date(job.at).toISOString() })),
      },
    })),
  };
}
