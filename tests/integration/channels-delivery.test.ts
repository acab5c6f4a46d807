// Slack and PagerDuty deliveries on a real database, to a receiver this test starts on loopback that answers
// as those services document: Slack 200 "ok" or an error word, PagerDuty 202 JSON or a 400 naming its errors.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentEventName, IncidentPayloadData, NotificationPayload } from '@/lib/notifications/payload';

// Read by lib/env when first asked, so set before anything imports it.
process.env.NEXTAUTH_URL = 'https://fleet.example.com';

const { db } = await import('@/lib/db');
const { deliverNotification } = await import('@/lib/notifications/deliver');
const { createNotifications } = await import('@/lib/notifications/queue');

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
/** Answers each request with the next [status, body] queued here, then the service's usual success. */
const receiver = { base: '', received: [] as Received[], answers: [] as [number, string][] };
let server: Server;

const PD_OK = (dedupKey: string) =>
  JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: dedupKey });

const ROUTING_KEY = 'R0123456789ABCDEF0123456789ABCDE';
let slackId: number;
let pagerdutyId: number;

async function notify(channelId: number, dedupKey: string, payload: NotificationPayload) {
  const [id] = await db.$transaction((tx) => createNotifications(tx, { channelIds: [channelId], dedupKey, payload }));
  return id;
}
const row = (id: bigint) => db.notification.findUniqueOrThrow({ where: { id } });
const lastBody = () => JSON.parse(receiver.received.at(-1)!.body);

function incidentPayload(event: IncidentEventName): NotificationPayload {
  const data: IncidentPayloadData = {
    event,
    incident: {
      id: 42,
      key: 'xid:gpu-node-003:79',
      title: 'Fatal XID 79 on gpu-node-003',
      severity: 'page',
      state: event === 'resolved' ? 'resolved' : event === 'acknowledged' ? 'acknowledged' : 'open',
      source: 'health_rule',
      summary: 'GPU 5 fell off the bus',
      openedAt: '2026-11-25T09:51:00.000Z',
      team: 'research',
      job: { id: 17, name: 'llama-70b' },
      node: { id: 3, hostname: 'gpu-node-003' },
      url: 'https://fleet.example.com/incidents/42',
    },
  };
  return { type: 'incident', subject: 'Fatal XID 79 on gpu-node-003', text: 'GPU 5 fell off the bus.', data };
}

const budgetAlert: NotificationPayload = {
  type: 'budget_alert',
  subject: 'Budget Research: spend has reached 80% of $1,200.00 (November 2026)',
  text: 'Spent so far: $960.00',
  data: { threshold: 80, url: 'https://fleet.example.com/budgets' },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      receiver.received.push({ method: request.method!, path: request.url!, headers: request.headers, body });
      const pagerduty = request.url === '/v2/enqueue';
      const fallback: [number, string] = pagerduty ? [202, PD_OK(JSON.parse(body).dedup_key)] : [200, 'ok'];
      const [status, text] = receiver.answers.shift() ?? fallback;
      const type = pagerduty ? 'application/json' : 'text/html';
      response.writeHead(status, { 'content-type': type }).end(text);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  receiver.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  slackId = (
    await db.notificationChannel.create({
      data: { name: 'oncall-slack', kind: 'slack', config: { url: `${receiver.base}/services/T0/B0/secret` } },
    })
  ).id;
  pagerdutyId = (
    await db.notificationChannel.create({
      data: {
        name: 'oncall-pd',
        kind: 'pagerduty',
        config: { routingKey: ROUTING_KEY, url: `${receiver.base}/v2/enqueue` },
      },
    })
  ).id;
});
afterAll(() => server.close());
beforeEach(() => {
  receiver.received = [];
  receiver.answers = [];
});

describe('the Slack channel', () => {
  it('posts text and blocks as JSON to the webhook URL, and marks the notification sent', async () => {
    const id = await notify(slackId, 'incident:42:opened', incidentPayload('opened'));
    expect(await deliverNotification(id)).toBe('sent');
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/services/T0/B0/secret');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body);
    expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
    expect(body.text).toContain('*Opened (page): Fatal XID 79 on gpu-node-003*');
    expect(body.blocks.map((block: { type: string }) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(body.blocks[1].fields).toContainEqual({ type: 'mrkdwn', text: '*Severity*\nPage' });
    expect(body.blocks[3].elements[0]).toMatchObject({ type: 'button', url: 'https://fleet.example.com/incidents/42' });
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
  });

  it('gives up at once on a refusal (400 invalid_payload, 404 no_service), naming the status, never the body', async () => {
    for (const [status, word] of [
      [400, 'Bad Request (the message was refused as malformed)'],
      [404, 'Not Found (the webhook was removed, or its URL is wrong)'],
    ] as const) {
      const id = await notify(slackId, `refused-${status}`, budgetAlert);
      receiver.answers = [[status, status === 400 ? 'invalid_payload' : 'no_service']];
      expect(await deliverNotification(id)).toBe('failed');
      expect(await row(id)).toMatchObject({
        state: 'failed',
        attempts: 1,
        lastError: `Slack answered ${status} ${word}`,
      });
    }
  });

  it('retries after throttling (429) and a server error (503), then sends', async () => {
    const id = await notify(slackId, 'throttled', budgetAlert);
    receiver.answers = [
      [429, 'rate_limited'],
      [503, 'service unavailable'],
    ];
    await expect(deliverNotification(id)).rejects.toThrow('Slack answered 429 Too Many Requests');
    expect(await row(id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: 'Slack answered 429 Too Many Requests',
    });
    await expect(deliverNotification(id)).rejects.toThrow('Slack answered 503');
    expect(await row(id)).toMatchObject({ state: 'queued', attempts: 2 });
    expect(await deliverNotification(id)).toBe('sent');
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(receiver.received).toHaveLength(3);
  });

  it('retries when Slack cannot be reached', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const channel = await db.notificationChannel.create({
      data: { name: 'gone-slack', kind: 'slack', config: { url: `http://127.0.0.1:${port}/hook` } },
    });
    const id = await notify(channel.id, 'unreachable', budgetAlert);
    await expect(deliverNotification(id)).rejects.toThrow(/Slack unreachable: connect ECONNREFUSED/);
    expect(await row(id)).toMatchObject({ state: 'queued', attempts: 1 });
  });
});

describe('the PagerDuty channel', () => {
  it('triggers, acknowledges and resolves one alert for one incident, as the Events API v2 documents', async () => {
    const opened = await notify(pagerdutyId, 'incident:42:opened', incidentPayload('opened'));
    expect(await deliverNotification(opened)).toBe('sent');
    const request = receiver.received[0];
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v2/enqueue');
    expect(request.headers['content-type']).toBe('application/json');
    const dedupKey = 'fleet-console:incident:42:xid:gpu-node-003:79';
    expect(JSON.parse(request.body)).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary: 'Fatal XID 79 on gpu-node-003',
        source: 'gpu-node-003',
        severity: 'critical',
        timestamp: '2026-11-25T09:51:00.000Z',
        component: 'llama-70b',
        group: 'research',
        class: 'health_rule',
        custom_details: {
          event: 'opened',
          incident: 42,
          key: 'xid:gpu-node-003:79',
          severity: 'Page',
          state: 'Open',
          summary: 'GPU 5 fell off the bus',
          team: 'research',
          job: 'llama-70b',
          node: 'gpu-node-003',
          opened_at: '2026-11-25T09:51:00.000Z',
          details: 'GPU 5 fell off the bus.',
        },
      },
      links: [{ href: 'https://fleet.example.com/incidents/42', text: 'Open the incident in Fleet Console' }],
      client: 'Fleet Console',
      client_url: 'https://fleet.example.com',
    });

    for (const event of ['acknowledged', 'resolved'] as const) {
      const id = await notify(pagerdutyId, `incident:42:${event}`, incidentPayload(event));
      expect(await deliverNotification(id)).toBe('sent');
      expect(lastBody()).toEqual({
        routing_key: ROUTING_KEY,
        dedup_key: dedupKey,
        event_action: event === 'acknowledged' ? 'acknowledge' : 'resolve',
      });
    }
    const reopened = await notify(pagerdutyId, 'incident:42:reopened', incidentPayload('reopened'));
    expect(await deliverNotification(reopened)).toBe('sent');
    expect(lastBody()).toMatchObject({ event_action: 'trigger', dedup_key: dedupKey });
  });

  it('triggers a budget alert as a warning deduplicated by its notification', async () => {
    const id = await notify(pagerdutyId, 'budget_alert:9', budgetAlert);
    expect(await deliverNotification(id)).toBe('sent');
    expect(lastBody()).toMatchObject({
      event_action: 'trigger',
      dedup_key: `budget_alert:9:channel:${pagerdutyId}`,
      payload: { severity: 'warning', source: 'fleet-console', class: 'budget_alert' },
      links: [{ href: 'https://fleet.example.com/budgets', text: 'Open in Fleet Console' }],
    });
  });

  it('gives up at once on a 400, saying what it means without repeating the body', async () => {
    const id = await notify(pagerdutyId, 'invalid', budgetAlert);
    receiver.answers = [
      [
        400,
        JSON.stringify({
          status: 'invalid event',
          message: 'Event object is invalid',
          errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"],
        }),
      ],
    ];
    expect(await deliverNotification(id)).toBe('failed');
    expect(await row(id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'PagerDuty answered 400 Bad Request (the event or its routing key is not valid)',
    });
  });

  it('retries a 429 and a 503, then sends', async () => {
    const id = await notify(pagerdutyId, 'busy', incidentPayload('escalated'));
    receiver.answers = [
      [
        429,
        JSON.stringify({ status: 'throttle event', message: 'Requests for this service are arriving too quickly' }),
      ],
      [503, ''],
    ];
    await expect(deliverNotification(id)).rejects.toThrow('PagerDuty answered 429');
    expect(await row(id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: 'PagerDuty answered 429 Too Many Requests',
    });
    await expect(deliverNotification(id)).rejects.toThrow('PagerDuty answered 503 Service Unavailable');
    expect(await row(id)).toMatchObject({ state: 'queued', attempts: 2 });
    expect(await deliverNotification(id)).toBe('sent');
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
  });

  it('does not send the weekly report, failing it for good without a request', async () => {
    const id = await notify(pagerdutyId, 'weekly_report:2026-11-16', {
      type: 'weekly_report',
      subject: 'Fleet weekly report',
      text: 'Spend: $10,000',
      data: {},
    });
    expect(await deliverNotification(id)).toBe('failed');
    expect(await row(id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'PagerDuty takes incidents and alerts, not the weekly report',
    });
    expect(receiver.received).toHaveLength(0);
  });
});
