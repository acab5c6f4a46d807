// The action() wrapper on a real database, through a small action of the test's own that creates a team.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { db } from '@/lib/db';
import { session, type FakeUser } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { action, ActionError } = await import('@/lib/actions/action');

const users: Record<'viewer' | 'operator' | 'admin', FakeUser> = {
  viewer: { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' },
  operator: { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' },
  admin: { id: 3, name: 'A', email: 'admin@fleet.local', role: 'admin' },
};

const runs = { count: 0 };
const createTeam = action({
  name: 'team.create',
  role: 'admin',
  input: z.object({ name: z.string().trim().min(2, 'must be at least 2 characters'), reason: z.string().optional() }),
  target: (input) => ({ type: 'team', id: input.name }),
  async run({ input, tx }) {
    runs.count += 1;
    if (input.name === 'taken') throw ActionError.field('name', 'is taken');
    if (input.name === 'boom') throw new Error('disk on fire');
    // Slow enough that a twin sent at the same time arrives while this one is still working.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const team = await tx.team.create({ data: { name: input.name } });
    return { id: team.id, name: team.name };
  },
});

const audits = (result?: string) =>
  db.auditEvent.findMany({ where: { action: 'team.create', ...(result ? { result: result as 'ok' } : {}) } });

beforeEach(async () => {
  await db.auditEvent.deleteMany();
  await db.actionRequest.deleteMany();
  await db.team.deleteMany();
  runs.count = 0;
  await db.user.createMany({
    data: Object.values(users).map((user) => ({ id: user.id, email: user.email, name: user.name, role: user.role })),
    skipDuplicates: true,
  });
});

describe('action()', () => {
  it('refuses callers without a session and roles below the one it needs, changing nothing, and audits each refusal', async () => {
    for (const user of [null, users.viewer, users.operator]) {
      session.user = user;
      const result = await createTeam({ name: 'ml-infra', idempotencyKey: randomUUID() });
      expect(result).toMatchObject({ ok: false, code: user ? 'forbidden' : 'unauthenticated' });
    }
    expect(await db.team.count()).toBe(0);
    expect(runs.count).toBe(0);
    const denied = await audits('denied');
    expect(denied.map((row) => row.actorLabel).sort()).toEqual([
      'anonymous',
      'operator@fleet.local',
      'viewer@fleet.local',
    ]);
  });

  it('lets an admin act, and records who, what, target, reason, when and result', async () => {
    session.user = users.admin;
    const before = Date.now();
    const result = await createTeam({ name: 'ml-infra', reason: 'new team', idempotencyKey: randomUUID() });
    expect(result).toEqual({ ok: true, data: { id: expect.any(Number), name: 'ml-infra' } });
    const [row] = await audits('ok');
    expect(row).toMatchObject({
      actorKind: 'user',
      actorId: 3,
      actorLabel: 'admin@fleet.local',
      targetType: 'team',
      targetId: 'ml-infra',
      reason: 'new team',
      input: { name: 'ml-infra', reason: 'new team' },
    });
    expect(row.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers bad input with errors at each field, saves nothing, and audits it as invalid', async () => {
    session.user = users.admin;
    const result = await createTeam({ name: ' x', idempotencyKey: 'not-a-uuid' });
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    if (result.ok) throw new Error('unreachable');
    expect(result.fieldErrors).toEqual({
      name: ['must be at least 2 characters'],
      idempotencyKey: ['must be a UUID, generated once per form'],
    });
    expect(await createTeam({ name: 'ml-infra' })).toMatchObject({
      fieldErrors: { idempotencyKey: [expect.any(String)] },
    });
    expect(await db.team.count()).toBe(0);
    expect(await db.actionRequest.count()).toBe(0);
    expect(runs.count).toBe(0);
    // Two refusals of one caller within a minute: one row that counts them.
    const invalid = await audits('invalid');
    expect(invalid).toHaveLength(1);
    expect(invalid[0].repeats).toBe(2);
  });

  it('acts once for a double submit, sequential or at the same time, and returns the first result', async () => {
    session.user = users.admin;
    const idempotencyKey = randomUUID();
    const [first, twin] = await Promise.all([
      createTeam({ name: 'ml-infra', idempotencyKey }),
      createTeam({ name: 'ml-infra', idempotencyKey }),
    ]);
    const again = await createTeam({ name: 'ml-infra', idempotencyKey });
    expect(first).toEqual(twin);
    expect(again).toEqual(first);
    expect(first.ok).toBe(true);
    expect(runs.count).toBe(1);
    expect(await db.team.count()).toBe(1);
    expect(await audits('ok')).toHaveLength(1);
  });

  it('refuses a key sent again with other values instead of answering for the first request', async () => {
    session.user = users.admin;
    const idempotencyKey = randomUUID();
    await createTeam({ name: 'ml-infra', idempotencyKey });
    expect(await createTeam({ name: 'research', idempotencyKey })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await db.team.count()).toBe(1);
  });

  it("treats someone else's key as their own request: never the first caller's answer, never refused for it", async () => {
    session.user = users.admin;
    const idempotencyKey = randomUUID();
    const first = await createTeam({ name: 'ml-infra', idempotencyKey });
    session.user = { ...users.admin, id: 4, email: 'other-admin@fleet.local' };
    await db.user.create({ data: { id: 4, email: 'other-admin@fleet.local', name: 'B', role: 'admin' } });
    const other = await createTeam({ name: 'research', idempotencyKey });
    expect(other).toMatchObject({ ok: true, data: { name: 'research' } });
    expect(other).not.toEqual(first);
    expect(await createTeam({ name: 'research', idempotencyKey })).toEqual(other);
    expect(runs.count).toBe(2);
    expect(await db.team.count()).toBe(2);
  });

  it("caps what a refusal stores, and counts one caller's repeated refusals on one row", async () => {
    session.user = users.viewer;
    const reason = 'r'.repeat(900_000);
    for (let i = 0; i < 30; i++) {
      const result = await createTeam({ name: `team-${i}`, reason, idempotencyKey: randomUUID() });
      expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    }
    session.user = null;
    const email = 'x'.repeat(200_000);
    expect(await createTeam({ name: email, reason, idempotencyKey: randomUUID() })).toMatchObject({
      code: 'unauthenticated',
    });
    const rows = await audits('denied');
    expect(rows.map((row) => [row.actorLabel, row.repeats])).toEqual([
      ['viewer@fleet.local', 30],
      ['anonymous', 1],
    ]);
    for (const row of rows) {
      expect(row.reason!.length).toBeLessThanOrEqual(1_000);
      expect(JSON.stringify(row.input).length).toBeLessThanOrEqual(16_000);
    }
  });

  it('refuses text with a NUL character or over 10,000 characters at its field, audited, never a 500', async () => {
    session.user = users.admin;
    const nul = await createTeam({ name: 'ml\u0000infra', idempotencyKey: randomUUID() });
    expect(nul).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { name: [expect.stringContaining('NUL')] } });
    const long = await createTeam({ name: 'n'.repeat(10_001), idempotencyKey: randomUUID() });
    expect(long).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { name: [expect.stringContaining('10,000')] },
    });
    expect(runs.count).toBe(0);
    expect(await db.team.count()).toBe(0);
    expect((await audits('invalid'))[0].repeats).toBe(2);
  });

  it('rolls back a refused or failed run and releases the key, so the corrected form can be sent again', async () => {
    session.user = users.admin;
    const idempotencyKey = randomUUID();
    const refused = await createTeam({ name: 'taken', idempotencyKey });
    expect(refused).toEqual({
      ok: false,
      code: 'invalid',
      error: 'Some fields are not valid.',
      fieldErrors: { name: ['is taken'] },
    });
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failed = await createTeam({ name: 'boom', idempotencyKey });
    errorLog.mockRestore();
    expect(failed).toEqual({ ok: false, code: 'internal', error: expect.stringContaining('has been logged') });
    expect(JSON.stringify(failed)).not.toContain('disk on fire');
    expect(await db.actionRequest.count()).toBe(0);
    expect(await createTeam({ name: 'ml-infra', idempotencyKey })).toMatchObject({ ok: true });
    expect((await audits()).map((row) => row.result).sort()).toEqual(['failed', 'invalid', 'ok']);
  });

  it('reads a form as useActionState sends it: the previous state, then the FormData', async () => {
    session.user = users.admin;
    const form = new FormData();
    form.set('name', 'ml-infra');
    form.set('idempotencyKey', randomUUID());
    form.set('$ACTION_ID_abc', '');
    const result = await createTeam(null, form);
    expect(result).toMatchObject({ ok: true, data: { name: 'ml-infra' } });
  });
});
