// The incident pages' reads on a real database, against figures worked out by hand: the on-call order, the list's
// filters, the statistics (medians and 95th percentiles), one incident's timeline and what it has cost.
//
// The range is three whole weeks in UTC, R = [Mon 2 Nov 2026, Mon 23 Nov 2026). Incidents (minutes to
// acknowledge / to resolve):
//   1 Mon 2 Nov 10:00  page   alertmanager GpuFellOffTheBus                    2 / 30
//   2 Tue 3 Nov 10:00  page   alertmanager GpuFellOffTheBus                    4 / 60
//   3 Thu 5 Nov 12:00  ticket health_rule  stalled (job 1, research)         6 / 90
//   4 Tue 10 Nov 08:00 page   health_rule  job_stalled (its recovery's cause) 10 / 120, lost 1.5 GPU-h, $6
//   5 Thu 12 Nov 09:00 ticket budget       "Budget Research: …"               — / 20
//   6 Wed 18 Nov 00:00 page   manual       acknowledged after 30, unresolved
//   7 Fri 20 Nov 00:00 ticket manual       "Disk 91% full on gpu-a-002", open
//   8 Sat 21 Nov 06:00 ticket manual       "Disk 97% full on gpu-a-001", open
//   9 Fri 30 Oct and 12 Mon 23 Nov 00:00: outside R (resolved)
// Time to acknowledge, sorted: 2, 4, 6, 10, 30 min -> median 6 min; p95 at rank 4 x 0.95 = 3.8: 10 + 0.8 x 20 = 26 min.
// Time to recover, sorted: 20, 30, 60, 90, 120 min -> median 60 min; p95: 90 + 0.8 x 30 = 114 min.
// Per week: 2-8 Nov 2 pages 1 ticket; 9-15 Nov 1 and 1; 16-22 Nov 1 and 2.
// Cost: 10 (job 1, GPUs 10 and 11 at $4.00) open 24 Nov 10:00 to 12:30: 2 x 2.5 h = 5 GPU-h, $20.00;
//       11 (node 2, two GPUs) 10:00 to 11:00: 2 GPU-h, $8.00.
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getIncident, incidentStats, listIncidents, onCallIncidents } from '@/lib/queries/incidents';
import { EMPTY_PARAMS, type IncidentListParams } from '@/lib/queries/incidents/params';
import { session } from './fake-session';
import { buildIncidentFleet, USERS } from './incident-fixture';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET: listRoute } = await import('@/app/api/incidents/route');
const { GET: incidentRoute } = await import('@/app/api/incidents/[id]/route');

const MIN = 60_000;
const RANGE = { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z'), preset: null };
const params = (changes: Partial<IncidentListParams>) => ({ ...EMPTY_PARAMS, ...changes });
const ACTION_ID = '7b0c6a0e-1111-4c1e-9a55-000000000001';

beforeAll(async () => {
  await buildIncidentFleet(process.env.DATABASE_URL!);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const sql = (text: string) => client.query(text);
  try {
    await sql(`INSERT INTO incident (id, key, title, severity, state, source, job_id, node_id, assignee_id, labels,
                                     opened_at, acknowledged_at, resolved_at) VALUES
      (1, 'am:1', 'XID 79 on gpu-a-001', 'page', 'resolved', 'alertmanager', NULL, 1, NULL,
       '{"alertname": "GpuFellOffTheBus"}', '2026-11-02T10:00Z', '2026-11-02T10:02Z', '2026-11-02T10:30Z'),
      (2, 'am:2', 'XID 79 on gpu-a-002', 'page', 'resolved', 'alertmanager', NULL, 2, NULL,
       '{"alertname": "GpuFellOffTheBus"}', '2026-11-03T10:00Z', '2026-11-03T10:04Z', '2026-11-03T11:00Z'),
      (3, 'job:1:health', 'Job pretrain-70b stalled', 'ticket', 'resolved', 'health_rule', 1, NULL, 2,
       '{"rule": "stalled"}', '2026-11-05T12:00Z', '2026-11-05T12:06Z', '2026-11-05T13:30Z'),
      (4, 'job:2:health', 'Job search-api stalled', 'page', 'resolved', 'health_rule', 2, NULL, 2,
       '{}', '2026-11-10T08:00Z', '2026-11-10T08:10Z', '2026-11-10T10:00Z'),
      (5, 'budget:1:2026-11', 'Budget Research: the forecast reaches 100% of $1,200.00 (November 2026)', 'ticket',
       'resolved', 'budget', NULL, NULL, NULL, '{"budgetId": 1, "month": "2026-11"}',
       '2026-11-12T09:00Z', NULL, '2026-11-12T09:20Z'),
      (6, 'manual:6', 'Checkpoint storage slow', 'page', 'acknowledged', 'manual', NULL, NULL, 4, '{}',
       '2026-11-18T00:00Z', '2026-11-18T00:30Z', NULL),
      (7, 'manual:7', 'Disk 91% full on gpu-a-002', 'ticket', 'open', 'manual', NULL, 2, NULL, '{}',
       '2026-11-20T00:00Z', NULL, NULL),
      (8, 'manual:8', 'Disk 97% full on gpu-a-001', 'ticket', 'open', 'manual', NULL, 1, NULL, '{}',
       '2026-11-21T06:00Z', NULL, NULL),
      (9, 'manual:9', 'Before the range', 'page', 'resolved', 'manual', NULL, NULL, NULL, '{}',
       '2026-10-30T00:00Z', '2026-10-30T00:01Z', '2026-10-30T00:05Z'),
      (12, 'manual:12', 'After the range', 'page', 'resolved', 'manual', NULL, NULL, NULL, '{}',
       '2026-11-23T00:00Z', '2026-11-23T00:01Z', '2026-11-23T00:05Z'),
      (10, 'job:1:stalled', 'Job pretrain-70b stalled', 'page', 'resolved', 'health_rule', 1, 1, 2, '{}',
       '2026-11-24T10:00Z', '2026-11-24T10:05Z', '2026-11-24T12:30Z'),
      (11, 'node:2:lost', 'Node gpu-a-002 lost', 'ticket', 'resolved', 'health_rule', NULL, 2, NULL, '{}',
       '2026-11-24T10:00Z', NULL, '2026-11-24T11:00Z')`);
    await sql(`SELECT setval(pg_get_serial_sequence('incident', 'id'), 12)`);
    // Incident 4: automatic recovery restarted the job; the action belongs to the recovery, not to the incident.
    await sql(`INSERT INTO recovery (id, fault_key, target_type, job_id, cause, summary, state, incident_id, gpus,
                                     fault_at, detected_at, acted_at, recovered_at, last_checkpoint_at,
                                     lost_gpu_hours, lost_cost) VALUES
      (1, 'job:2:stall:1', 'job', 2, 'job_stalled', 'search-api hung', 'recovered', 4, 1,
       '2026-11-10T07:50Z', '2026-11-10T08:00Z', '2026-11-10T08:01Z', '2026-11-10T08:03:10Z', '2026-11-10T07:30Z',
       1.5, 6.00)`);
    await sql(`INSERT INTO action (id, idempotency_key, kind, target_type, target_id, reason, actor_kind, state, message,
                                   incident_id, recovery_id, requested_at, started_at, finished_at) VALUES
      ('${ACTION_ID}', 'k1', 'job.restart', 'job', '2', 'stalled', 'system', 'succeeded', 'running again',
       NULL, 1, '2026-11-10T08:01Z', '2026-11-10T08:01Z', '2026-11-10T08:03:10Z'),
      ('7b0c6a0e-1111-4c1e-9a55-000000000002', 'k2', 'node.cordon', 'node', '1', 'XID 79', 'user', 'failed',
       'executor timed out', 10, NULL, '2026-11-24T10:10Z', '2026-11-24T10:10Z', '2026-11-24T10:11Z')`);
    await sql(`UPDATE action SET actor_id = 2 WHERE idempotency_key = 'k2'`);
    await sql(`INSERT INTO notification_channel (id, name, kind, config) VALUES
      (1, 'ops-pager', 'webhook', '{"url": "http://127.0.0.1:9/x"}')`);
    await sql(`INSERT INTO notification (channel_id, incident_id, subject, state, attempts, last_error, created_at)
      VALUES (1, 10, '[PAGE] Opened: Job pretrain-70b stalled', 'failed', 6, 'HTTP 500 from the webhook',
              '2026-11-24T10:00:01Z')`);
    await sql(`INSERT INTO incident_event (incident_id, at, kind, message, actor_id, action_id) VALUES
      (10, '2026-11-24T10:00Z', 'opened', 'Every GPU under 5% for 10 minutes', NULL, NULL),
      (10, '2026-11-24T10:00:02Z', 'notification', 'Sent to ops-pager (webhook)', NULL, NULL),
      (10, '2026-11-24T10:05Z', 'acknowledged', 'Acknowledged by Otto Operator', 2, NULL),
      (10, '2026-11-24T10:10Z', 'action', 'Cordon requested', 2, '7b0c6a0e-1111-4c1e-9a55-000000000002'),
      (10, '2026-11-24T10:20Z', 'note', 'NCCL timeout in rank 3', 4, NULL),
      (10, '2026-11-24T12:30Z', 'resolved', 'Restarted from the 10:00 checkpoint', 2, NULL)`);
  } finally {
    await client.end();
  }
});

describe('the on-call view', () => {
  it('lists every unresolved incident, pages first, then oldest first, whatever its opening', async () => {
    const onCall = await onCallIncidents(new Date('2026-11-25T00:00:00Z'));
    expect(onCall.rows.map((row) => [row.id, row.severity, row.state])).toEqual([
      [6, 'page', 'acknowledged'],
      [7, 'ticket', 'open'],
      [8, 'ticket', 'open'],
    ]);
    expect(onCall.rows[0].assignee).toEqual({ id: 4, name: 'Olga Oncall' });
    expect(onCall.rows[1].node).toEqual({ id: 2, hostname: 'gpu-a-002' });
  });
});

describe('the incident list', () => {
  it('lists incidents opened in the range, newest first, with the step automatic recovery took', async () => {
    const list = await listIncidents(EMPTY_PARAMS, RANGE);
    expect(list.rows.map((row) => row.id)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(list.total).toBe(8);
    expect(list.teams).toEqual(['product', 'research']);
    const restarted = list.rows.find((row) => row.id === 4)!;
    expect(restarted.team).toBe('product');
    expect(restarted.recovery).toEqual({
      cause: 'job_stalled',
      targetType: 'job',
      state: 'recovered',
      summary: 'search-api hung',
      message: null,
      detectedAt: '2026-11-10T08:00:00.000Z',
      actedAt: '2026-11-10T08:01:00.000Z',
      recoveredAt: '2026-11-10T08:03:10.000Z',
      lastCheckpointAt: '2026-11-10T07:30:00.000Z',
      action: {
        kind: 'job.restart',
        state: 'succeeded',
        message: 'running again',
        requestedAt: '2026-11-10T08:01:00.000Z',
        finishedAt: '2026-11-10T08:03:10.000Z',
        automatic: true,
      },
    });
    expect(list.rows.find((row) => row.id === 3)!.recovery).toBeNull();
  });

  it('filters by state, severity, source and team', async () => {
    const ids = async (changes: Partial<IncidentListParams>) =>
      (await listIncidents(params(changes), RANGE)).rows.map((row) => row.id);
    expect(await ids({ state: ['open'] })).toEqual([8, 7]);
    expect(await ids({ severity: ['page'] })).toEqual([6, 4, 2, 1]);
    expect(await ids({ source: ['alertmanager', 'budget'] })).toEqual([5, 2, 1]);
    expect(await ids({ team: ['research'] })).toEqual([3]);
    expect(await ids({ state: ['resolved'], severity: ['ticket'] })).toEqual([5, 3]);
  });

  it('counts the whole list on a page past its end', async () => {
    const list = await listIncidents(params({ page: 9 }), RANGE);
    expect(list).toMatchObject({ rows: [], total: 8, pageCount: 1, page: 9 });
  });
});

describe('incident statistics', () => {
  it('gives medians and 95th percentiles of time to acknowledge and to recover, measured from opening', async () => {
    const stats = await incidentStats(EMPTY_PARAMS, RANGE);
    expect(stats.total).toBe(8);
    expect(stats.bySeverity).toEqual({ page: 4, ticket: 4 });
    expect(stats.timeToAcknowledge).toEqual({ count: 5, medianMs: 6 * MIN, p95Ms: 26 * MIN });
    expect(stats.timeToRecover).toEqual({ count: 5, medianMs: 60 * MIN, p95Ms: 114 * MIN });
  });

  it('counts incidents per week by severity', async () => {
    const stats = await incidentStats(EMPTY_PARAMS, RANGE);
    expect(stats.weeks).toEqual([
      { start: '2026-11-02', page: 2, ticket: 1, partial: false },
      { start: '2026-11-09', page: 1, ticket: 1, partial: false },
      { start: '2026-11-16', page: 1, ticket: 2, partial: false },
    ]);
  });

  it('names the top causes by source, alert name, health rule and title pattern', async () => {
    const stats = await incidentStats(EMPTY_PARAMS, RANGE);
    expect(stats.bySource).toEqual([
      { source: 'manual', count: 3 },
      { source: 'health_rule', count: 2 },
      { source: 'alertmanager', count: 2 },
      { source: 'budget', count: 1 },
    ]);
    // Incident 3 names its rule in a label; incident 4's comes from the fault automatic recovery recorded.
    expect(stats.topCauses).toEqual([
      { kind: 'title', name: 'Disk #% full on gpu-a-#', count: 2 },
      { kind: 'alertname', name: 'GpuFellOffTheBus', count: 2 },
      { kind: 'title', name: 'Budget Research: the forecast reaches #% of $#,# (November #)', count: 1 },
      { kind: 'title', name: 'Checkpoint storage slow', count: 1 },
      { kind: 'health_rule', name: 'job_stalled', count: 1 },
      { kind: 'health_rule', name: 'stalled', count: 1 },
    ]);
  });

  it('applies the filters: pages only', async () => {
    const stats = await incidentStats(params({ severity: ['page'] }), RANGE);
    // Acknowledged after 2, 4, 10, 30 min: median (4 + 10) / 2 = 7; p95 at rank 2.85: 10 + 0.85 x 20 = 27 min.
    expect(stats.timeToAcknowledge).toEqual({ count: 4, medianMs: 7 * MIN, p95Ms: 27 * MIN });
    // Resolved after 30, 60, 120 min: median 60; p95 at rank 1.9: 60 + 0.9 x 60 = 114 min.
    expect(stats.timeToRecover).toEqual({ count: 3, medianMs: 60 * MIN, p95Ms: 114 * MIN });
  });
});

describe('one incident', () => {
  it('puts events, actions and notifications on one timeline in time order', async () => {
    const detail = (await getIncident(10, new Date('2026-11-25T00:00:00Z')))!;
    expect(detail.timeline.map((item) => [item.type, item.at])).toEqual([
      ['event', '2026-11-24T10:00:00.000Z'],
      ['notification', '2026-11-24T10:00:01.000Z'],
      ['event', '2026-11-24T10:05:00.000Z'],
      ['action', '2026-11-24T10:10:00.000Z'],
      ['event', '2026-11-24T10:20:00.000Z'],
      ['event', '2026-11-24T12:30:00.000Z'],
    ]);
    expect(detail.timeline[1]).toMatchObject({
      type: 'notification',
      channel: 'ops-pager',
      state: 'failed',
      error: 'HTTP 500 from the webhook',
      attempts: 6,
    });
    expect(detail.timeline[3]).toMatchObject({
      type: 'action',
      kind: 'node.cordon',
      target: 'node gpu-a-001',
      state: 'failed',
      message: 'executor timed out',
      actor: 'Otto Operator',
    });
    expect(detail.timeline[4]).toMatchObject({ kind: 'note', message: 'NCCL timeout in rank 3', actor: 'Olga Oncall' });
    expect(detail.incident).toMatchObject({ timeToAcknowledgeMs: 5 * MIN, timeToRecoverMs: 150 * MIN });
    expect(detail.job).toMatchObject({ id: 1, name: 'pretrain-70b', team: 'research', gpus: 2 });
    expect(detail.node).toMatchObject({ id: 1, hostname: 'gpu-a-001', gpus: 2 });
    expect(detail.assignees.map((person) => person.name)).toEqual(['Ada Admin', 'Olga Oncall', 'Otto Operator']);
  });

  it('costs the GPUs affected for as long as it lasted, at the rate card', async () => {
    const now = new Date('2026-11-25T00:00:00Z');
    expect((await getIncident(10, now))!.cost).toEqual({
      basis: 'held',
      gpus: 2,
      gpuHours: 5,
      cost: 20,
      unpricedGpuHours: 0,
      from: '2026-11-24T10:00:00.000Z',
      to: '2026-11-24T12:30:00.000Z',
    });
    expect((await getIncident(11, now))!.cost).toMatchObject({ basis: 'held', gpus: 2, gpuHours: 2, cost: 8 });
    // Automatic recovery measured the lost work of incident 4 itself.
    expect((await getIncident(4, now))!.cost).toMatchObject({ basis: 'recovery', gpus: 1, gpuHours: 1.5, cost: 6 });
    // An incident about nothing the console holds costs nothing it can tell.
    expect((await getIncident(5, now))!.cost).toBeNull();
  });

  it('is null for an incident that does not exist', async () => {
    expect(await getIncident(404)).toBeNull();
  });
});

describe('the incident routes', () => {
  const one = (id: string) =>
    incidentRoute(new Request(`http://console.test/api/incidents/${id}`), { params: Promise.resolve({ id }) });

  it('answer anyone signed in, and nobody else', async () => {
    session.user = null;
    expect((await listRoute(new Request('http://console.test/api/incidents?view=on-call'))).status).toBe(401);
    session.user = USERS.viewer;
    const onCall = await listRoute(new Request('http://console.test/api/incidents?view=on-call'));
    expect((await onCall.json()).rows.map((row: { id: number }) => row.id)).toEqual([6, 7, 8]);
    const list = await listRoute(
      new Request(
        `http://console.test/api/incidents?from=${RANGE.from.toISOString()}&to=${RANGE.to.toISOString()}&severity=page`,
      ),
    );
    expect((await list.json()).rows.map((row: { id: number }) => row.id)).toEqual([6, 4, 2, 1]);
    expect((await (await one('10')).json()).incident.title).toBe('Job pretrain-70b stalled');
  });

  it('name a bad filter or range, and an incident that is not there', async () => {
    session.user = USERS.viewer;
    const bad = await listRoute(new Request('http://console.test/api/incidents?state=closed'));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.state[0]).toContain('`state` must be one of open, acknowledged, resolved');
    expect((await listRoute(new Request('http://console.test/api/incidents?range=2y'))).status).toBe(422);
    expect((await one('404')).status).toBe(404);
    expect((await one('abc')).status).toBe(404);
  });
});
