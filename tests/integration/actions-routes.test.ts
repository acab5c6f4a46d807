// The two routes behind the action buttons, on a real database: the impact an operation would have (worked out
// by hand in actions-fixture.ts) or why it would be refused, and the latest actions on a target.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOW, USERS, buildActionsFleet, withClient } from './actions-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());

const { GET: impactRoute } = await import('@/app/api/actions/impact/route');
const { GET: actionsRoute } = await import('@/app/api/actions/route');

const impact = (query: string) => impactRoute(new Request(`http://console.test/api/actions/impact?${query}`));
const actions = (query: string) => actionsRoute(new Request(`http://console.test/api/actions?${query}`));

beforeAll(async () => {
  // Only the clock is pinned, so that "30 minutes since the checkpoint" holds; timers and the database run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  await buildActionsFleet();
});
afterAll(() => vi.useRealTimers());
beforeEach(async () => {
  session.user = USERS.operator;
  await withClient((sql) => sql('DELETE FROM action'));
});

describe('GET /api/actions/impact', () => {
  it('answers a restart with the GPUs it stops and the work since the checkpoint plus the 5-minute recovery', async () => {
    const response = await impact('kind=job.restart&targetId=1');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      kind: 'job.restart',
      target: { type: 'job', id: 1, label: 'pretrain-16' },
      gpusAffected: 16,
      costPerHourChange: null,
      confirmName: null,
      currency: 'USD',
      timeZone: 'UTC',
      generatedAt: NOW.toISOString(),
    });
    // 16 GPUs x (30 min + 5 min) = 9.333 GPU-h, at $2.50 = $23.33.
    expect(body.lostGpuHours).toBeCloseTo((16 * 35) / 60, 9);
    expect(body.lostCost).toBeCloseTo(((16 * 35) / 60) * 2.5, 9);
    expect(body.jobs).toEqual([
      {
        id: 1,
        name: 'pretrain-16',
        kind: 'training',
        gpus: 16,
        lastCheckpointAt: '2026-11-25T10:00:00.000Z',
        lostGpuHours: expect.closeTo(9.333333, 5),
        lostCost: expect.closeTo(23.333333, 5),
      },
    ]);
  });

  it('counts no recovery time for a cancel: the job does not come back', async () => {
    const body = await (await impact('kind=job.cancel&targetId=1')).json();
    // 16 GPUs x 30 min = 8 GPU-h, at $2.50 = $20.00.
    expect(body.lostGpuHours).toBeCloseTo(8, 9);
    expect(body.lostCost).toBeCloseTo(20, 9);
  });

  it('charges a drained node with all the GPUs of a job that spans it and another node', async () => {
    const body = await (await impact('kind=node.drain&targetId=1')).json();
    expect(body.target).toEqual({ type: 'node', id: 1, label: 'n1' });
    expect(body.gpusAffected).toBe(16);
    expect(body.jobs.map((job: { name: string }) => job.name)).toEqual(['pretrain-16']);
    expect(body.lostGpuHours).toBeCloseTo(28 / 3, 9);
    expect(body.lostCost).toBeCloseTo(70 / 3, 9);
  });

  it('disrupts nothing when cordoning: the jobs on the node keep running', async () => {
    const body = await (await impact('kind=node.cordon&targetId=1')).json();
    expect(body).toMatchObject({ gpusAffected: 8, jobs: [], lostGpuHours: 0, lostCost: 0, confirmName: null });
  });

  it('prices a pool scale-up per hour, and a scale-down with the service it stops', async () => {
    // One more node of 8 reserved GPUs at $2.50: +$20.00 an hour.
    const up = await (await impact('kind=pool.scale&targetId=1&count=3')).json();
    expect(up).toMatchObject({ gpusAffected: 8, costPerHourChange: 20, jobs: [] });
    // h800-spot 1 -> 0 removes n4 with serve-chat on it: -8 GPUs x $1.00; a service loses no training work.
    const down = await (await impact('kind=pool.scale&targetId=2&count=0')).json();
    expect(down).toMatchObject({ gpusAffected: 8, costPerHourChange: -8, lostGpuHours: 0 });
    expect(down.jobs).toEqual([expect.objectContaining({ name: 'serve-chat', lostGpuHours: null, lostCost: null })]);
  });

  it('prices one more replica of a service at its GPUs per replica', async () => {
    // 2 GPUs for 2 replicas = 1 GPU a replica, at $1.00 an hour.
    const body = await (await impact('kind=service.scale&targetId=2&count=3')).json();
    expect(body).toMatchObject({ gpusAffected: 1, costPerHourChange: 1 });
  });

  it('asks for the name of a job of 512 GPUs', async () => {
    const body = await (await impact('kind=job.cancel&targetId=4')).json();
    expect(body.confirmName).toBe('pretrain-512');
  });

  it('answers 409 with the reason before anyone types one: cordoned, finished, restarting, same size', async () => {
    const cases: [string, string][] = [
      ['kind=node.cordon&targetId=3', 'n3 is already cordoned.'],
      ['kind=job.restart&targetId=3', 'done-job has succeeded; there is nothing to restart.'],
      ['kind=job.restart&targetId=5', 'restarting-job is already restarting.'],
      ['kind=pool.scale&targetId=1&count=2', 'h800-reserved is already set to 2 nodes.'],
    ];
    for (const [query, message] of cases) {
      const response = await impact(query);
      expect(response.status, query).toBe(409);
      expect(await response.json()).toEqual({ error: { code: 'refused', message } });
    }
  });

  it('answers 409 while an action on the target is still pending, naming who asked', async () => {
    await withClient((sql) =>
      sql(`INSERT INTO action (id, idempotency_key, kind, target_type, target_id, params, reason, actor_kind, state)
           VALUES (gen_random_uuid(), 'k1', 'job.restart', 'job', '1', '{"label": "pretrain-16"}', 'stalled', 'system', 'pending')`),
    );
    const response = await impact('kind=job.cancel&targetId=1');
    expect(response.status).toBe(409);
    const { error } = await response.json();
    expect(error.code).toBe('already_acting');
    expect(error.message).toContain(
      'pretrain-16 already has restart from checkpoint pending, asked by automatic recovery',
    );
  });

  it('answers 404 for a target that does not exist and 400 for an operation it does not know', async () => {
    const missing = await impact('kind=node.cordon&targetId=999');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe('There is no node with id 999.');
    const unknown = await impact('kind=node.explode&targetId=1');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe('unknown_operation');
    expect((await impact('kind=node.cordon&targetId=abc')).status).toBe(422);
  });

  it('is for operators: a viewer gets 403, no session 401, an admin the impact', async () => {
    session.user = USERS.viewer;
    expect((await impact('kind=node.cordon&targetId=1')).status).toBe(403);
    session.user = null;
    expect((await impact('kind=node.cordon&targetId=1')).status).toBe(401);
    session.user = USERS.admin;
    expect((await impact('kind=node.cordon&targetId=1')).status).toBe(200);
  });
});

describe('GET /api/actions', () => {
  beforeEach(() =>
    withClient((sql) =>
      sql(`INSERT INTO action (id, idempotency_key, kind, target_type, target_id, params, reason, actor_kind, actor_id,
                               state, message, requested_at, started_at, finished_at) VALUES
        (gen_random_uuid(), 'a1', 'node.cordon', 'node', '1', '{"label": "n1"}', 'XID 79 on GPU 3', 'user', 2,
         'succeeded', 'cordoned n1', '2026-11-25T09:00Z', '2026-11-25T09:00:05Z', '2026-11-25T09:00:06Z'),
        (gen_random_uuid(), 'a2', 'node.reboot', 'node', '1', '{"label": "n1"}', 'fatal XID', 'system', NULL,
         'failed', 'n1 not back within 15 minutes', '2026-11-25T09:30Z', '2026-11-25T09:30:02Z', '2026-11-25T09:45:02Z'),
        (gen_random_uuid(), 'a3', 'node.drain', 'node', '1', '{"label": "n1"}', 'move work off', 'user', 3,
         'pending', NULL, '2026-11-25T10:20Z', NULL, NULL),
        (gen_random_uuid(), 'a4', 'node.cordon', 'node', '2', '{"label": "n2"}', 'another node', 'user', 2,
         'pending', NULL, '2026-11-25T10:25Z', NULL, NULL),
        (gen_random_uuid(), 'a5', 'pool.scale', 'pool', '1', '{"label": "h800-reserved", "count": 3}', 'more capacity',
         'user', 2, 'running', NULL, '2026-11-25T10:10Z', '2026-11-25T10:10:01Z', NULL)`),
    ),
  );

  it('lists the actions on one target newest first, with who asked, why, state and the answer', async () => {
    session.user = USERS.viewer;
    const response = await actions('targetType=node&targetId=1');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.timeZone).toBe('UTC');
    expect(body.actions).toEqual([
      expect.objectContaining({
        kind: 'node.drain',
        state: 'pending',
        actor: 'admin@fleet.local',
        actorKind: 'user',
        reason: 'move work off',
        requestedAt: '2026-11-25T10:20:00.000Z',
        startedAt: null,
        finishedAt: null,
        message: null,
        target: { type: 'node', id: 1, label: 'n1' },
      }),
      expect.objectContaining({
        kind: 'node.reboot',
        state: 'failed',
        actor: 'automatic recovery',
        actorKind: 'system',
        message: 'n1 not back within 15 minutes',
        finishedAt: '2026-11-25T09:45:02.000Z',
      }),
      expect.objectContaining({ kind: 'node.cordon', state: 'succeeded', actor: 'operator@fleet.local' }),
    ]);
  });

  it('keeps to the limit, and without an id lists every target of the type', async () => {
    const limited = await (await actions('targetType=node&targetId=1&limit=1')).json();
    expect(limited.actions.map((action: { kind: string }) => action.kind)).toEqual(['node.drain']);
    const pools = await (await actions('targetType=pool')).json();
    expect(pools.actions).toEqual([
      expect.objectContaining({
        kind: 'pool.scale',
        state: 'running',
        count: 3,
        target: { type: 'pool', id: 1, label: 'h800-reserved' },
      }),
    ]);
  });

  it('needs a session and a known target type', async () => {
    session.user = null;
    expect((await actions('targetType=node&targetId=1')).status).toBe(401);
    session.user = USERS.viewer;
    expect((await actions('targetType=rack&targetId=1')).status).toBe(422);
    expect((await actions('targetType=node&limit=500')).status).toBe(422);
  });
});
