'use server';

// Handling incidents (operators): acknowledge, assign, note, resolve, reopen, and declare one by hand. Each locks the
// incident's row, checks its state on the server (a form also sends the state its page showed, so a stale page is
// refused rather than acted on), writes the timeline entry, and tells the channels of acknowledgements, resolutions
// and reopenings.
import { incidentSeverity } from '@/lib/domain/severity';
import { randomUUID } from 'node:crypto';
import { revalidatePath } from 'next/cache';
import type { SessionUser } from '@/lib/auth/session';
import type { IncidentState } from '@/lib/domain/enums';
import { addIncidentEvent, notifyIncident, raiseIncident, resolveIncident } from '@/lib/incidents/signals';
import type { z } from 'zod';
import { action, ActionError, type Tx } from './action';
import {
  acknowledgeSchema,
  assignSchema,
  declareSchema,
  noteSchema,
  reopenSchema,
  resolveSchema,
} from './incident-schemas';

const STATE_WORDS: Record<IncidentState, string> = {
  open: 'open',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
};

/** The incident, locked until the transaction ends, so that two people acting at once act one after the other. */
async function lockIncident(tx: Tx, id: number) {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM incident WHERE id = ${id} FOR UPDATE`;
  if (!locked.length) throw new ActionError(`There is no incident ${id}.`, 'not_found');
  return tx.incident.findUniqueOrThrow({ where: { id }, include: { assignee: { select: { id: true, name: true } } } });
}

/** Who last moved it to the state it is in, for a refusal that says what happened. */
async function lastChangedBy(tx: Tx, id: number): Promise<string> {
  const event = await tx.incidentEvent.findFirst({
    where: { incidentId: id, kind: { in: ['opened', 'acknowledged', 'resolved', 'reopened'] } },
    orderBy: { id: 'desc' },
    include: { actor: { select: { name: true } } },
  });
  return event?.actor ? ` by ${event.actor.name}` : '';
}

/** A page that showed another state than the incident is in now is out of date: nothing is done. */
async function refuseIfStale(tx: Tx, incident: { id: number; state: IncidentState }, seen: IncidentState | undefined) {
  if (!seen || seen === incident.state) return;
  throw new ActionError(
    `It was ${STATE_WORDS[incident.state]}${await lastChangedBy(tx, incident.id)} after this page showed it ${STATE_WORDS[seen]}. Nothing was changed; reload to see it as it is.`,
    'conflict',
  );
}

const who = (user: SessionUser) => ({ id: user.id, email: user.email });

const refresh = (data: { id: number }) => {
  revalidatePath('/on-call');
  revalidatePath('/incidents');
  revalidatePath(`/incidents/${data.id}`);
};

type LockedIncident = Awaited<ReturnType<typeof lockIncident>>;

/**
 * An operator's action on one incident: `step` runs with the incident's row locked, once a page that showed it in
 * another state (`seenState`, sent by the forms that change its state) has been refused.
 */
function incidentAction<
  Schema extends z.ZodType<{ id: number; seenState?: IncidentState }>,
  Data extends { id: number },
>(
  name: string,
  input: Schema,
  step: (context: { input: z.infer<Schema>; user: SessionUser; tx: Tx; incident: LockedIncident }) => Promise<Data>,
) {
  return action({
    name,
    role: 'operator',
    input,
    target: (fields) => ({ type: 'incident', id: fields.id }),
    async run({ input: fields, user, tx }) {
      const incident = await lockIncident(tx, fields.id);
      await refuseIfStale(tx, incident, fields.seenState);
      return step({ input: fields, user, tx, incident });
    },
    after: refresh,
  });
}

export const acknowledgeIncident = incidentAction(
  'incident.acknowledge',
  acknowledgeSchema,
  async ({ user, tx, incident }) => {
    if (incident.state === 'resolved') {
      throw new ActionError('It is resolved: reopen it first if it is not over.', 'conflict');
    }
    if (incident.state === 'acknowledged') {
      throw new ActionError(`It is acknowledged already${await lastChangedBy(tx, incident.id)}.`, 'conflict');
    }
    const now = new Date();
    // Whoever acknowledges an unassigned incident takes it.
    const takes = incident.assigneeId === null;
    await tx.incident.update({
      where: { id: incident.id },
      data: {
        state: 'acknowledged',
        // Time to acknowledge counts the first acknowledgement, also after a reopening.
        acknowledgedAt: incident.acknowledgedAt ?? now,
        ...(takes ? { assigneeId: user.id } : {}),
      },
    });
    await addIncidentEvent(tx, incident.id, {
      kind: 'acknowledged',
      message: `Acknowledged by ${user.name}`,
      at: now,
      actorId: user.id,
    });
    if (takes) {
      await addIncidentEvent(tx, incident.id, {
        kind: 'assigned',
        message: `Assigned to ${user.name}`,
        at: now,
        actorId: user.id,
        data: { assigneeId: user.id, previousAssigneeId: null },
      });
    }
    await notifyIncident(tx, incident.id, 'acknowledged', now);
    return { id: incident.id, state: 'acknowledged' as const };
  },
);

export const assignIncident = incidentAction('incident.assign', assignSchema, async ({ input, user, tx, incident }) => {
  if (incident.state === 'resolved') {
    throw new ActionError('It is resolved: reopen it first to hand it to someone.', 'conflict');
  }
  const assigneeId = input.assignee === 'me' ? user.id : input.assignee;
  const assignee = await tx.user.findUnique({ where: { id: assigneeId } });
  if (!assignee || assignee.disabled) throw ActionError.field('assignee', 'is not a person who can sign in');
  if (assignee.role === 'viewer') throw ActionError.field('assignee', `${assignee.name} is a viewer and cannot act`);
  if (incident.assigneeId === assignee.id) {
    throw new ActionError(`It is assigned to ${assignee.name} already.`, 'conflict');
  }
  await tx.incident.update({ where: { id: incident.id }, data: { assigneeId: assignee.id } });
  await addIncidentEvent(tx, incident.id, {
    kind: 'assigned',
    message: assignee.id === user.id ? `${user.name} took it` : `Assigned to ${assignee.name} by ${user.name}`,
    actorId: user.id,
    data: { assigneeId: assignee.id, previousAssigneeId: incident.assigneeId },
  });
  return { id: incident.id, assigneeId: assignee.id };
});

export const addIncidentNote = incidentAction('incident.note', noteSchema, async ({ input, user, tx, incident }) => {
  // Notes are welcome at any state: what was learnt after the fact belongs on the timeline too.
  await addIncidentEvent(tx, incident.id, { kind: 'note', message: input.note, actorId: user.id });
  return { id: incident.id };
});

export const resolveIncidentByHand = incidentAction(
  'incident.resolve',
  resolveSchema,
  async ({ input, user, tx, incident }) => {
    if (incident.state === 'resolved') {
      throw new ActionError(`It is resolved already${await lastChangedBy(tx, incident.id)}.`, 'conflict');
    }
    await resolveIncident(tx, incident.id, { message: input.resolution, actor: who(user) });
    return { id: incident.id, state: 'resolved' as const };
  },
);

export const reopenIncident = incidentAction('incident.reopen', reopenSchema, async ({ input, user, tx, incident }) => {
  if (incident.state !== 'resolved') {
    throw new ActionError(
      `It is ${STATE_WORDS[incident.state]}, not resolved: there is nothing to reopen.`,
      'conflict',
    );
  }
  // One unresolved incident per key: a newer one opened by the same cause takes its place.
  const newer = await tx.incident.findFirst({
    where: { key: incident.key, state: { not: 'resolved' } },
    select: { id: true },
  });
  if (newer) {
    throw new ActionError(
      `Incident ${newer.id} is open for the same cause: carry on there rather than reopening this one.`,
      'conflict',
    );
  }
  const now = new Date();
  await tx.incident.update({ where: { id: incident.id }, data: { state: 'open', resolvedAt: null } });
  await addIncidentEvent(tx, incident.id, {
    kind: 'reopened',
    message: `Reopened by ${user.name}: ${input.reason}`,
    at: now,
    actorId: user.id,
  });
  await notifyIncident(tx, incident.id, 'reopened', now);
  return { id: incident.id, state: 'open' as const };
});

async function findJob(tx: Tx, text: string) {
  const id = /^\d+$/.test(text) ? Number(text) : null;
  const job =
    (id !== null && id <= 2_147_483_647 ? await tx.job.findUnique({ where: { id } }) : null) ??
    (await tx.job.findFirst({ where: { externalId: text }, orderBy: { submittedAt: 'desc' } })) ??
    (await tx.job.findFirst({ where: { name: text }, orderBy: { submittedAt: 'desc' } }));
  if (!job) throw ActionError.field('job', `there is no job with the id or name "${text}"`);
  return job;
}

export const declareIncident = action({
  name: 'incident.declare',
  role: 'operator',
  input: declareSchema,
  async run({ input, user, tx }) {
    const job = input.job ? await findJob(tx, input.job) : null;
    const node = input.node ? await tx.node.findFirst({ where: { hostname: input.node } }) : null;
    if (input.node && !node) throw ActionError.field('node', `there is no node named "${input.node}"`);
    const raised = await raiseIncident(tx, {
      // Each declaration is an incident of its own: nothing else raises a manual key.
      key: `manual:${randomUUID()}`,
      title: input.title,
      ...incidentSeverity({ what: 'declared', severity: input.severity }),
      source: 'manual',
      summary: input.summary,
      message: `Declared by ${user.name}`,
      jobId: job?.id ?? null,
      nodeId: node?.id ?? null,
      actor: who(user),
    });
    return { id: raised.incidentId };
  },
  after: refresh,
});
