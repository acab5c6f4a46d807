// The Alertmanager receiver's own rules, called as Alertmanager calls it: the token, the size limit, the payload's
// shape, grouping, repeats, resolution, and a database that cannot take the notification now.
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { MAX_BODY_BYTES } from '@/lib/api/route';
import { alertmanagerReceiver } from '@/lib/incidents/alertmanager-receiver';
import { firingAlert, webhook } from '../fakes/alertmanager-webhook';
import { buildIncidentFleet } from './incident-fixture';

const TOKEN = 'receiver-test-token-0123456789';
const receive = alertmanagerReceiver(() => TOKEN);

const alert = firingAlert;

const post = (body: unknown, token: string | null = TOKEN, init: RequestInit = {}) =>
  receive(
    new Request('http://console/api/alertmanager', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    }),
  );

const eventsOf = async (incidentId: number) =>
  (await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: 'asc' } })).map((event) => [
    event.kind,
    event.message,
  ]);

beforeAll(async () => {
  await buildIncidentFleet(process.env.DATABASE_URL!);
});

describe('the Alertmanager receiver refuses', () => {
  it('every notification while no token is configured', async () => {
    const off = alertmanagerReceiver(() => undefined);
    const response = await off(new Request('http://console/api/alertmanager', { method: 'POST', body: '{}' }));
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('not_configured');
  });

  it('a wrong or missing token with 401, and records the attempt', async () => {
    for (const token of ['not-the-token', null]) {
      const response = await post(webhook('{}:{a="1"}', [alert('aaaa000000000001')]), token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(await db.incident.count()).toBe(0);
    // Both refusals within a minute: one row that counts them, with the first one's words.
    const denied = await db.auditEvent.findMany({ where: { action: 'alertmanager.receive', result: 'denied' } });
    expect(denied.map((event) => [event.message, event.repeats])).toEqual([
      [expect.stringMatching(/^Wrong bearer token/), 2],
    ]);
  });

  it('a body over 1 MiB with 413, whether it says its length or streams it', async () => {
    const big = JSON.stringify({ ...webhook('{}:{big="1"}', []), padding: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await post(big)).status).toBe(413);
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * MAX_BODY_BYTES) controller.close();
        else {
          controller.enqueue(chunk);
          sent += chunk.byteLength;
        }
      },
    });
    const streamed = await post(stream as unknown as string, TOKEN, { body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    // It stopped reading soon after the limit rather than taking all of it.
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 4 * chunk.byteLength);
  });

  it('a body that is not JSON, or not a webhook notification, with 4xx naming what is wrong', async () => {
    const notJson = await post('{"version": "4",');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('malformed_json');
    const plain = await post(webhook('{}:{a="1"}', []), TOKEN, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(plain.status).toBe(415);

    const wrong = await post({
      ...webhook('{}:{a="1"}', [alert('aaaa000000000001')]),
      version: '3',
      alerts: [{ ...alert('bad fingerprint!'), startsAt: 'yesterday' }],
    });
    expect(wrong.status).toBe(422);
    const { error } = await wrong.json();
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields).sort()).toEqual(['alerts.0.fingerprint', 'alerts.0.startsAt', 'version']);
    expect(error.message).toContain('alerts.0.startsAt: must be an RFC 3339 time');
    expect(await db.incident.count()).toBe(0);
  });
});

describe('the Alertmanager receiver', () => {
  const group = '{}/{severity=~"warning|critical"}:{alertname="GpuXidErrors"}';

  it('opens one incident for the alerts Alertmanager grouped, linked to the node and job their labels name', async () => {
    const response = await post(
      webhook(group, [
        alert('a000000000000001'),
        alert('a000000000000002', {
          labels: { alertname: 'GpuXidErrors', severity: 'warning', instance: 'gpu-a-002:9400', job: 'dcgm' },
          annotations: {},
        }),
      ]),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data).toMatchObject({ firing: 2, resolved: 0, unchanged: 0 });
    const incidents = await db.incident.findMany();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      key: 'alertmanager:a000000000000001',
      title: 'XID 79 on gpu-a-001 (a000000000000001)',
      severity: 'ticket',
      source: 'alertmanager',
      state: 'open',
      summary: 'GPU fell off the bus',
      nodeId: 1,
      jobId: null,
    });
    expect(await eventsOf(incidents[0].id)).toEqual([
      ['opened', 'Firing in Alertmanager: XID 79 on gpu-a-001 (a000000000000001)'],
      // No summary: the alert's name is its title.
      ['signal', 'Firing in Alertmanager: GpuXidErrors'],
    ]);
  });

  it('adds nothing when Alertmanager sends the same group again', async () => {
    const [incident] = await db.incident.findMany();
    const before = await eventsOf(incident.id);
    for (let i = 0; i < 3; i++) {
      const response = await post(
        webhook(group, [
          alert('a000000000000001'),
          alert('a000000000000002', { labels: { alertname: 'GpuXidErrors', instance: 'gpu-a-002:9400' } }),
        ]),
      );
      expect((await response.json()).data).toMatchObject({ firing: 0, resolved: 0, unchanged: 2 });
    }
    expect(await eventsOf(incident.id)).toEqual(before);
    expect(await db.incident.count()).toBe(1);
  });

  it('escalates the incident to a page when a critical alert joins the group', async () => {
    await post(
      webhook(group, [
        alert('a000000000000001'),
        alert('a000000000000003', {
          labels: { alertname: 'GpuXidErrors', severity: 'critical', namespace: 'research', pod: 'pretrain-70b-0' },
          annotations: { summary: 'XID 79 under pretrain-70b' },
        }),
      ]),
    );
    const [incident] = await db.incident.findMany();
    // The job its labels name (namespace/pod) is linked now that a signal names one.
    expect(incident).toMatchObject({ severity: 'page', jobId: 1, nodeId: 1 });
    expect((await eventsOf(incident.id)).slice(-2)).toEqual([
      ['signal', 'Firing in Alertmanager: XID 79 under pretrain-70b'],
      ['signal', 'Escalated to page: the alert\'s severity label is "critical"'],
    ]);
  });

  it('resolves the incident only once none of its alerts fires', async () => {
    const [incident] = await db.incident.findMany();
    const endsAt = '2026-11-24T10:30:00Z';
    await post(webhook(group, [alert('a000000000000001', { status: 'resolved', endsAt })]));
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe('open');

    const last = await post(
      webhook(group, [
        alert('a000000000000001', { status: 'resolved', endsAt }),
        alert('a000000000000002', { status: 'resolved', endsAt, annotations: {} }),
        alert('a000000000000003', {
          status: 'resolved',
          endsAt,
          annotations: { summary: 'XID 79 under pretrain-70b' },
        }),
      ]),
    );
    expect((await last.json()).data).toMatchObject({
      incidents: [{ id: incident.id, outcome: 'resolved' }],
      resolved: 2,
      unchanged: 1,
    });
    const resolved = await db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(resolved.state).toBe('resolved');
    expect((await eventsOf(incident.id)).slice(-4)).toEqual([
      ['signal', 'Resolved in Alertmanager: XID 79 on gpu-a-001 (a000000000000001)'],
      ['signal', 'Resolved in Alertmanager: GpuXidErrors'],
      ['signal', 'Resolved in Alertmanager: XID 79 under pretrain-70b'],
      ['resolved', 'Every alert of this incident has resolved in Alertmanager'],
    ]);
  });

  it('ignores a resolved notification sent again, and opens a new incident when the alert fires again', async () => {
    const endsAt = '2026-11-24T10:30:00Z';
    const again = await post(webhook(group, [alert('a000000000000001', { status: 'resolved', endsAt })]));
    expect((await again.json()).data).toMatchObject({ incidents: [], unchanged: 1 });

    await post(webhook(group, [alert('a000000000000001', { startsAt: '2026-11-24T11:00:00Z' })]));
    const incidents = await db.incident.findMany({ orderBy: { id: 'asc' } });
    expect(incidents.map((row) => [row.key, row.state])).toEqual([
      ['alertmanager:a000000000000001', 'resolved'],
      ['alertmanager:a000000000000001', 'open'],
    ]);
  });

  it('records each accepted notification in the audit log', async () => {
    const ok = await db.auditEvent.findMany({ where: { action: 'alertmanager.receive', result: 'ok' } });
    expect(ok.length).toBeGreaterThanOrEqual(7);
    expect(ok.at(-1)).toMatchObject({ actorLabel: 'alertmanager', targetId: 'fleet-console' });
  });

  it('answers 503 when the database cannot take the notification now, and stores it when sent again', async () => {
    // Another notification holds the receiver's lock for longer than one may wait.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT pg_advisory_xact_lock(hashtext('alertmanager-receiver'))`);
    const payload = webhook('{}:{alertname="NodeDown"}', [
      alert('b000000000000001', {
        labels: { alertname: 'NodeDown', severity: 'page', node: 'gpu-a-002' },
        annotations: {},
      }),
    ]);
    try {
      const refused = await post(payload);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect((await refused.json()).error.code).toBe('busy');
      expect(await db.incident.count({ where: { key: 'alertmanager:b000000000000001' } })).toBe(0);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const retried = await post(payload);
    expect(retried.status).toBe(200);
    expect(await db.incident.findFirst({ where: { key: 'alertmanager:b000000000000001' } })).toMatchObject({
      severity: 'page',
      nodeId: 2,
      title: 'NodeDown',
    });
  });
});
