// Idle and wasteful GPUs now: every job holding GPUs, priced at the rate of the GPUs it holds, with its
// utilization over the last hour of data and what it wastes per hour (lib/domain/waste.ts); and each pool's GPUs
// nobody holds, priced the same way. The last notice sent to each job's owner is read from the audit log.
import 'server-only';
import { db } from '@/lib/db';
import type { JobHealth, JobKind } from '@/lib/domain/enums';
import { wasteNow, type WasteCause } from '@/lib/domain/waste';
import { ratePeriods } from '@/lib/pricing/sql';
import { readSettings } from '@/lib/settings/org';
import { withDeadline } from './deadline';
import { freshnessOf } from './freshness';
import type { Freshness } from './types';
import { HOUR_MS } from '@/lib/domain/time';

export interface WasteRow {
  id: number;
  name: string;
  externalId: string;
  kind: JobKind;
  team: string;
  project: string;
  owner: string | null;
  health: JobHealth;
  gpus: number;
  /** The hourly rate of the GPUs it holds; null where one has no rate. */
  ratePerHour: number | null;
  utilization: number | null;
  wastePerHour: number | null;
  cause: WasteCause;
  detail: string;
  actionable: boolean;
  /** The latest notice sent to its owner about it. */
  notified: { at: string; by: string } | null;
}

export interface IdlePool {
  id: number;
  name: string;
  /** GPUs on nodes that take work, held by no job. */
  idleGpus: number;
  /** GPUs on nodes cordoned, draining, down, rebooting or provisioning: out of service, paid for all the same. */
  outOfServiceGpus: number;
  ratePerGpuHour: number | null;
}

export interface WasteView {
  generatedAt: string;
  /** The last hour of data the utilization is measured over. */
  window: { from: string; to: string };
  freshness: Freshness;
  currency: string;
  timeZone: string;
  rows: WasteRow[];
  pools: IdlePool[];
}

interface JobRow {
  id: number;
  name: string;
  external_id: string;
  kind: JobKind;
  team: string;
  project: string;
  owner: string | null;
  health: JobHealth;
  health_reason: string | null;
  desired_replicas: number | null;
  gpus: number;
  rate: number | null;
  unpriced: number;
  util: number | null;
  notified_at: Date | null;
  notified_by: string | null;
}

async function holders(from: Date, to: Date, jobId: number | null = null): Promise<JobRow[]> {
  return db.$queryRaw<JobRow[]>`
    WITH ${ratePeriods(to, new Date(to.getTime() + 1))}, held AS (
      SELECT a.job_id, count(*)::int AS gpus, sum(pr.price)::float8 AS rate,
             count(*) FILTER (WHERE pr.price IS NULL)::int AS unpriced
      FROM allocation a
      JOIN gpu g ON g.id = a.gpu_id JOIN node n ON n.id = g.node_id JOIN pool p ON p.id = n.pool_id
      LEFT JOIN priced pr ON pr.gpu_model = p.gpu_model AND pr.pricing_class = p.pricing_class
                         AND pr.p_from <= ${to}::timestamptz AND pr.p_to > ${to}::timestamptz
      WHERE a."to" IS NULL AND (${jobId}::int IS NULL OR a.job_id = ${jobId}::int)
      GROUP BY a.job_id
    ), held_ids AS (
      SELECT array_agg(gpu_id) AS ids FROM allocation
      WHERE "to" IS NULL AND (${jobId}::int IS NULL OR job_id = ${jobId}::int)
    ), recent AS (
      -- The minutes the source charged to the job that holds the GPU now.
      SELECT s.job_id, avg(s.util)::float8 / 100 AS util
      FROM held_ids, LATERAL gpu_minutes(held_ids.ids, ${from}::timestamptz, ${to}::timestamptz) s
      WHERE s.job_id IN (SELECT job_id FROM held)
      GROUP BY s.job_id
    )
    SELECT j.id, j.name, j.external_id, j.kind::text AS kind, t.name AS team, pj.name AS project, j.owner,
           j.health::text AS health, j.health_reason, j.desired_replicas, h.gpus, h.rate, h.unpriced, r.util,
           nt.at AS notified_at, nt.actor_label AS notified_by
    FROM held h
    JOIN job j ON j.id = h.job_id JOIN team t ON t.id = j.team_id JOIN project pj ON pj.id = j.project_id
    LEFT JOIN recent r ON r.job_id = h.job_id
    LEFT JOIN LATERAL (
      SELECT at, actor_label FROM audit_event
      WHERE action = 'job.notify_owner' AND target_type = 'job' AND target_id = j.id::text AND result = 'ok'
      ORDER BY at DESC LIMIT 1
    ) nt ON true`;
}

async function idlePools(at: Date): Promise<IdlePool[]> {
  const rows = await db.$queryRaw<{ id: number; name: string; idle: number; out: number; price: number | null }[]>`
    WITH ${ratePeriods(at, new Date(at.getTime() + 1))}
    SELECT p.id, p.name,
           count(*) FILTER (WHERE n.state = 'ready' AND g.healthy AND a.id IS NULL)::int AS idle,
           count(*) FILTER (WHERE n.state <> 'ready')::int AS out,
           (SELECT pr.price FROM priced pr WHERE pr.gpu_model = p.gpu_model AND pr.pricing_class = p.pricing_class
              AND pr.p_from <= ${at}::timestamptz AND pr.p_to > ${at}::timestamptz) AS price
    FROM pool p
    JOIN node n ON n.pool_id = p.id AND n.state <> 'retired'
    JOIN gpu g ON g.node_id = n.id AND g.retired_at IS NULL
    LEFT JOIN allocation a ON a.gpu_id = g.id AND a."to" IS NULL
    GROUP BY p.id ORDER BY p.name`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    idleGpus: row.idle,
    outOfServiceGpus: row.out,
    ratePerGpuHour: row.price,
  }));
}

function toRow(job: JobRow): WasteRow {
  const ratePerHour = job.unpriced > 0 ? null : job.rate;
  const waste = wasteNow({
    kind: job.kind,
    health: job.health,
    healthReason: job.health_reason,
    gpus: job.gpus,
    ratePerHour,
    utilization: job.util,
    desiredReplicas: job.desired_replicas,
  });
  return {
    id: job.id,
    name: job.name,
    externalId: job.external_id,
    kind: job.kind,
    team: job.team,
    project: job.project,
    owner: job.owner,
    health: job.health,
    gpus: job.gpus,
    ratePerHour,
    utilization: job.util,
    wastePerHour: waste.perHour,
    cause: waste.cause,
    detail: waste.detail,
    actionable: waste.actionable,
    notified: job.notified_at ? { at: job.notified_at.toISOString(), by: job.notified_by ?? '' } : null,
  };
}

/** The last hour the source has data for, not the hour before the wall clock: a lagging source is not idle. */
function windowOf(freshness: Freshness, now: Date) {
  const to = new Date(Math.min(now.getTime(), Date.parse(freshness.dataUntil ?? now.toISOString())));
  return { from: new Date(to.getTime() - HOUR_MS), to };
}

/** One job's waste now, as the page shows it; null when it holds no GPU. */
export async function jobWasteNow(jobId: number, now = new Date()): Promise<WasteRow | null> {
  const { from, to } = windowOf(await freshnessOf(now), now);
  const [job] = await holders(from, to, jobId);
  return job ? toRow(job) : null;
}

/** Jobs holding GPUs, most money wasted per hour first; those with no measure last. */
export function getWaste(now = new Date()): Promise<WasteView> {
  return withDeadline(
    (async () => {
      const [settings, freshness] = await Promise.all([readSettings(), freshnessOf(now)]);
      const { from, to } = windowOf(freshness, now);
      const [jobs, pools] = await Promise.all([holders(from, to), idlePools(to)]);
      const rows = jobs.map(toRow).sort((a, b) => (b.wastePerHour ?? -1) - (a.wastePerHour ?? -1) || a.id - b.id);
      return {
        generatedAt: now.toISOString(),
        window: { from: from.toISOString(), to: to.toISOString() },
        freshness,
        currency: settings.currency,
        timeZone: settings.timeZone,
        rows,
        pools,
      };
    })(),
  );
}
