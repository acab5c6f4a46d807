// Lemon nodes over a week, on the hand-worked fleet of cost-fixture.ts with faults, job events, recoveries and
// throttled minutes added. Every figure below is worked out in its comment (DOMAIN.md, "Lemon nodes").
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { lemonNodes } from '@/lib/queries/nodes/lemons';
import { buildCostFleet, WEEK, WEEK_QUERY } from './cost-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET: lemonsApi } = await import('@/app/api/nodes/lemons/route');

beforeAll(async () => {
  await buildCostFleet(process.env.DATABASE_URL!);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // n1 (GPUs 10, 11): a fatal XID 79 on GPU 10 at 17:55, five minutes before J1 (on GPUs 10 and 11) failed at
  // 18:00; a warning XID 13 two days later; one recovery of the node. n3: a fault the week before (not counted).
  await client.query(`INSERT INTO gpu_fault (node_id, gpu_id, at, kind, code, fatal, message) VALUES
    (1, 10, '2026-11-18T17:55Z', 'xid', 79, true, 'GPU has fallen off the bus'),
    (1, 11, '2026-11-20T00:00Z', 'xid', 13, false, 'Graphics engine exception'),
    (3, 30, '2026-11-10T00:00Z', 'xid', 48, true, 'DBE')`);
  await client.query(`INSERT INTO recovery (fault_key, target_type, node_id, job_id, cause, summary, state, gpus,
                                            fault_at, detected_at, lost_gpu_hours, lost_cost) VALUES
    ('node:1:xid', 'node', 1, NULL, 'fatal_xid', 'n1 XID 79', 'recovered', 2, '2026-11-18T17:55Z', '2026-11-18T17:56Z', NULL, NULL),
    ('job:1:failed', 'job', NULL, 1, 'job_failed', 'J1 failed', 'recovered', 2, '2026-11-18T18:00Z', '2026-11-18T18:01Z', 4.5, 10.00),
    ('job:2:stalled', 'job', NULL, 2, 'job_stalled', 'J2 hung', 'recovered', 2, '2026-11-19T04:00Z', '2026-11-19T04:02Z', 2, 3.00)`);
  // J2 (GPUs 10 and 20): GPU 20 straggled at 02:00 (the rule named) and at 03:00 (an event from before events
  // named their rule: told by its message); GPU 10 throttled at 01:00, which is not straggling.
  await client.query(`INSERT INTO job_event (job_id, at, kind, message, data) VALUES
    (2, '2026-11-19T02:00Z', 'degraded', 'n2 GPU 0 under 50% of the job''s median utilization for 12 min', '{"gpuIds":[20],"rule":"straggler"}'),
    (2, '2026-11-19T03:00Z', 'degraded', 'n2 GPU 0 under 50% of the job''s median utilization for 15 min', '{"gpuIds":[20]}'),
    (2, '2026-11-19T01:00Z', 'degraded', 'n1 GPU 0 thermally throttled in 6 of the last 10 min', '{"gpuIds":[10],"rule":"thermal_throttling"}')`);
  await client.query(`INSERT INTO gpu_sample_hourly (gpu_id, hour, minutes, util_avg, util_min, fb_used_max, power_avg,
                                                    temp_max, xid_count, throttled_minutes) VALUES
    (20, '2026-11-19T02:00Z', 60, 40, 10, 1000, 300, 80, 0, 12),
    (30, '2026-11-17T00:00Z', 60, 90, 80, 1000, 300, 88, 0, 7)`);
  // The node policy as an admin set it: replace a node at its 4th fault that takes it down within two days.
  await client.query(`INSERT INTO recovery_policy (kind, enabled, config) VALUES
    ('remediate_fatal_xid_node', true, '{"drainTimeoutMinutes":5,"replaceAfterReboots":2,"replaceAfterFaults":4,"faultWindowHours":48}')
    ON CONFLICT (kind) DO UPDATE SET config = EXCLUDED.config, enabled = true`);
  await client.end();
});

describe('lemon nodes over a week', () => {
  it('counts each node’s trouble and ranks by it, with the work its faults cost', async () => {
    const { nodes } = await lemonNodes(WEEK);
    expect(nodes.map((node) => node.hostname)).toEqual(['n1', 'n2', 'n3']);
    const [n1, n2, n3] = nodes;
    // n1: 2 faults (1 fatal) + J1 failed 5 min after its XID + 0 straggling + 1 recovery = trouble 4. J1's
    // interruption (4.5 GPU-hours, $10.00) followed its fault; J2's hang followed no fault of n1's: not its doing.
    expect(n1).toMatchObject({ faults: 2, fatalFaults: 1, jobsFailed: 1, stragglerAppearances: 0, recoveries: 1 });
    expect(n1).toMatchObject({ trouble: 4, lostGpuHours: 4.5, lostCost: 10 });
    // n2: two straggler appearances (one told by its rule, one by its message): trouble 2; 12 throttled minutes.
    expect(n2).toMatchObject({ trouble: 2, stragglerAppearances: 2, faults: 0, throttledMinutes: 12, lostCost: 0 });
    // n3: its fault was the week before; only 7 throttled minutes in the week: trouble 0, listed last.
    expect(n3).toMatchObject({ trouble: 0, faults: 0, throttledMinutes: 7 });
  });

  it('gives the evidence: the faults and the jobs behind the counts, latest first', async () => {
    const { nodes } = await lemonNodes(WEEK);
    const n1 = nodes.find((node) => node.hostname === 'n1')!;
    expect(n1.evidence.faults.map((fault) => [fault.code, fault.fatal])).toEqual([
      [13, false],
      [79, true],
    ]);
    expect(n1.evidence.jobs).toEqual([{ id: 1, name: 'pretrain-7b', at: '2026-11-18T18:00:00.000Z', how: 'failed' }]);
    const n2 = nodes.find((node) => node.hostname === 'n2')!;
    expect(n2.evidence.jobs.map((job) => [job.name, job.how])).toEqual([
      ['vision-ft', 'straggler'],
      ['vision-ft', 'straggler'],
    ]);
  });
});

describe('GET /api/nodes/lemons', () => {
  beforeAll(() => {
    session.user = { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };
  });

  it('answers the ranking, as many as asked', async () => {
    const response = await lemonsApi(new Request(`http://console.test/api/nodes/lemons?${WEEK_QUERY}&limit=1`));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.nodes).toHaveLength(1);
    expect(body.nodes[0]).toMatchObject({ hostname: 'n1', trouble: 4, lostCost: 10 });
    expect(body.currency).toBe('USD');
    // Said with the ranking, so that whoever reads it knows when recovery stops rebooting a node.
    expect(body.replacement).toEqual({ enabled: true, afterFaults: 4, windowHours: 48 });
  });

  it('refuses a range or a limit it cannot read, and answers 401 without a session', async () => {
    const bad = await lemonsApi(new Request('http://console.test/api/nodes/lemons?range=3w'));
    expect(bad.status).toBe(422);
    const limit = await lemonsApi(new Request(`http://console.test/api/nodes/lemons?${WEEK_QUERY}&limit=0`));
    expect(limit.status).toBe(422);
    expect((await limit.json()).error.fields.limit[0]).toMatch(/1 to 500/);
    session.user = null;
    expect((await lemonsApi(new Request('http://console.test/api/nodes/lemons'))).status).toBe(401);
  });
});

describe('the work lost, node by node', () => {
  it('charges an interruption to one node, the one whose fault came last before it, so the column adds up', async () => {
    // J2 (GPUs 10 on n1 and 20 on n2) hung at 04:00 on the 19th: 2 GPU-hours, $3.00. Both its nodes faulted in the
    // 10 minutes before: n1 at 03:52, n2 at 03:57. n2's fault came last: the hang is n2's, and n1 keeps J1's 4.5.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`INSERT INTO gpu_fault (node_id, gpu_id, at, kind, code, fatal, message) VALUES
      (1, 10, '2026-11-19T03:52Z', 'xid', 13, false, 'Graphics engine exception'),
      (2, 20, '2026-11-19T03:57Z', 'xid', 31, false, 'GPU memory page fault')`);
    await client.end();
    const { nodes } = await lemonNodes(WEEK);
    const lost = Object.fromEntries(nodes.map((node) => [node.hostname, [node.lostGpuHours, node.lostCost]]));
    expect(lost).toEqual({ n1: [4.5, 10], n2: [2, 3], n3: [0, 0] });
    // 4.5 + 2 = 6.5 GPU-hours and $10.00 + $3.00 = $13.00: the two recoveries' lost work, once each.
    expect(nodes.reduce((sum, node) => sum + node.lostCost, 0)).toBe(13);
  });
});
