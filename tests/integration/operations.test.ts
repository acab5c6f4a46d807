// The operation server actions through the real action() wrapper and a real database: who may act, what is
// refused (and then nothing is queued), the typed name for a 512-GPU job, and a double submit acting once.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { USERS, buildActionsFleet, withClient } from './actions-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());

const ops = await import('@/lib/actions/operations');

type Op = (input: Record<string, unknown>) => ReturnType<typeof ops.restartJob>;

/** One request per operation, each on a target whose state allows it. */
const EVERY_OPERATION: [string, Op, Record<string, unknown>][] = [
  ['job.restart', ops.restartJob, { targetId: 1 }],
  ['job.cancel', ops.cancelJob, { targetId: 6 }],
  ['service.scale', ops.scaleService, { targetId: 2, count: 3 }],
  ['node.cordon', ops.cordonNode, { targetId: 1 }],
  ['node.uncordon', ops.uncordonNode, { targetId: 3 }],
  ['node.drain', ops.drainNode, { targetId: 2 }],
  ['node.reboot', ops.rebootNode, { targetId: 4 }],
  ['node.replace', ops.replaceNode, { targetId: 1 }],
  ['pool.scale', ops.scalePool, { targetId: 1, count: 3 }],
];

const ask = (op: Op, input: Record<string, unknown>) =>
  op({ reason: 'checked on the node page', idempotencyKey: randomUUID(), ...input });

const queued = () => db.action.findMany({ orderBy: { requestedAt: 'asc' } });

beforeAll(buildActionsFleet);
beforeEach(async () => {
  await withClient(async (sql) => {
    await sql('DELETE FROM action');
    await sql('DELETE FROM action_request');
    await sql('DELETE FROM audit_event');
    await sql(`UPDATE job SET state = 'running', health = 'healthy', ended_at = NULL WHERE id = 1`);
  });
});

describe('who may act', () => {
  it.each([
    ['no session', null, 'unauthenticated'],
    ['a viewer', USERS.viewer, 'forbidden'],
  ] as const)('refuses %s every operation, queues nothing, and audits each refusal', async (_, user, code) => {
    session.user = user;
    for (const [kind, op, input] of EVERY_OPERATION) {
      expect(await ask(op, input), kind).toMatchObject({ ok: false, code });
    }
    expect(await queued()).toEqual([]);
    expect(await db.actionRequest.count()).toBe(0);
    const audits = await db.auditEvent.findMany();
    expect(audits.map((audit) => audit.action).sort()).toEqual(EVERY_OPERATION.map(([kind]) => kind).sort());
    expect(new Set(audits.map((audit) => audit.result))).toEqual(new Set(['denied']));
  });

  it.each([
    ['an operator', USERS.operator],
    ['an admin', USERS.admin],
  ] as const)('lets %s ask every operation, queued as pending actions in their name', async (_, user) => {
    session.user = user;
    for (const [kind, op, input] of EVERY_OPERATION) {
      expect(await ask(op, input), kind).toMatchObject({ ok: true, data: { kind, state: 'pending', replayed: false } });
    }
    const actions = await queued();
    expect(actions.map((action) => action.kind).sort()).toEqual(EVERY_OPERATION.map(([kind]) => kind).sort());
    for (const action of actions) {
      expect(action).toMatchObject({
        state: 'pending',
        actorKind: 'user',
        actorId: user.id,
        reason: 'checked on the node page',
      });
    }
    expect(actions.find((action) => action.kind === 'pool.scale')?.params).toEqual({
      label: 'h800-reserved',
      count: 3,
    });
    const audits = await db.auditEvent.findMany({ where: { result: 'ok' } });
    expect(audits).toHaveLength(EVERY_OPERATION.length);
    expect(audits.find((audit) => audit.action === 'node.cordon')).toMatchObject({
      actorLabel: user.email,
      targetType: 'node',
      targetId: '1',
      reason: 'checked on the node page',
    });
  });
});

describe('what is refused', () => {
  beforeEach(() => {
    session.user = USERS.operator;
  });

  it('asks for a reason for the audit log', async () => {
    const result = await ops.cordonNode({ targetId: 1, reason: ' ', idempotencyKey: randomUUID() });
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { reason: [expect.stringContaining('say why')] },
    });
    expect(await queued()).toEqual([]);
  });

  it('needs the exact name of a 512-GPU job typed: missing or wrong is a field error and nothing is queued', async () => {
    for (const confirmName of [undefined, 'pretrain-51', 'pretrain-16']) {
      const result = await ask(ops.cancelJob, { targetId: 4, confirmName });
      expect(result, String(confirmName)).toEqual({
        ok: false,
        code: 'invalid',
        error: 'Some fields are not valid.',
        fieldErrors: { confirmName: ['type pretrain-512 to confirm'] },
      });
    }
    expect(await queued()).toEqual([]);
    expect(await ask(ops.cancelJob, { targetId: 4, confirmName: 'pretrain-512' })).toMatchObject({ ok: true });
    expect((await queued()).map((action) => action.kind)).toEqual(['job.cancel']);
  });

  it('acts once for a double submit with the same key, at the same time or again later', async () => {
    const input = { targetId: 1, reason: 'stalled for 12 minutes', idempotencyKey: randomUUID() };
    const [first, twin] = await Promise.all([ops.restartJob(input), ops.restartJob(input)]);
    const again = await ops.restartJob(input);
    expect(first.ok).toBe(true);
    expect(twin).toEqual(first);
    expect(again).toEqual(first);
    expect(await queued()).toHaveLength(1);
  });

  it('refuses a second action on a job while the first is pending, naming it', async () => {
    expect(await ask(ops.restartJob, { targetId: 1 })).toMatchObject({ ok: true });
    const second = await ask(ops.cancelJob, { targetId: 1 });
    expect(second).toMatchObject({ ok: false, code: 'conflict' });
    expect(!second.ok && second.error).toContain(
      'pretrain-16 already has restart from checkpoint pending, asked by operator@fleet.local',
    );
    expect(await queued()).toHaveLength(1);
  });

  it('refuses a job already restarting and a node already cordoned', async () => {
    expect(await ask(ops.restartJob, { targetId: 5 })).toEqual({
      ok: false,
      code: 'conflict',
      error: 'restarting-job is already restarting.',
    });
    expect(await ask(ops.cordonNode, { targetId: 3 })).toEqual({
      ok: false,
      code: 'conflict',
      error: 'n3 is already cordoned.',
    });
    expect(await queued()).toEqual([]);
    expect(await db.auditEvent.count({ where: { result: 'failed' } })).toBe(2);
  });

  it('refuses a page opened while the job ran, once the job has succeeded since', async () => {
    await withClient((sql) =>
      sql(`UPDATE job SET state = 'succeeded', health = 'succeeded', ended_at = '2026-11-25T10:29Z' WHERE id = 1`),
    );
    expect(await ask(ops.restartJob, { targetId: 1 })).toEqual({
      ok: false,
      code: 'conflict',
      error: 'pretrain-16 has succeeded; there is nothing to restart.',
    });
    expect(await queued()).toEqual([]);
  });

  it('refuses a target that does not exist', async () => {
    expect(await ask(ops.drainNode, { targetId: 999 })).toMatchObject({
      ok: false,
      code: 'not_found',
      error: 'There is no node with id 999.',
    });
  });
});
