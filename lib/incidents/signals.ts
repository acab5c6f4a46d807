// Opening, joining and resolving incidents (DOMAIN.md "Incidents"). Health rules, burn-rate alerts, budget alerts,
// Alertmanager and automatic recovery all raise *signals*: a signal with the key of an unresolved incident joins
// it; one that names a related incident (the node whose XID failed the job) joins that; otherwise it opens a new
// incident. The partial unique index on unresolved keys makes two workers raising the same signal open one.
// Everything here runs inside the caller's transaction; the notifications it writes are queued by the worker.
import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import type { IncidentSeverity, IncidentSource } from '@/lib/domain/enums';
import { env } from '@/lib/env';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { IncidentEventName, IncidentPayloadData, NotificationPayload } from '@/lib/notifications/payload';
import { createNotifications } from '@/lib/notifications/queue';
import { channelsFor } from '@/lib/notifications/routing';

type Tx = Prisma.TransactionClient;

export interface Signal {
  /** Deduplication key: one unresolved incident per key ("job:123:health", "alertmanager:<fingerprint>"). */
  key: string;
  title: string;
  severity: IncidentSeverity;
  /** Why that severity: the sentence of DOMAIN.md's rule that decided it (lib/domain/severity). */
  rule?: string;
  source: IncidentSource;
  /** What this signal says, for the incident's timeline. */
  message: string;
  summary?: string;
  jobId?: number | null;
  nodeId?: number | null;
  /** The GPUs it hurts (a throttled GPU, not every GPU of its job); added to the incident's. */
  gpuIds?: number[];
  /** When the fault began, if before the signal (a job degraded since 19:40, detected at 19:50). */
  faultAt?: Date;
  /** Keys of incidents this signal belongs with, if one of them is unresolved (the node a failed job ran on). */
  relatedKeys?: string[];
  labels?: Record<string, unknown>;
  data?: Record<string, unknown>;
  at?: Date;
  /** Channels told about this already in a message of their own (a budget alert's channels). */
  exceptChannelIds?: number[];
  /** The person who declared it, for an incident opened by hand; the console itself otherwise. */
  actor?: { id: number; email: string };
}

export interface RaiseOutcome {
  incidentId: number;
  /** opened: a new incident; joined: a signal added to an unresolved one (escalated if it raised the severity). */
  outcome: 'opened' | 'joined' | 'escalated';
  /** Notifications written, for the worker to queue once the transaction commits. */
  notificationIds: bigint[];
}

const consoleUrl = () => env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
export const incidentUrl = (id: number) => `${consoleUrl()}/incidents/${id}`;

const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;

export async function addIncidentEvent(
  tx: Tx,
  incidentId: number,
  event: {
    kind: Prisma.IncidentEventCreateManyInput['kind'];
    message: string;
    at?: Date;
    actorId?: number | null;
    actionId?: string | null;
    data?: unknown;
  },
) {
  await tx.incidentEvent.create({
    data: {
      incidentId,
      kind: event.kind,
      message: event.message,
      at: event.at ?? new Date(),
      actorId: event.actorId ?? null,
      actionId: event.actionId ?? null,
      data: event.data === undefined ? undefined : json(event.data),
    },
  });
}

async function findUnresolved(tx: Tx, keys: string[]) {
  if (!keys.length) return null;
  return tx.incident.findFirst({
    where: { key: { in: keys }, state: { not: 'resolved' } },
    orderBy: { openedAt: 'asc' },
  });
}

export async function raiseIncident(tx: Tx, signal: Signal): Promise<RaiseOutcome> {
  const at = signal.at ?? new Date();
  const existing = await findUnresolved(tx, [signal.key, ...(signal.relatedKeys ?? [])]);
  if (existing) return join(tx, existing, signal, at);

  const [created] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO incident (key, title, severity, severity_rule, source, summary, job_id, node_id, labels, opened_at,
                          gpu_ids, fault_at)
    VALUES (${signal.key}, ${signal.title}, ${signal.severity}::"IncidentSeverity", ${signal.rule ?? null},
            ${signal.source}::"IncidentSource", ${signal.summary ?? null}, ${signal.jobId ?? null},
            ${signal.nodeId ?? null}, ${JSON.stringify(signal.labels ?? {})}::jsonb, ${at}, ${signal.gpuIds ?? []}::int[],
            ${signal.faultAt ?? at})
    ON CONFLICT (key) WHERE state <> 'resolved' DO NOTHING RETURNING id`;
  if (!created) {
    // Another worker opened it between our read and our insert: join theirs.
    const raced = await findUnresolved(tx, [signal.key]);
    if (!raced) throw new Error(`incident ${signal.key} neither opened nor found`);
    return join(tx, raced, signal, at);
  }
  await addIncidentEvent(tx, created.id, {
    kind: 'opened',
    message: signal.message,
    at,
    actorId: signal.actor?.id,
    data: signal.data,
  });
  await recordAudit(
    {
      actor: signal.actor ?? 'system',
      action: 'incident.open',
      targetType: 'incident',
      targetId: String(created.id),
      reason: signal.message,
      input: { key: signal.key, source: signal.source, severity: signal.severity },
      result: 'ok',
      at,
    },
    tx,
  );
  const notificationIds = await notifyIncident(tx, created.id, 'opened', at, signal.exceptChannelIds);
  return { incidentId: created.id, outcome: 'opened', notificationIds };
}

async function join(
  tx: Tx,
  incident: {
    id: number;
    severity: IncidentSeverity;
    jobId: number | null;
    nodeId: number | null;
    gpuIds: number[];
    faultAt: Date | null;
  },
  signal: Signal,
  at: Date,
): Promise<RaiseOutcome> {
  await addIncidentEvent(tx, incident.id, { kind: 'signal', message: signal.message, at, data: signal.data });
  // A later signal may be the first to name the job or node (an alert whose labels carry the pod), and may hurt
  // more GPUs, or show the fault began earlier.
  const gpuIds = [...new Set([...incident.gpuIds, ...(signal.gpuIds ?? [])])];
  const affected = {
    ...(incident.jobId === null && signal.jobId ? { jobId: signal.jobId } : {}),
    ...(incident.nodeId === null && signal.nodeId ? { nodeId: signal.nodeId } : {}),
    ...(gpuIds.length > incident.gpuIds.length ? { gpuIds } : {}),
    ...(signal.faultAt && (!incident.faultAt || signal.faultAt < incident.faultAt) ? { faultAt: signal.faultAt } : {}),
  };
  if (Object.keys(affected).length) await tx.incident.update({ where: { id: incident.id }, data: affected });
  if (incident.severity === 'ticket' && signal.severity === 'page') {
    await tx.incident.update({
      where: { id: incident.id },
      data: { severity: 'page', severityRule: signal.rule ?? null },
    });
    await addIncidentEvent(tx, incident.id, {
      kind: 'signal',
      message: signal.rule ? `Escalated to page: ${signal.rule.replace(/^Page: /, '')}` : 'Escalated to page',
      at,
    });
    return {
      incidentId: incident.id,
      outcome: 'escalated',
      notificationIds: await notifyIncident(tx, incident.id, 'escalated', at),
    };
  }
  return { incidentId: incident.id, outcome: 'joined', notificationIds: [] };
}

/**
 * Resolves the unresolved incident with this key, when what raised it is over (the alert resolved, the job runs
 * again). Returns null when there is none. A person resolves through the incident actions instead.
 */
export async function clearIncident(
  tx: Tx,
  key: string,
  clear: { message: string; at?: Date },
): Promise<RaiseOutcome | null> {
  const incident = await findUnresolved(tx, [key]);
  if (!incident) return null;
  return resolveIncident(tx, incident.id, { ...clear, actor: 'system' });
}

export async function resolveIncident(
  tx: Tx,
  incidentId: number,
  input: { message: string; at?: Date; actor: 'system' | { id: number; email: string } },
): Promise<RaiseOutcome> {
  const at = input.at ?? new Date();
  await tx.incident.update({ where: { id: incidentId }, data: { state: 'resolved', resolvedAt: at } });
  await addIncidentEvent(tx, incidentId, {
    kind: 'resolved',
    message: input.message,
    at,
    actorId: input.actor === 'system' ? null : input.actor.id,
  });
  if (input.actor === 'system') {
    await recordAudit(
      {
        actor: 'system',
        action: 'incident.resolve',
        targetType: 'incident',
        targetId: String(incidentId),
        reason: input.message,
        result: 'ok',
        at,
      },
      tx,
    );
  }
  return { incidentId, outcome: 'joined', notificationIds: await notifyIncident(tx, incidentId, 'resolved', at) };
}

/** Writes the incident's message for every channel its severity and team route to. */
export async function notifyIncident(
  tx: Tx,
  incidentId: number,
  event: IncidentEventName,
  at: Date = new Date(),
  exceptChannelIds: number[] = [],
): Promise<bigint[]> {
  const incident = await tx.incident.findUniqueOrThrow({
    where: { id: incidentId },
    include: {
      job: { select: { id: true, name: true, teamId: true, team: { select: { name: true } } } },
      node: { select: { id: true, hostname: true } },
    },
  });
  const channelIds = (
    await channelsFor(tx, { type: 'incident', severity: incident.severity, teamId: incident.job?.teamId ?? null })
  ).filter((id) => !exceptChannelIds.includes(id));
  if (!channelIds.length) return [];
  const data: IncidentPayloadData = {
    event,
    incident: {
      id: incident.id,
      key: incident.key,
      title: incident.title,
      severity: incident.severity,
      state: incident.state,
      source: incident.source,
      summary: incident.summary,
      openedAt: incident.openedAt.toISOString(),
      team: incident.job?.team.name ?? null,
      job: incident.job ? { id: incident.job.id, name: incident.job.name } : null,
      node: incident.node,
      url: incidentUrl(incident.id),
    },
  };
  const payload: NotificationPayload = {
    type: 'incident',
    subject: `[${incident.severity === 'page' ? 'PAGE' : 'ticket'}] ${EVENT_WORDS[event]}: ${incident.title}`,
    text: [
      `${EVENT_WORDS[event]}: ${incident.title}`,
      `Severity: ${incident.severity}. Source: ${incident.source.replace('_', ' ')}.`,
      ...(incident.severityRule ? [incident.severityRule] : []),
      ...(incident.summary ? ['', incident.summary] : []),
      '',
      data.incident.url,
    ].join('\n'),
    data,
  };
  return createNotifications(tx, {
    channelIds,
    dedupKey: `incident:${incident.id}:${event}:${at.getTime()}`,
    payload,
    incidentId: incident.id,
  });
}

const EVENT_WORDS: Record<IncidentEventName, string> = {
  opened: 'Opened',
  escalated: 'Escalated to page',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  reopened: 'Reopened',
};
