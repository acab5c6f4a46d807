// Deliveries on a real database, to a webhook receiver and an SMTP server that this test starts on loopback.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import PgBoss from 'pg-boss';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// Read by lib/env when first asked, so set before anything imports it.
/** `refuse`: the reply code and text the server gives every sender, as a busy or strict server does. */
const smtp = { port: 0, mails: [] as { to: string[]; raw: string }[], refuse: null as [number, string] | null };
const smtpServer = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onMailFrom(_address, _session, callback) {
    if (!smtp.refuse) return callback();
    callback(Object.assign(new Error(smtp.refuse[1]), { responseCode: smtp.refuse[0] }));
  },
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    stream.on('end', () => {
      smtp.mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
      callback();
    });
  },
});
smtpServer.listen(0, '127.0.0.1');
await once(smtpServer.server, 'listening');
smtp.port = (smtpServer.server.address() as AddressInfo).port;
process.env.FLEET_SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
process.env.FLEET_SMTP_FROM = 'Fleet Console <fleet@example.test>';

const { db } = await import('@/lib/db');
const { signature } = await import('@/lib/channels/webhook');
const { deliverNotification } = await import('@/lib/notifications/deliver');
const { createNotifications, queueDeliveries } = await import('@/lib/notifications/queue');
const { workDeliveries } = await import('@/lib/worker/deliveries');

const SECRET = 'a-webhook-secret-of-some-length';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
/** The receiver answers each request with the next status queued here, then 204. */
const hook = { url: '', received: [] as Received[], answers: [] as number[] };
let server: Server;

const payload = {
  type: 'test' as const,
  subject: 'Budget Research: the forecast reaches 100% of $1,200.00',
  text: 'Spent so far: $528.00',
  data: { threshold: 100 },
  reportId: 7,
};

async function notify(channelId: number, dedupKey: string) {
  const [id] = await db.$transaction((tx) => createNotifications(tx, { channelIds: [channelId], dedupKey, payload }));
  return id;
}

let webhookId: number;
let emailId: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      hook.received.push({ headers: request.headers, body });
      response.writeHead(hook.answers.shift() ?? 204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fleet`;
  webhookId = (
    await db.notificationChannel.create({
      data: { name: 'ops-hook', kind: 'webhook', config: { url: hook.url, secret: SECRET } },
    })
  ).id;
  emailId = (
    await db.notificationChannel.create({
      data: { name: 'finance', kind: 'email', config: { to: ['finance@example.test', 'cto@example.test'] } },
    })
  ).id;
});
afterAll(async () => {
  server.close();
  smtpServer.close();
});
beforeEach(() => {
  hook.received = [];
  hook.answers = [];
  smtp.mails = [];
  smtp.refuse = null;
});

describe('the webhook channel', () => {
  it('posts the message as JSON, signed with HMAC-SHA256 over the timestamp and body', async () => {
    const id = await notify(webhookId, 'signed');
    expect(await deliverNotification(id)).toBe('sent');
    const [request] = hook.received;
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      id: `signed:channel:${webhookId}`,
      type: 'test',
      subject: payload.subject,
      text: payload.text,
      data: { threshold: 100 },
    });
    expect(request.headers['content-type']).toBe('application/json');
    const timestamp = request.headers['x-fleet-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers['x-fleet-signature']).toBe(signature(SECRET, timestamp, request.body));
    expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'sent',
      attempts: 1,
      lastError: null,
    });
  });

  it('keeps a failed delivery queued with its error for the retry, which then sends it', async () => {
    const id = await notify(webhookId, 'retried');
    hook.answers = [503];
    await expect(deliverNotification(id)).rejects.toThrow('webhook answered 503');
    expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: 'webhook answered 503 Service Unavailable',
    });
    expect(await deliverNotification(id)).toBe('sent');
    expect(await deliverNotification(id)).toBe('skipped'); // a stray second job sends nothing twice
    expect(hook.received).toHaveLength(2);
  });

  it('gives up at once on a receiver that refuses the message, and after the last attempt otherwise', async () => {
    const refused = await notify(webhookId, 'refused');
    hook.answers = [410];
    expect(await deliverNotification(refused)).toBe('failed');
    expect(await db.notification.findUniqueOrThrow({ where: { id: refused } })).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'webhook answered 410 Gone',
    });
    const last = await notify(webhookId, 'last-try');
    await db.notification.update({ where: { id: last }, data: { attempts: 5 } });
    hook.answers = [503];
    expect(await deliverNotification(last)).toBe('failed');
    expect(await db.notification.findUniqueOrThrow({ where: { id: last } })).toMatchObject({
      state: 'failed',
      attempts: 6,
    });
  });
});

describe('the email channel', () => {
  it('sends through the SMTP server to every address, with the attachments it is given', async () => {
    const id = await notify(emailId, 'mailed');
    const pdf = Buffer.from('%PDF-1.4 test');
    const outcome = await deliverNotification(id, async (message, kind) =>
      kind === 'email' && message.reportId === 7
        ? [{ filename: 'fleet-report-2026-11-16.pdf', contentType: 'application/pdf', content: pdf }]
        : [],
    );
    expect(outcome).toBe('sent');
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail.to).toEqual(['finance@example.test', 'cto@example.test']);
    expect(mail.raw).toContain('From: Fleet Console <fleet@example.test>');
    expect(mail.raw).toMatch(/Subject: Budget Research: the forecast reaches 100% of\s+\$1,200\.00/);
    expect(mail.raw).toContain('Spent so far: $528.00');
    expect(mail.raw).toMatch(/Content-Disposition: attachment;\s+filename=fleet-report-2026-11-16\.pdf/);
    expect(mail.raw).toContain(pdf.toString('base64'));
  });
});

describe('an SMTP server that refuses', () => {
  it('retries a temporary refusal (4xx), then fails on the last attempt with the server message', async () => {
    const id = await notify(emailId, 'greylisted');
    smtp.refuse = [451, '4.7.1 Greylisted, please try again later'];
    await expect(deliverNotification(id)).rejects.toThrow('451 4.7.1 Greylisted');
    expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: expect.stringMatching(/^email not sent: .*451 4\.7\.1 Greylisted, please try again later/),
    });
    await db.notification.update({ where: { id }, data: { attempts: 5 } });
    expect(await deliverNotification(id)).toBe('failed');
    expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'failed',
      attempts: 6,
      lastError: expect.stringContaining('451 4.7.1 Greylisted, please try again later'),
    });
    expect(smtp.mails).toHaveLength(0);
  });

  it('gives up at once on a permanent refusal (5xx)', async () => {
    const id = await notify(emailId, 'rejected');
    smtp.refuse = [550, '5.7.1 Relaying denied'];
    expect(await deliverNotification(id)).toBe('failed');
    expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('550 5.7.1 Relaying denied'),
    });
  });
});

describe('the delivery queue', () => {
  it('delivers through pg-boss, retrying a failure after its delay', async () => {
    const boss = new PgBoss({ connectionString: process.env.DATABASE_URL, max: 2 });
    boss.on('error', () => {});
    await boss.start();
    try {
      await workDeliveries(boss, undefined, { pollingIntervalSeconds: 0.5 });
      const id = await notify(webhookId, 'queued');
      hook.answers = [503];
      await queueDeliveries(boss, [id], { retryLimit: 2, retryDelay: 1, retryBackoff: false });
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const row = await db.notification.findUniqueOrThrow({ where: { id } });
        if (row.state === 'sent') break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'sent', attempts: 2 });
      expect(hook.received).toHaveLength(2);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
