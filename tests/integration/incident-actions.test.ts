// Handling an incident through the server actions, on a real database: who may, what each state allows, a stale
// page refused, a double submit acting once, and the timeline and channels told of each step.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session } from './fake-session';
import { buildIncidentFleet, USERS } from './incident-fixture';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const actions = await import('@/lib/actions/incidents');
const { raiseIncident } = await import('@/lib/incidents/signals');

const key = () => randomUUID();

async function openIncident(title: string, severity: 'page' | 'ticket' = 'page') {
  const raised = await db.$transaction((tx) =>
    raiseIncident(tx, { key: `test:${title}`, title, severity, source: 'health_rule', message: title, jobId: 1 }),
  );
  return raised.incidentId;
}

const timeline = async (incidentId: number) =>
  (await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: 'asc' } })).map((event) => [
    event.kind,
    event.message,
    event.actorId,
  ]);

const notified = async (incidentId: number) =>
  (await db.notification.findMany({ where: { incidentId }, orderBy: { id: 'asc' } })).map(
    (row) => (row.payload as { data: { event: string } }).data.event,
  );

beforeAll(async () => {
  await buildIncidentFleet(process.env.DATABASE_URL!);
  // A channel that takes every incident, so that each notification an action writes can be counted.
  await db.notificationChannel.create({
    data: { name: 'on-call pager', kind: 'webhook', config: { url: 'http://127.0.0.1:9/x' } },
  });
});

describe('incident actions refuse a viewer', () => {
  it('for every action, changing nothing and recording the refusal', async () => {
    const id = await openIncident('Viewer cannot touch this');
    session.user = USERS.viewer;
    const attempts = [
      actions.acknowledgeIncident({ id, idempotencyKey: key() }),
      actions.assignIncident({ id, assignee: 'me', idempotencyKey: key() }),
      actions.addIncidentNote({ id, note: 'looking', idempotencyKey: key() }),
      actions.resolveIncidentByHand({ id, resolution: 'fixed it', idempotencyKey: key() }),
      actions.reopenIncident({ id, reason: 'not over', idempotencyKey: key() }),
      actions.declareIncident({ title: 'Everything is on fire', severity: 'page', idempotencyKey: key() }),
    ];
    for (const result of await Promise.all(attempts)) {
      expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(await db.incident.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'open', assigneeId: null });
    expect((await timeline(id)).map(([kind]) => kind)).toEqual(['opened']);
    expect(await db.incident.count({ where: { source: 'manual' } })).toBe(0);
    expect(
      await db.auditEvent.count({
        where: { actorId: USERS.viewer.id, result: 'denied', action: { startsWith: 'incident.' } },
      }),
    ).toBe(6);
  });
});

describe('acknowledging', () => {
  let id: number;
  beforeAll(async () => {
    id = await openIncident('XID 79 on gpu-a-001');
  });

  it('takes an open incident, assigns it to whoever acknowledged it, and tells the channels', async () => {
    session.user = USERS.operator;
    const result = await actions.acknowledgeIncident({ id, seenState: 'open', idempotencyKey: key() });
    expect(result).toEqual({ ok: true, data: { id, state: 'acknowledged' } });
    const incident = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(incident).toMatchObject({ state: 'acknowledged', assigneeId: USERS.operator.id });
    expect(incident.acknowledgedAt).not.toBeNull();
    expect((await timeline(id)).slice(1)).toEqual([
      ['acknowledged', 'Acknowledged by Otto Operator', USERS.operator.id],
      ['assigned', 'Assigned to Otto Operator', USERS.operator.id],
    ]);
    expect(await notified(id)).toEqual(['opened', 'acknowledged']);
  });

  it('acts once for a double submit of the same form', async () => {
    const other = await openIncident('Double submit');
    session.user = USERS.operator;
    const idempotencyKey = key();
    const [first, second] = await Promise.all([
      actions.acknowledgeIncident({ id: other, seenState: 'open', idempotencyKey }),
      actions.acknowledgeIncident({ id: other, seenState: 'open', idempotencyKey }),
    ]);
    expect(first).toEqual({ ok: true, data: { id: other, state: 'acknowledged' } });
    expect(second).toEqual(first);
    expect((await timeline(other)).filter(([kind]) => kind === 'acknowledged')).toHaveLength(1);
    expect(await notified(other)).toEqual(['opened', 'acknowledged']);
  });

  it('refuses a page that still showed it open, saying who acknowledged it', async () => {
    session.user = USERS.operator2;
    const result = await actions.acknowledgeIncident({ id, seenState: 'open', idempotencyKey: key() });
    expect(result).toMatchObject({ ok: false, code: 'conflict' });
    expect(!result.ok && result.error).toBe(
      'It was acknowledged by Otto Operator after this page showed it open. Nothing was changed; reload to see it as it is.',
    );
    const again = await actions.acknowledgeIncident({ id, seenState: 'acknowledged', idempotencyKey: key() });
    expect(!again.ok && again.error).toBe('It is acknowledged already by Otto Operator.');
    expect((await timeline(id)).filter(([kind]) => kind === 'acknowledged')).toHaveLength(1);
  });

  it('refuses a resolved incident', async () => {
    const resolved = await openIncident('Already over');
    session.user = USERS.operator;
    await actions.resolveIncidentByHand({ id: resolved, resolution: 'rebooted the node', idempotencyKey: key() });
    const result = await actions.acknowledgeIncident({ id: resolved, idempotencyKey: key() });
    expect(result).toMatchObject({
      ok: false,
      code: 'conflict',
      error: 'It is resolved: reopen it first if it is not over.',
    });
  });

  it('refuses an incident that does not exist, and input that is not an incident', async () => {
    session.user = USERS.operator;
    expect(await actions.acknowledgeIncident({ id: 999999, idempotencyKey: key() })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await actions.acknowledgeIncident({ id: 'abc', idempotencyKey: key() })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { id: ['is not an incident'] },
    });
  });
});

describe('assigning', () => {
  it('hands it to another operator, or to me, and refuses viewers and people who cannot sign in', async () => {
    const id = await openIncident('Straggler on pretrain-70b', 'ticket');
    session.user = USERS.operator;
    expect(await actions.assignIncident({ id, assignee: String(USERS.operator2.id), idempotencyKey: key() })).toEqual({
      ok: true,
      data: { id, assigneeId: USERS.operator2.id },
    });
    expect(
      await actions.assignIncident({ id, assignee: String(USERS.viewer.id), idempotencyKey: key() }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { assignee: ['Vera Viewer is a viewer and cannot act'] },
    });
    expect(
      await actions.assignIncident({ id, assignee: String(USERS.disabled.id), idempotencyKey: key() }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { assignee: ['is not a person who can sign in'] },
    });
    expect(await actions.assignIncident({ id, assignee: 'me', idempotencyKey: key() })).toMatchObject({ ok: true });
    expect(await actions.assignIncident({ id, assignee: 'me', idempotencyKey: key() })).toMatchObject({
      ok: false,
      code: 'conflict',
      error: 'It is assigned to Otto Operator already.',
    });
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).assigneeId).toBe(USERS.operator.id);
    expect((await timeline(id)).slice(1)).toEqual([
      ['assigned', 'Assigned to Olga Oncall by Otto Operator', USERS.operator.id],
      ['assigned', 'Otto Operator took it', USERS.operator.id],
    ]);
  });
});

describe('notes', () => {
  it('go on the timeline at any state, and an empty one is refused at its field', async () => {
    const id = await openIncident('Node gpu-a-002 lost');
    session.user = USERS.operator;
    expect(await actions.addIncidentNote({ id, note: '  Looking at the BMC logs  ', idempotencyKey: key() })).toEqual({
      ok: true,
      data: { id },
    });
    expect(await actions.addIncidentNote({ id, note: '   ', idempotencyKey: key() })).toMatchObject({
      ok: false,
      fieldErrors: { note: ['write the note'] },
    });
    await actions.resolveIncidentByHand({ id, resolution: 'Replaced the PSU', idempotencyKey: key() });
    session.user = USERS.admin;
    expect(await actions.addIncidentNote({ id, note: 'Vendor RMA 4411', idempotencyKey: key() })).toMatchObject({
      ok: true,
    });
    expect((await timeline(id)).slice(1)).toEqual([
      ['note', 'Looking at the BMC logs', USERS.operator.id],
      ['resolved', 'Replaced the PSU', USERS.operator.id],
      ['note', 'Vendor RMA 4411', USERS.admin.id],
    ]);
  });
});

describe('resolving and reopening', () => {
  let id: number;
  beforeAll(async () => {
    id = await openIncident('Job pretrain-70b stalled');
  });

  it('resolves with what fixed it, once', async () => {
    session.user = USERS.operator;
    expect(await actions.resolveIncidentByHand({ id, resolution: 'ok', idempotencyKey: key() })).toMatchObject({
      ok: false,
      fieldErrors: { resolution: ['say what fixed it, in a few words'] },
    });
    const result = await actions.resolveIncidentByHand({
      id,
      seenState: 'open',
      resolution: 'Restarted from the 14:00 checkpoint',
      idempotencyKey: key(),
    });
    expect(result).toEqual({ ok: true, data: { id, state: 'resolved' } });
    const incident = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.state).toBe('resolved');
    expect(incident.resolvedAt).not.toBeNull();

    session.user = USERS.operator2;
    const twice = await actions.resolveIncidentByHand({ id, resolution: 'Also fixed it', idempotencyKey: key() });
    expect(twice).toMatchObject({ ok: false, code: 'conflict', error: 'It is resolved already by Otto Operator.' });
    expect(await notified(id)).toEqual(['opened', 'resolved']);
  });

  it('reopens a resolved incident with a reason, and refuses one that is not resolved', async () => {
    session.user = USERS.operator2;
    const result = await actions.reopenIncident({
      id,
      seenState: 'resolved',
      reason: 'It stalled again',
      idempotencyKey: key(),
    });
    expect(result).toEqual({ ok: true, data: { id, state: 'open' } });
    expect(await db.incident.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'open', resolvedAt: null });
    expect((await timeline(id)).at(-1)).toEqual(['reopened', 'Reopened by Olga Oncall: It stalled again', 4]);
    expect(await notified(id)).toEqual(['opened', 'resolved', 'reopened']);

    const again = await actions.reopenIncident({ id, reason: 'still stalled', idempotencyKey: key() });
    expect(again).toMatchObject({ ok: false, error: 'It is open, not resolved: there is nothing to reopen.' });
  });

  it('refuses to reopen when a newer incident is open for the same cause', async () => {
    session.user = USERS.operator;
    await actions.resolveIncidentByHand({ id, resolution: 'Restarted it again', idempotencyKey: key() });
    const newer = await openIncident('Job pretrain-70b stalled');
    expect(newer).not.toBe(id);
    const result = await actions.reopenIncident({ id, reason: 'same thing', idempotencyKey: key() });
    expect(result).toMatchObject({
      ok: false,
      code: 'conflict',
      error: `Incident ${newer} is open for the same cause: carry on there rather than reopening this one.`,
    });
  });
});

describe('declaring an incident', () => {
  it('opens a manual incident naming the job and node, and refuses ones it does not know', async () => {
    session.user = USERS.operator;
    expect(
      await actions.declareIncident({
        title: 'Checkpoint storage slow',
        severity: 'ticket',
        node: 'gpu-z-999',
        job: 'no-such-job',
        idempotencyKey: key(),
      }),
    ).toMatchObject({ ok: false, fieldErrors: { job: ['there is no job with the id or name "no-such-job"'] } });

    const result = await actions.declareIncident({
      title: 'Checkpoint storage slow',
      severity: 'page',
      summary: 'Writes take minutes',
      job: 'pretrain-70b',
      node: 'gpu-a-001',
      idempotencyKey: key(),
    });
    expect(result.ok).toBe(true);
    const incident = await db.incident.findUniqueOrThrow({ where: { id: result.ok ? result.data.id : 0 } });
    expect(incident).toMatchObject({
      title: 'Checkpoint storage slow',
      severity: 'page',
      source: 'manual',
      state: 'open',
      summary: 'Writes take minutes',
      jobId: 1,
      nodeId: 1,
    });
    expect(await timeline(incident.id)).toEqual([['opened', 'Declared by Otto Operator', USERS.operator.id]]);
    expect(await notified(incident.id)).toEqual(['opened']);
    expect(
      await db.auditEvent.findFirst({ where: { action: 'incident.open', targetId: String(incident.id) } }),
    ).toMatchObject({ actorLabel: USERS.operator.email });
  });
});
