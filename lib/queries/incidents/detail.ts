// One incident, everything its page shows: the header's times, the timeline (its events, the actions taken about it
// with their state, the notifications sent with their outcome), the job and node it concerns with their utilization
// around it, and what it has cost so far.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { HOUR_MS, DAY_MS, MINUTE_MS } from '@/lib/domain/time';
import { bucketSeconds } from '@/lib/time-range';
import { withDeadline } from '../deadline';
import { jobSeries } from '../jobs/job-series';
import { nodeSeries } from '../nodes/series';
import { readSettings } from '@/lib/settings/org';
import { incidentCost } from './cost';
import { incidentRows } from './rows';
import type { IncidentDetail, TimelineItem, UtilizationChart } from './types';

/** Charts show the hour before it opened, up to half an hour after it resolved, and at most the last week. */
const CHART_LEAD_MS = HOUR_MS;
const CHART_TAIL_MS = 30 * MINUTE_MS;
const CHART_MAX_MS = 7 * DAY_MS;

export function getIncident(id: number, now = new Date()): Promise<IncidentDetail | null> {
  return withDeadline(readIncident(id, now));
}

async function readIncident(id: number, now: Date): Promise<IncidentDetail | null> {
  const incident = await db.incident.findUnique({
    where: { id },
    include: {
      job: { include: { team: true, project: true } },
      node: { include: { pool: true, gpus: { where: { retiredAt: null }, orderBy: { index: 'asc' } } } },
    },
  });
  if (!incident) return null;
  const [settings, { rows }, timeline, assignees, cost, charts, jobGpus, gpus] = await Promise.all([
    readSettings(),
    incidentRows({ where: Prisma.sql`i.id = ${id}`, order: Prisma.sql`i.id`, limit: 1 }),
    timelineOf(id),
    db.user.findMany({
      where: { disabled: false, role: { in: ['operator', 'admin'] } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
    incidentCost(incident, now),
    chartsOf(incident, now),
    incident.jobId === null ? Promise.resolve(0) : db.allocation.count({ where: { jobId: incident.jobId, to: null } }),
    db.gpu.findMany({
      where: { id: { in: incident.gpuIds } },
      select: { id: true, index: true, node: { select: { id: true, hostname: true } } },
      orderBy: [{ node: { hostname: 'asc' } }, { index: 'asc' }],
    }),
  ]);
  const row = rows[0];
  const ms = (at: Date | null) => (at ? at.getTime() - incident.openedAt.getTime() : null);
  return {
    generatedAt: now.toISOString(),
    timeZone: settings.timeZone,
    currency: settings.currency,
    incident: {
      ...row,
      labels: (incident.labels as Record<string, unknown> | null) ?? null,
      timeToAcknowledgeMs: ms(incident.acknowledgedAt),
      timeToRecoverMs: ms(incident.resolvedAt),
      gpus: gpus.map((gpu) => ({ id: gpu.id, nodeId: gpu.node.id, hostname: gpu.node.hostname, index: gpu.index })),
      faultAt: incident.faultAt && incident.faultAt < incident.openedAt ? incident.faultAt.toISOString() : null,
    },
    timeline,
    job: incident.job && {
      id: incident.job.id,
      name: incident.job.name,
      externalId: incident.job.externalId,
      team: incident.job.team.name,
      project: incident.job.project.name,
      state: incident.job.state,
      health: incident.job.health,
      gpus: jobGpus,
    },
    node: incident.node && {
      id: incident.node.id,
      hostname: incident.node.hostname,
      state: incident.node.state,
      pool: incident.node.pool.name,
      gpus: incident.node.gpus.length,
    },
    charts,
    cost,
    assignees,
  };
}

/** Every event, action and notification of the incident, oldest first. */
async function timelineOf(id: number): Promise<TimelineItem[]> {
  const [events, actions, notifications] = await Promise.all([
    db.incidentEvent.findMany({
      where: { incidentId: id },
      include: { actor: { select: { name: true } } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    }),
    db.action.findMany({
      where: { OR: [{ incidentId: id }, { recovery: { incidentId: id } }] },
      include: { actor: { select: { name: true } } },
      orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    }),
    db.notification.findMany({
      where: { incidentId: id },
      include: { channel: { select: { name: true, kind: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const targets = await targetNames(actions);
  const shownActions = new Set(actions.map((action) => action.id));
  const items: TimelineItem[] = [
    // The notification and action rows say more than the events that mirror them (a failure and its error, the
    // action's state now), so those events give way to the rows.
    ...events
      .filter((event) => event.kind !== 'notification' && !(event.actionId && shownActions.has(event.actionId)))
      .map((event): TimelineItem => ({
        type: 'event',
        id: `event-${event.id}`,
        at: event.at.toISOString(),
        kind: event.kind,
        message: event.message,
        actor: event.actor?.name ?? null,
      })),
    ...actions.map((action): TimelineItem => ({
      type: 'action',
      id: `action-${action.id}`,
      at: action.requestedAt.toISOString(),
      kind: action.kind,
      target: targets.get(`${action.targetType}:${action.targetId}`) ?? `${action.targetType} ${action.targetId}`,
      state: action.state,
      message: action.message,
      reason: action.reason,
      actor: action.actorKind === 'system' ? 'Automatic recovery' : (action.actor?.name ?? 'Someone'),
      finishedAt: action.finishedAt?.toISOString() ?? null,
    })),
    ...notifications.map((row): TimelineItem => ({
      type: 'notification',
      id: `notification-${row.id}`,
      at: (row.sentAt ?? row.createdAt).toISOString(),
      channel: row.channel.name,
      channelKind: row.channel.kind,
      state: row.state,
      attempts: row.attempts,
      error: row.lastError,
      subject: row.subject,
    })),
  ];
  // A stable sort keeps each kind's own order where times tie.
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** "job pretrain-70b", "node gpu-a-001" for the actions' targets, where they name a job or node by id. */
async function targetNames(actions: { targetType: string; targetId: string }[]) {
  const ids = (type: string) =>
    [...new Set(actions.filter((a) => a.targetType === type).map((a) => Number(a.targetId)))].filter(
      (value) => Number.isInteger(value) && value > 0 && value < 2 ** 31,
    );
  const [jobs, nodes] = await Promise.all([
    db.job.findMany({ where: { id: { in: ids('job') } }, select: { id: true, name: true } }),
    db.node.findMany({ where: { id: { in: ids('node') } }, select: { id: true, hostname: true } }),
  ]);
  return new Map<string, string>([
    ...jobs.map((job) => [`job:${job.id}`, `job ${job.name}`] as const),
    ...nodes.map((node) => [`node:${node.id}`, `node ${node.hostname}`] as const),
  ]);
}

async function chartsOf(
  incident: {
    jobId: number | null;
    openedAt: Date;
    resolvedAt: Date | null;
    node: { hostname: string; gpus: { id: number; index: number }[] } | null;
  },
  now: Date,
): Promise<UtilizationChart[]> {
  const to = Math.min(now.getTime(), (incident.resolvedAt?.getTime() ?? now.getTime()) + CHART_TAIL_MS);
  const from = Math.max(incident.openedAt.getTime() - CHART_LEAD_MS, to - CHART_MAX_MS);
  const range = { from: new Date(from), to: new Date(Math.max(to, from + MINUTE_MS)) };
  const charts: UtilizationChart[] = [];
  if (incident.jobId !== null) {
    const series = await jobSeries(incident.jobId, range, now);
    const lines = series.gpus?.length
      ? series.gpus.map((gpu) => ({
          key: `gpu${gpu.gpuId}`,
          label: `${gpu.hostname} GPU ${gpu.index}`,
          values: gpu.values,
        }))
      : [
          { key: 'median', label: 'Median GPU', values: series.median },
          { key: 'min', label: 'Lowest GPU', values: series.min },
        ];
    charts.push({
      title: 'Job GPU utilization',
      from: range.from.getTime(),
      to: range.to.getTime(),
      bucketSeconds: series.bucketSeconds,
      t: series.t,
      lines: series.t.length ? lines : [],
    });
  }
  if (incident.node && incident.node.gpus.length) {
    const bucket = bucketSeconds(range);
    const series = await nodeSeries(
      incident.node.gpus.map((gpu) => gpu.id),
      range,
      bucket,
    );
    charts.push({
      title: `Node ${incident.node.hostname} GPU utilization`,
      from: range.from.getTime(),
      to: range.to.getTime(),
      bucketSeconds: bucket,
      t: series.t,
      lines: incident.node.gpus.map((gpu, g) => ({
        key: `gpu${gpu.index}`,
        label: `GPU ${gpu.index}`,
        values: series.util[g],
      })),
    });
  }
  return charts;
}
