// One node, everything its page shows: its GPUs now (each one's latest reading) and over the range, faults with what each XID means,
// the jobs that ran on it, its state history and the actions asked of it. Seven small statements in parallel.
import 'server-only';
import { db } from '@/lib/db';
import type { FaultKind, NodeState, PricingClass } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import { nodeSilence } from '@/lib/domain/readings';
import { xidInfo } from '@/lib/domain/xid';
import { env } from '@/lib/env';
import { bucketSeconds } from '@/lib/time-range';
import { actionsInRange } from '../actions';
import { withDeadline } from '../deadline';
import { freshnessOf } from '../freshness';
import { nodeSeries, throttledMinutes } from './series';
import { nodeStateSpans } from './states';
import type { NodeDetail, NodeGpu, NodeHealthSignal, NodeJobRun, NodeSeries } from './types';

export type * from './types';

function newest(times: (Date | null)[]): string | null {
  const ms = times.flatMap((at) => (at ? [at.getTime()] : []));
  return ms.length ? new Date(Math.max(...ms)).toISOString() : null;
}

/** The newest actions in the range drawn on the node's charts; a busy node's older ones are in its audit log. */
const MARKED_ACTIONS = 50;

export function getNode(id: number, range: TimeRange, now = new Date()): Promise<NodeDetail | null> {
  return withDeadline(readNode(id, range, now));
}

export interface NodeChart {
  id: number;
  /** GPU indexes, in the order of the series' rows. */
  gpus: number[];
  series: NodeSeries;
}

/** The node's charts alone (its GPUs' four readings over the range), or null for a node that does not exist. */
export function getNodeSeries(id: number, range: TimeRange): Promise<NodeChart | null> {
  return withDeadline(
    (async () => {
      const gpus = await db.$queryRaw<{ id: number; index: number }[]>`
        SELECT g.id, g.index FROM node n JOIN gpu g ON g.node_id = n.id AND g.retired_at IS NULL
        WHERE n.id = ${id} ORDER BY g.index`;
      if (!gpus.length) {
        const [node] = await db.$queryRaw<{ id: number }[]>`SELECT id FROM node WHERE id = ${id}`;
        if (!node) return null;
      }
      const series = await nodeSeries(
        gpus.map((gpu) => gpu.id),
        range,
        bucketSeconds(range),
      );
      return { id, gpus: gpus.map((gpu) => gpu.index), series };
    })(),
  );
}

async function readNode(id: number, range: TimeRange, now: Date): Promise<NodeDetail | null> {
  const [node] = await db.$queryRaw<
    {
      id: number;
      hostname: string;
      state: NodeState;
      state_reason: string | null;
      state_since: Date;
      last_seen_at: Date | null;
      pool_id: number;
      pool: string;
      gpu_model: string;
      pricing_class: PricingClass;
      cluster: string;
      health_signals: NodeHealthSignal[];
    }[]
  >`
    SELECT n.id, n.hostname, n.state::text AS state, n.state_reason, n.state_since, n.last_seen_at, n.health_signals,
           p.id AS pool_id, p.name AS pool, p.gpu_model, p.pricing_class::text AS pricing_class, c.name AS cluster
    FROM node n JOIN pool p ON p.id = n.pool_id JOIN cluster c ON c.id = n.cluster_id
    WHERE n.id = ${id}`;
  if (!node) return null;

  const gpuRows = await db.$queryRaw<
    {
      id: number;
      index: number;
      uuid: string;
      model: string;
      memory_mib: number;
      healthy: boolean;
      reading_at: Date | null;
      util: number | null;
      fb_used_mib: number | null;
      fb_free_mib: number | null;
      fb_reserved_mib: number | null;
      power_w: number | null;
      temp_c: number | null;
      throttled: boolean | null;
      job_id: number | null;
      job_name: string | null;
    }[]
  >`
    SELECT g.id, g.index, g.uuid, g.model, g.memory_mib, g.healthy, l.ts AS reading_at,
           l.util, l.fb_used_mib, l.fb_free_mib, l.fb_reserved_mib, l.power_w, l.temp_c, l.throttled,
           j.id AS job_id, j.name AS job_name
    FROM gpu g
    LEFT JOIN gpu_latest l ON l.gpu_id = g.id
    LEFT JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL
    LEFT JOIN job j ON j.id = a.job_id
    WHERE g.node_id = ${id} AND g.retired_at IS NULL
    ORDER BY g.index`;
  const gpuIds = gpuRows.map((gpu) => gpu.id);
  const bucket = bucketSeconds(range);

  const [series, throttled, faults, jobs, states, freshness, actions] = await Promise.all([
    nodeSeries(gpuIds, range, bucket),
    throttledMinutes(gpuIds, range),
    db.$queryRaw<
      {
        at: Date;
        gpu_index: number | null;
        kind: FaultKind;
        code: number | null;
        fatal: boolean;
        message: string | null;
      }[]
    >`
      SELECT f.at, g.index AS gpu_index, f.kind::text AS kind, f.code, f.fatal, f.message
      FROM gpu_fault f LEFT JOIN gpu g ON g.id = f.gpu_id
      WHERE f.node_id = ${id} AND f.at >= ${range.from}::timestamptz AND f.at < ${range.to}::timestamptz
      ORDER BY f.at DESC LIMIT 500`,
    db.$queryRaw<(Omit<NodeJobRun, 'from' | 'to'> & { from: Date; to: Date | null })[]>`
      SELECT j.id, j.name, j.kind::text AS kind, t.name AS team, pr.name AS project, j.state::text AS state,
             j.health::text AS health, count(DISTINCT a.gpu_id)::int AS gpus, min(a."from") AS "from",
             CASE WHEN bool_or(a."to" IS NULL) THEN NULL ELSE max(a."to") END AS "to"
      FROM allocation a
      JOIN job j ON j.id = a.job_id JOIN team t ON t.id = j.team_id JOIN project pr ON pr.id = j.project_id
      WHERE a.gpu_id = ANY(${gpuIds}::int[]) AND a."from" < ${range.to}::timestamptz
        AND (a."to" IS NULL OR a."to" > ${range.from}::timestamptz)
      GROUP BY j.id, t.name, pr.name
      ORDER BY min(a."from") DESC LIMIT 200`,
    nodeStateSpans(id, range, { state: node.state, reason: node.state_reason, since: node.state_since }),
    freshnessOf(now),
    actionsInRange({ targetType: 'node', targetId: id, range, limit: MARKED_ACTIONS }),
  ]);

  const throttledByGpu = new Map(throttled.map((row) => [row.gpu_id, row.minutes]));
  const gpus: NodeGpu[] = gpuRows.map((gpu) => ({
    id: gpu.id,
    index: gpu.index,
    uuid: gpu.uuid,
    model: gpu.model,
    memoryMib: gpu.memory_mib,
    healthy: gpu.healthy,
    readingAt: gpu.reading_at?.toISOString() ?? null,
    util: gpu.util,
    fbUsedMib: gpu.fb_used_mib,
    fbFreeMib: gpu.fb_free_mib,
    fbReservedMib: gpu.fb_reserved_mib,
    powerW: gpu.power_w,
    tempC: gpu.temp_c,
    throttled: gpu.throttled,
    job: gpu.job_id === null ? null : { id: gpu.job_id, name: gpu.job_name ?? '' },
    throttledMinutes: throttledByGpu.get(gpu.id) ?? 0,
  }));

  return {
    id: node.id,
    hostname: node.hostname,
    pool: { id: node.pool_id, name: node.pool, gpuModel: node.gpu_model, pricingClass: node.pricing_class },
    cluster: node.cluster,
    state: node.state,
    stateReason: node.state_reason,
    stateSince: node.state_since.toISOString(),
    lastSeenAt: node.last_seen_at?.toISOString() ?? null,
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    asOf: newest(gpuRows.map((gpu) => gpu.reading_at)),
    silence: nodeSilence(
      gpuRows.map((gpu) => gpu.reading_at),
      now,
      freshness.staleAfterSeconds * 1000,
    ),
    generatedAt: now.toISOString(),
    timeZone: env().FLEET_ORG_TIMEZONE,
    freshness,
    gpus,
    series,
    faults: faults.map((fault) => {
      const xid = fault.kind === 'xid' && fault.code !== null ? xidInfo(fault.code) : null;
      return {
        at: fault.at.toISOString(),
        gpuIndex: fault.gpu_index,
        kind: fault.kind,
        code: fault.code,
        fatal: fault.fatal,
        message: fault.message,
        meaning: xid?.meaning ?? null,
        action: xid?.action ?? null,
        severity: xid?.severity ?? null,
      };
    }),
    jobs: jobs.map((job) => ({
      id: job.id,
      name: job.name,
      kind: job.kind,
      team: job.team,
      project: job.project,
      state: job.state,
      health: job.health,
      gpus: job.gpus,
      from: job.from.toISOString(),
      to: job.to?.toISOString() ?? null,
    })),
    states,
    actions,
    signals: node.health_signals,
  };
}
