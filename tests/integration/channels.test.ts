// The channel actions: admins add, edit, test and delete channels of every kind, each refusal at its field;
// operators and viewers change nothing; secrets stay on the server.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session, type FakeUser } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { createChannel, deleteChannel, setChannelEnabled, testChannel, updateChannel } =
  await import('@/lib/actions/channels');
const { getChannelSettings, listChannels } = await import('@/lib/queries/channels');

const users: Record<'viewer' | 'operator' | 'admin', FakeUser> = {
  admin: { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' },
  operator: { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' },
  viewer: { id: 3, name: 'V', email: 'viewer@fleet.local', role: 'viewer' },
};
const ROUTING_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const OTHER_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA987654';

const add = (fields: Record<string, unknown>) =>
  createChannel({ name: 'ops', kind: 'webhook', idempotencyKey: randomUUID(), ...fields });
const edit = (fields: Record<string, unknown>) => updateChannel({ idempotencyKey: randomUUID(), ...fields });
const channelNamed = (name: string) => db.notificationChannel.findUniqueOrThrow({ where: { name } });

/** A Slack-like receiver: answers each post with the next [status, body] queued, then 200 "ok". */
const receiver = {
  url: '',
  posts: [] as { headers: IncomingHttpHeaders; body: string }[],
  answers: [] as [number, string][],
};
let server: Server;

beforeAll(async () => {
  await db.user.createMany({
    data: Object.values(users).map((user) => ({ id: user.id, email: user.email, name: user.name, role: user.role })),
  });
  await db.team.create({ data: { id: 1, name: 'research' } });
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      receiver.posts.push({ headers: request.headers, body });
      const [status, text] = receiver.answers.shift() ?? [200, 'ok'];
      response.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secretpath`;
});
afterAll(() => server.close());
beforeEach(() => {
  session.user = users.admin;
  receiver.posts = [];
  receiver.answers = [];
});

describe('adding channels', () => {
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

  it('adds Slack and PagerDuty channels with the incidents they take', async () => {
    expect(
      await add({ name: 'oncall-slack', kind: 'slack', url: receiver.url, minSeverity: 'ticket', budgetAlerts: 'on' }),
    ).toMatchObject({ ok: true });
    expect(
      await add({ name: 'oncall-pd', kind: 'pagerduty', routingKey: ROUTING_KEY, url: '', minSeverity: 'page' }),
    ).toMatchObject({ ok: true });
    expect(await channelNamed('oncall-slack')).toMatchObject({
      kind: 'slack',
      config: { url: receiver.url },
      minSeverity: 'ticket',
      budgetAlerts: true,
      weeklyReport: false,
    });
    expect(await channelNamed('oncall-pd')).toMatchObject({
      kind: 'pagerduty',
      config: { routingKey: ROUTING_KEY, url: 'https://events.pagerduty.com/v2/enqueue' },
      minSeverity: 'page',
      budgetAlerts: false,
    });
    // The routing key and the Slack URL (its path is the secret) stay out of the audit log.
    const audited = JSON.stringify(
      await db.auditEvent.findMany({ where: { action: 'channel.create' }, select: { input: true, message: true } }),
    );
    const requests = JSON.stringify(await db.actionRequest.findMany({ select: { input: true } }));
    expect(requests).not.toContain(ROUTING_KEY);
    expect(audited).not.toContain(ROUTING_KEY);
    expect(audited).not.toContain(receiver.url);
    expect(audited).toContain(`…${ROUTING_KEY.slice(-4)}`);
  });

  it('adds a channel that takes no incidents, only what it opts into', async () => {
    expect(
      await add({
        name: 'finance-inbox',
        kind: 'email',
        to: 'finance@example.com',
        minSeverity: 'none',
        weeklyReport: 'on',
      }),
    ).toMatchObject({ ok: true });
    const channel = (await channelNamed('finance-inbox'))!;
    expect(channel.incidents).toBe(false);
    const { channelsFor } = await import('@/lib/notifications/routing');
    expect(await channelsFor(db, { type: 'incident', severity: 'page', teamId: null })).not.toContain(channel.id);
    expect(await channelsFor(db, { type: 'weekly_report' })).toContain(channel.id);
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
      fieldErrors: { kind: ['choose Slack, PagerDuty, webhook or email'] },
    });
    expect(await add({ name: 'x', kind: 'slack', url: 'http://hooks.slack.com/services/a' })).toMatchObject({
      fieldErrors: { url: ['must be an https URL (http only to localhost)'] },
    });
    expect(await add({ name: 'x', kind: 'pagerduty', routingKey: 'too-short' })).toMatchObject({
      fieldErrors: { routingKey: [expect.stringContaining('32-character')] },
    });
    expect(await add({ name: 'x', kind: 'pagerduty', routingKey: ROUTING_KEY, weeklyReport: 'on' })).toMatchObject({
      fieldErrors: { weeklyReport: ['PagerDuty takes incidents and alerts, not the weekly report'] },
    });
    expect(await add({ name: 'x', kind: 'slack', url: receiver.url, minSeverity: 'loud' })).toMatchObject({
      fieldErrors: { minSeverity: ['choose pages only, pages and tickets, or none'] },
    });
    expect(await add({ url: 'https://a.example' })).toMatchObject({
      fieldErrors: { name: ['another channel has this name'] },
    });
    expect(await add({ name: 'y', url: 'https://a.example', teamId: '42' })).toMatchObject({
      fieldErrors: { teamId: ['there is no team with id 42'] },
    });
    expect(await db.notificationChannel.count()).toBe(before);
  });

  it('makes one channel of a create submitted twice at once', async () => {
    const fields = { name: 'twice', kind: 'slack', url: receiver.url, idempotencyKey: randomUUID() };
    const [first, twin] = await Promise.all([createChannel(fields), createChannel(fields)]);
    expect(first).toMatchObject({ ok: true });
    expect(twin).toEqual(first);
    expect(await db.notificationChannel.count({ where: { name: 'twice' } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'channel.create', targetId: 'twice', result: 'ok' } })).toBe(1);
  });
});

describe('editing channels', () => {
  it('changes the routing and keeps a secret left empty, replacing or removing it only when asked', async () => {
    const ops = await channelNamed('ops');
    const base = { id: ops.id, name: 'ops', kind: 'webhook', url: 'https://hooks.example.com/y', teamId: '' };
    expect(await edit({ ...base, secret: '', minSeverity: 'page', weeklyReport: 'on' })).toEqual({
      ok: true,
      data: { id: ops.id },
    });
    expect(await channelNamed('ops')).toMatchObject({
      config: { url: 'https://hooks.example.com/y', secret: 'sixteen-chars-at-least' },
      teamId: null,
      minSeverity: 'page',
      budgetAlerts: false,
      weeklyReport: true,
    });
    await edit({ ...base, secret: 'a-brand-new-secret-value' });
    expect((await channelNamed('ops')).config).toEqual({
      url: 'https://hooks.example.com/y',
      secret: 'a-brand-new-secret-value',
    });
    await edit({ ...base, removeSecret: 'on' });
    expect((await channelNamed('ops')).config).toEqual({ url: 'https://hooks.example.com/y' });
  });

  it('keeps a Slack URL and a PagerDuty routing key left empty, and takes new ones', async () => {
    const slack = await channelNamed('oncall-slack');
    expect(
      await edit({ id: slack.id, name: 'oncall-slack', kind: 'slack', url: '', minSeverity: 'page' }),
    ).toMatchObject({ ok: true });
    expect(await channelNamed('oncall-slack')).toMatchObject({ config: { url: receiver.url }, minSeverity: 'page' });
    const pd = await channelNamed('oncall-pd');
    const pdFields = { id: pd.id, name: 'pagerduty', kind: 'pagerduty', budgetAlerts: 'on' };
    expect(await edit({ ...pdFields, routingKey: '' })).toMatchObject({ ok: true });
    expect(await channelNamed('pagerduty')).toMatchObject({
      config: { routingKey: ROUTING_KEY, url: 'https://events.pagerduty.com/v2/enqueue' },
      budgetAlerts: true,
    });
    await edit({ ...pdFields, routingKey: OTHER_KEY, url: 'https://events.eu.pagerduty.com/v2/enqueue' });
    expect((await channelNamed('pagerduty')).config).toEqual({
      routingKey: OTHER_KEY,
      url: 'https://events.eu.pagerduty.com/v2/enqueue',
    });
    await edit({ ...pdFields, name: 'oncall-pd', routingKey: ROUTING_KEY });
  });

  it('refuses a change of kind, a taken name, and an unknown channel', async () => {
    const ops = await channelNamed('ops');
    const before = await channelNamed('ops');
    expect(await edit({ id: ops.id, name: 'ops', kind: 'slack', url: receiver.url })).toMatchObject({
      ok: false,
      fieldErrors: { kind: [expect.stringContaining('cannot change')] },
    });
    expect(await edit({ id: ops.id, name: 'finance', kind: 'webhook', url: 'https://a.example' })).toMatchObject({
      fieldErrors: { name: ['another channel has this name'] },
    });
    expect(await edit({ id: 99_999, name: 'ghost', kind: 'webhook', url: 'https://a.example' })).toEqual({
      ok: false,
      code: 'not_found',
      error: 'That channel does not exist (any more).',
    });
    expect(await channelNamed('ops')).toEqual(before);
  });

  it('shows secrets only by their last 4 characters', async () => {
    const slack = await channelNamed('oncall-slack');
    const pd = await channelNamed('oncall-pd');
    await edit({
      id: (await channelNamed('ops')).id,
      name: 'ops',
      kind: 'webhook',
      url: 'https://a.example',
      secret: 'webhook-secret-wxyz',
    });
    expect(await getChannelSettings(slack.id)).toMatchObject({ kind: 'slack', url: null, secretHint: '…path' });
    expect(await getChannelSettings(pd.id)).toMatchObject({ secretHint: '…2345' });
    expect(await getChannelSettings((await channelNamed('ops')).id)).toMatchObject({ secretHint: '…wxyz' });
    expect(await getChannelSettings(99_999)).toBeNull();
    const listed = JSON.stringify(await listChannels());
    for (const secret of ['secretpath', ROUTING_KEY, 'webhook-secret-wxyz']) expect(listed).not.toContain(secret);
    expect(listed).toContain('routing key …2345');
  });
});

describe('testing channels', () => {
  it('sends a test message at once and answers with what the receiver said, audited as channel.test', async () => {
    const slack = await channelNamed('oncall-slack');
    const result = await testChannel({ id: slack.id, idempotencyKey: randomUUID() });
    expect(result).toEqual({ ok: true, data: { answer: 'Slack accepted it (200)' } });
    expect(receiver.posts).toHaveLength(1);
    const body = JSON.parse(receiver.posts[0].body);
    expect(body.text).toContain('*Test message for the channel oncall-slack*');
    expect(body.text).toContain('admin@fleet.local sent this');
    expect(receiver.posts[0].headers['content-type']).toBe('application/json');
    expect(
      await db.auditEvent.findFirst({ where: { action: 'channel.test', targetId: String(slack.id) } }),
    ).toMatchObject({ result: 'ok', actorLabel: 'admin@fleet.local' });
  });

  it('shows the receiver refusal, and records the failed test with its message', async () => {
    const slack = await channelNamed('oncall-slack');
    // Only the status is shown: what the receiver writes back (here, what an internal service would) never is.
    receiver.answers = [[404, 'no_service FATAL: password authentication failed']];
    expect(await testChannel({ id: slack.id, idempotencyKey: randomUUID() })).toEqual({
      ok: false,
      code: 'invalid',
      error: 'Not delivered: Slack answered 404 Not Found (the webhook was removed, or its URL is wrong)',
    });
    receiver.answers = [[503, 'down for maintenance']];
    expect(await testChannel({ id: slack.id, idempotencyKey: randomUUID() })).toMatchObject({
      ok: false,
      code: 'unavailable',
      error: 'Not delivered: Slack answered 503 Service Unavailable',
    });
    const failed = await db.auditEvent.findMany({
      where: { action: 'channel.test', result: 'failed' },
      orderBy: { id: 'asc' },
    });
    expect(failed.map((row) => row.message)).toEqual([
      'Not delivered: Slack answered 404 Not Found (the webhook was removed, or its URL is wrong)',
      'Not delivered: Slack answered 503 Service Unavailable',
    ]);
  });

  it('says when email cannot be sent from here at all', async () => {
    const finance = await channelNamed('finance');
    expect(await testChannel({ id: finance.id, idempotencyKey: randomUUID() })).toMatchObject({
      ok: false,
      error: 'Not delivered: email is not set up: set FLEET_SMTP_URL',
    });
  });

  it('answers a double-submitted test once, with the same answer', async () => {
    const slack = await channelNamed('oncall-slack');
    const idempotencyKey = randomUUID();
    const [first, twin] = await Promise.all([
      testChannel({ id: slack.id, idempotencyKey }),
      testChannel({ id: slack.id, idempotencyKey }),
    ]);
    expect(first).toEqual({ ok: true, data: { answer: 'Slack accepted it (200)' } });
    expect(twin).toEqual(first);
    expect(receiver.posts).toHaveLength(1);
  });

  it('names an unknown channel as not found', async () => {
    expect(await testChannel({ id: 99_999, idempotencyKey: randomUUID() })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});

describe('who may change channels', () => {
  it('refuses operators and viewers every change, leaving channels as they were and sending nothing', async () => {
    const before = await db.notificationChannel.findMany({ orderBy: { id: 'asc' } });
    const slack = before.find((row) => row.name === 'oncall-slack')!;
    for (const user of [users.operator, users.viewer]) {
      session.user = user;
      const results = [
        await add({ name: 'sneaky', kind: 'slack', url: receiver.url }),
        await edit({ id: slack.id, name: 'renamed', kind: 'slack', url: '', minSeverity: 'ticket' }),
        await deleteChannel({ id: slack.id, idempotencyKey: randomUUID() }),
        await testChannel({ id: slack.id, idempotencyKey: randomUUID() }),
        await setChannelEnabled({ id: slack.id, enabled: 'false', idempotencyKey: randomUUID() }),
      ];
      for (const result of results) expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(await db.notificationChannel.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    expect(receiver.posts).toHaveLength(0);
    const denied = await db.auditEvent.findMany({ where: { result: 'denied' } });
    expect(new Set(denied.map((row) => row.action))).toEqual(
      new Set(['channel.create', 'channel.update', 'channel.delete', 'channel.test', 'channel.enable']),
    );
  });
});

describe('turning off and deleting channels', () => {
  it('turns a channel off and on', async () => {
    const channel = await channelNamed('ops');
    const toggle = (enabled: string) => setChannelEnabled({ id: channel.id, enabled, idempotencyKey: randomUUID() });
    expect(await toggle('false')).toEqual({ ok: true, data: { id: channel.id, enabled: false } });
    expect((await channelNamed('ops')).enabled).toBe(false);
    expect(await toggle('true')).toMatchObject({ ok: true });
  });

  it('deletes a channel with its delivery history, and says so for one already gone', async () => {
    const slack = await channelNamed('oncall-slack');
    await db.notification.create({ data: { channelId: slack.id, subject: 'old', payload: {}, state: 'sent' } });
    expect(await deleteChannel({ id: slack.id, idempotencyKey: randomUUID() })).toEqual({
      ok: true,
      data: { id: slack.id, name: 'oncall-slack' },
    });
    expect(await db.notificationChannel.findUnique({ where: { id: slack.id } })).toBeNull();
    expect(await db.notification.count({ where: { channelId: slack.id } })).toBe(0);
    expect(await deleteChannel({ id: slack.id, idempotencyKey: randomUUID() })).toMatchObject({
      ok: false,
      code: 'not_found',
      error: 'That channel does not exist (any more).',
    });
    expect(
      await db.auditEvent.findFirst({ where: { action: 'channel.delete', result: 'ok', targetId: String(slack.id) } }),
    ).not.toBeNull();
  });
});
