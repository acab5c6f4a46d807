// People come and go, and roles change: the users page's actions, and roles from the identity provider's groups.
// Every change is audited, ends the person's sessions, and never leaves the console without an active admin.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session, type FakeUser } from './fake-session';

vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { createUser, setUserActive, setUserRole } = await import('@/lib/actions/users');
const { sessionState, startSession } = await import('@/lib/auth/sessions');
const { admitOidcUser } = await import('@/lib/auth/accounts');
const { roleFromGroups } = await import('@/lib/auth/oidc-roles');

const people: Record<'admin' | 'operator' | 'viewer', FakeUser> = {
  admin: { id: 1, name: 'Grace', email: 'grace@fleet.local', role: 'admin' },
  operator: { id: 2, name: 'Otto', email: 'otto@fleet.local', role: 'operator' },
  viewer: { id: 3, name: 'Vera', email: 'vera@fleet.local', role: 'viewer' },
};
const key = () => randomUUID();

beforeAll(async () => {
  await db.user.createMany({ data: Object.values(people) });
  await db.$executeRaw`SELECT setval(pg_get_serial_sequence('app_user', 'id'), 100)`;
});
beforeEach(async () => {
  session.user = people.admin;
  // Grace is the one admin at the start of each test.
  await db.user.updateMany({ where: { id: { not: people.admin.id } }, data: { role: 'viewer' } });
  await db.user.update({ where: { id: people.operator.id }, data: { role: 'operator', disabled: false } });
  await db.user.update({ where: { id: people.admin.id }, data: { role: 'admin', disabled: false } });
});

describe('adding someone', () => {
  it('adds a person who can sign in with the first password, keeping the password out of the log', async () => {
    const result = await createUser({
      email: ' Ada@Example.com ',
      name: 'Ada',
      role: 'operator',
      password: 'a long first password',
      reason: 'joins inference',
      idempotencyKey: key(),
    });
    expect(result).toMatchObject({ ok: true, data: { email: 'ada@example.com', role: 'operator' } });
    const ada = await db.user.findUniqueOrThrow({ where: { email: 'ada@example.com' } });
    expect(await bcrypt.compare('a long first password', ada.passwordHash!)).toBe(true);
    const [event] = await db.auditEvent.findMany({ where: { action: 'user.create', result: 'ok' } });
    expect(event).toMatchObject({
      actorLabel: 'grace@fleet.local',
      targetId: 'ada@example.com',
      reason: 'joins inference',
    });
    expect(JSON.stringify(event.input)).not.toContain('first password');
    expect(event.input).toMatchObject({ password: '(set)' });
  });

  it('refuses a taken address, a short password, and anyone but an admin', async () => {
    expect(
      await createUser({ email: 'otto@fleet.local', name: 'Otto 2', role: 'viewer', idempotencyKey: key() }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { email: ['someone already has this address'] },
    });
    expect(
      await createUser({
        email: 'new@fleet.local',
        name: 'New',
        role: 'viewer',
        password: 'short',
        idempotencyKey: key(),
      }),
    ).toMatchObject({ ok: false, fieldErrors: { password: [expect.stringContaining('12 characters')] } });
    session.user = people.operator;
    expect(
      await createUser({ email: 'new@fleet.local', name: 'New', role: 'admin', idempotencyKey: key() }),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await db.user.count({ where: { email: 'new@fleet.local' } })).toBe(0);
  });
});

describe('changing a role or deactivating', () => {
  it('ends every session of the person at once, and audits the change', async () => {
    const [first, second] = [
      await startSession(people.operator.id, 'credentials'),
      await startSession(people.operator.id, 'oidc'),
    ];
    expect(await sessionState(first)).toMatchObject({ role: 'operator' });
    const result = await setUserRole({
      id: people.operator.id,
      role: 'viewer',
      reason: 'moved team',
      idempotencyKey: key(),
    });
    expect(result).toMatchObject({ ok: true, data: { from: 'operator', role: 'viewer', sessionsEnded: 2 } });
    expect(await sessionState(first)).toBeNull();
    expect(await sessionState(second)).toBeNull();

    const third = await startSession(people.operator.id, 'credentials');
    expect(await setUserActive({ id: people.operator.id, active: 'false', idempotencyKey: key() })).toMatchObject({
      ok: true,
      data: { active: false, sessionsEnded: 1 },
    });
    expect(await sessionState(third)).toBeNull();
    expect(await setUserActive({ id: people.operator.id, active: 'true', idempotencyKey: key() })).toMatchObject({
      ok: true,
    });
    const events = await db.auditEvent.findMany({
      where: { targetType: 'user', result: 'ok' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['user.role', 'user.active']));
  });

  it('never removes or demotes the last active admin', async () => {
    expect(await setUserRole({ id: people.admin.id, role: 'operator', idempotencyKey: key() })).toMatchObject({
      ok: false,
      code: 'conflict',
      error: 'grace@fleet.local is the last active admin: make someone else an admin first.',
    });
    expect(await setUserActive({ id: people.admin.id, active: 'false', idempotencyKey: key() })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: people.admin.id } })).toMatchObject({
      role: 'admin',
      disabled: false,
    });
  });

  it('lets only one of two admins demote the other at the same moment', async () => {
    await db.user.update({ where: { id: people.operator.id }, data: { role: 'admin' } });
    const asGrace = async () => {
      session.user = people.admin;
      return setUserRole({ id: people.operator.id, role: 'viewer', idempotencyKey: key() });
    };
    const asOtto = async () => {
      session.user = { ...people.operator, role: 'admin' };
      return setUserRole({ id: people.admin.id, role: 'viewer', idempotencyKey: key() });
    };
    const results = await Promise.all([asGrace(), asOtto()]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await db.user.count({ where: { role: 'admin', disabled: false } })).toBe(1);
  });
});

describe('roles from the identity provider', () => {
  const map = { 'gpu-admins': 'admin', 'ml-oncall': 'operator', staff: 'viewer' } as const;

  it('reads the groups claim, nested or as text, and gives the highest role any group maps to', () => {
    expect(roleFromGroups({ groups: ['staff', 'ml-oncall'] }, 'groups', map, 'viewer')).toBe('operator');
    expect(roleFromGroups({ realm_access: { roles: ['gpu-admins'] } }, 'realm_access.roles', map, 'viewer')).toBe(
      'admin',
    );
    expect(roleFromGroups({ groups: 'staff ml-oncall' }, 'groups', map, 'viewer')).toBe('operator');
    expect(roleFromGroups({ groups: ['visitors'] }, 'groups', map, 'none')).toBe('none');
    expect(roleFromGroups({ groups: ['gpu-admins'] }, 'groups', {}, 'viewer')).toBeNull();
  });

  it('applies the mapped role at every sign-in, ending older sessions, and admits nobody outside the map when asked', async () => {
    const identity = { email: 'lin@fleet.local', name: 'Lin', emailVerified: true };
    expect(await admitOidcUser(identity, 'oidc', 'operator', 'viewer')).toMatchObject({ role: 'operator' });
    const lin = await db.user.findUniqueOrThrow({ where: { email: 'lin@fleet.local' } });
    const older = await startSession(lin.id, 'oidc');
    // Lin left the on-call group: the next sign-in makes her a viewer, and her open session ends.
    expect(await admitOidcUser(identity, 'oidc', 'viewer', 'viewer')).toMatchObject({ role: 'viewer' });
    expect(await sessionState(older)).toBeNull();
    expect(await admitOidcUser(identity, 'oidc', 'none', 'none')).toBeNull();
    const changes = await db.auditEvent.findMany({ where: { action: 'user.role', targetId: String(lin.id) } });
    expect(changes.map((event) => event.message)).toEqual([
      "role operator -> viewer, from the identity provider's groups",
    ]);
  });

  it('keeps the last active admin an admin whatever the groups say, and says so', async () => {
    const identity = { email: people.admin.email, name: 'Grace', emailVerified: true };
    expect(await admitOidcUser(identity, 'oidc', 'viewer', 'viewer')).toMatchObject({ role: 'admin' });
    const [kept] = await db.auditEvent.findMany({ where: { action: 'user.role', result: 'denied' } });
    expect(kept.message).toContain('is the last active admin and stays one');
  });
});
