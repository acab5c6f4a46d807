// Channels are called by the console from inside the network: an admin (or whoever has an admin's session) must not
// be able to aim one at the database, a cloud metadata service or loopback, in any spelling, nor read back what such
// a service answers. Checked when a channel is saved and again when it sends, on the address actually connected to.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session } from './fake-session';

// This file checks the default: no range allowed (the other channel tests allow loopback for their receivers).
delete process.env.FLEET_CHANNEL_ALLOWED_CIDRS;

const dns = vi.hoisted(() => ({ answers: new Map<string, string[]>() }));
vi.mock('node:dns/promises', async (original) => {
  const real = await original<typeof import('node:dns/promises')>();
  const lookup = async (host: string, options: object) => {
    const queued = dns.answers.get(host);
    const address = queued?.shift();
    if (address) return [{ address, family: address.includes(':') ? 6 : 4 }];
    return real.lookup(host, options as { all: true });
  };
  return { ...real, default: { ...real, lookup }, lookup };
});
vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { createChannel, testChannel } = await import('@/lib/actions/channels');
const { addressRefusal } = await import('@/lib/channels/destination');

const admin = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' as const };
const posts: string[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  await db.user.create({ data: admin });
  server = createServer((request, response) => {
    posts.push(request.url ?? '');
    response.writeHead(200).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());
beforeEach(() => {
  session.user = admin;
  posts.length = 0;
});

const add = (kind: 'webhook' | 'slack', url: string) =>
  createChannel({ name: `ch-${randomUUID().slice(0, 8)}`, kind, url, idempotencyKey: randomUUID() });

describe('saving a channel', () => {
  it('refuses every spelling of loopback, private, link-local, CGNAT, unique-local and metadata addresses', async () => {
    const inside = [
      `http://127.0.0.1:${port}/`,
      'http://localhost:5432/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://10.0.0.5/',
      'http://192.168.1.1/',
      'http://172.16.0.1/',
      'http://100.64.0.1/',
      'http://[fd00:ec2::254]/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
    ];
    for (const url of inside) {
      const result = await add('webhook', url);
      expect(result, url).toMatchObject({
        ok: false,
        code: 'invalid',
        fieldErrors: { url: [expect.stringMatching(/may not reach|metadata service/)] },
      });
    }
    expect(await add('slack', `http://localhost:${port}/services/x`)).toMatchObject({
      fieldErrors: { url: [expect.stringContaining('127.0.0.1 is a loopback address')] },
    });
    expect(await db.notificationChannel.count()).toBe(0);
    expect(posts).toHaveLength(0);
  });

  it('refuses a name that resolves to an internal address', async () => {
    dns.answers.set('hooks.partner.example', ['10.1.2.3']);
    expect(await add('webhook', 'https://hooks.partner.example/in')).toMatchObject({
      fieldErrors: {
        url: [
          'hooks.partner.example resolves to 10.1.2.3 is a private address, which channels may not reach (an admin can allow it in FLEET_CHANNEL_ALLOWED_CIDRS)',
        ],
      },
    });
  });

  it('accepts a public address, and a name that does not resolve from here (checked again when it sends)', async () => {
    expect(await add('webhook', 'https://93.184.215.14/hook')).toMatchObject({ ok: true });
    expect(await add('webhook', 'https://hooks.nowhere.invalid/hook')).toMatchObject({ ok: true });
  });
});

describe('sending', () => {
  it('refuses a stored channel that points inside, sending nothing', async () => {
    const channel = await db.notificationChannel.create({
      data: { name: 'stored-inside', kind: 'webhook', config: { url: `http://127.0.0.1:${port}/x` } },
    });
    const result = await testChannel({ id: channel.id, idempotencyKey: randomUUID() });
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid',
      error: expect.stringContaining('127.0.0.1 is a loopback address'),
    });
    expect(posts).toHaveLength(0);
  });

  it('connects to the address it checked, so a name that changes its answer (DNS rebinding) reaches nothing inside', async () => {
    const channel = await db.notificationChannel.create({
      data: { name: 'rebinding', kind: 'webhook', config: { url: `http://rebind.example:${port}/x` } },
    });
    // The first answer (the check) is public; the next one, which a connection would use, is loopback.
    dns.answers.set('rebind.example', ['93.184.215.14', '127.0.0.1', '127.0.0.1']);
    const result = await testChannel({ id: channel.id, idempotencyKey: randomUUID() });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('loopback') });
    expect(posts).toHaveLength(0);
  });
});

describe('the address rules', () => {
  it('lets an allowed range through, and only that range', () => {
    const allowed = [ipaddr.parseCIDR('10.20.0.0/16')];
    expect(addressRefusal('10.20.3.4', allowed)).toBeNull();
    expect(addressRefusal('::ffff:10.20.3.4', allowed)).toBeNull();
    expect(addressRefusal('10.21.0.1', allowed)).toBe('10.21.0.1 is a private address');
    expect(addressRefusal('8.8.8.8', [])).toBeNull();
    expect(addressRefusal('2001:4860:4860::8888', [])).toBeNull();
    expect(addressRefusal('100.100.100.200', [])).toBe('100.100.100.200 is a carrier-grade NAT address');
  });
});
