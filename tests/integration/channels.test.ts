// The channel actions: admins add a webhook or an email channel, each refusal at its field; channels turn off.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { createChannel, setChannelEnabled } = await import('@/lib/actions/channels');

const add = (fields: Record<string, unknown>) =>
  createChannel({ name: 'ops', kind: 'webhook', idempotencyKey: randomUUID(), ...fields });

beforeAll(async () => {
  await db.user.create({ data: { id: 1, email: 'admin@fleet.local', name: 'A', role: 'admin' } });
  await db.team.create({ data: { id: 1, name: 'research' } });
  session.user = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' };
});

describe('channels', () => {
  it('adds a signed webhook for one team and an email list for the report', async () => {
    expect(
      await add({
        url: 'https://hooks.example.com/x',
        secret: 'sixteen-chars-at-least',
        teamId: '1',
        budgetAlerts: 'on',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await add({ name: 'finance', kind: 'email', to: 'cfo@example.com, fin@example.com', weeklyReport: 'on' }),
    ).toMatchObject({ ok: true });
    const rows = await db.notificationChannel.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.name, row.config, row.teamId, row.budgetAlerts, row.weeklyReport])).toEqual([
      ['ops', { url: 'https://hooks.example.com/x', secret: 'sixteen-chars-at-least' }, 1, true, false],
      ['finance', { to: ['cfo@example.com', 'fin@example.com'] }, null, false, true],
    ]);
  });

  it('refuses each bad field, saving nothing', async () => {
    const before = await db.notificationChannel.count();
    expect(await add({ name: 'x', url: 'ftp://files' })).toMatchObject({
      fieldErrors: { url: ['must be an http(s) URL'] },
    });
    expect(await add({ name: 'x', url: 'https://a.example', secret: 'short' })).toMatchObject({
      fieldErrors: { secret: [expect.stringContaining('at least 16')] },
    });
    expect(await add({ name: 'x', kind: 'email', to: 'cfo@, x' })).toMatchObject({
      fieldErrors: { to: ['"cfo@" is not an email address', '"x" is not an email address'] },
    });
    expect(await add({ name: 'x', kind: 'pager' })).toMatchObject({
      fieldErrors: { kind: ['choose webhook or email'] },
    });
    expect(await add({ url: 'https://a.example' })).toMatchObject({
      fieldErrors: { name: ['another channel has this name'] },
    });
    expect(await add({ name: 'y', url: 'https://a.example', teamId: '42' })).toMatchObject({
      fieldErrors: { teamId: ['there is no team with id 42'] },
    });
    expect(await db.notificationChannel.count()).toBe(before);
  });

  it('turns a channel off and on', async () => {
    const channel = await db.notificationChannel.findFirstOrThrow({ where: { name: 'ops' } });
    const toggle = (enabled: string) => setChannelEnabled({ id: channel.id, enabled, idempotencyKey: randomUUID() });
    expect(await toggle('false')).toEqual({ ok: true, data: { id: channel.id, enabled: false } });
    expect((await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } })).enabled).toBe(false);
    expect(await toggle('true')).toMatchObject({ ok: true });
    session.user = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'operator' };
    expect(await toggle('false')).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
