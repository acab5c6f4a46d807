// The recovery policy action: admins switch a policy and change its settings, each refusal at its field, audited
// as policy.update with the old settings beside the new; everyone else is refused and nothing changes.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { parsePolicyConfig } from '@/lib/recovery/policies';
import { session, type FakeUser } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { updateRecoveryPolicy } = await import('@/lib/actions/recovery-policies');
const { listRecoveryPolicies, listWarmSpares } = await import('@/lib/queries/recovery');
const { setWarmSpares } = await import('@/lib/actions/warm-spares');

const ADMIN: FakeUser = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' };
const OPERATOR: FakeUser = { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' };
const VIEWER: FakeUser = { id: 3, name: 'V', email: 'viewer@fleet.local', role: 'viewer' };

const RESTART_DEFAULTS = { maxRestartsPerHour: 3, jobKinds: ['training', 'fine_tuning'] };
const NODE_DEFAULTS = { drainTimeoutMinutes: 5, replaceAfterReboots: 2, replaceAfterFaults: 3, faultWindowHours: 168 };

async function stored(kind: string) {
  const row = await db.recoveryPolicy.findUniqueOrThrow({ where: { kind } });
  return { enabled: row.enabled, config: row.config };
}

/** What the page shows of a policy now, sent back as `previous` the way the forms send it. */
async function shown(kind: string) {
  const policy = (await listRecoveryPolicies()).find((row) => row.kind === kind)!;
  return JSON.stringify({ enabled: policy.enabled, config: policy.config });
}

const update = async (kind: string, fields: Record<string, unknown>) =>
  updateRecoveryPolicy({ kind, previous: await shown(kind), idempotencyKey: randomUUID(), ...fields });

const audits = (result?: 'ok' | 'denied' | 'invalid' | 'failed') =>
  db.auditEvent.findMany({ where: { action: 'policy.update', ...(result ? { result } : {}) }, orderBy: { id: 'asc' } });
/** Refusals one caller repeats within a minute share a row that counts them. */
const refusals = async (result: 'denied' | 'invalid') =>
  (await audits(result)).reduce((count, row) => count + row.repeats, 0);

beforeAll(async () => {
  await db.user.createMany({
    data: [ADMIN, OPERATOR, VIEWER].map(({ id, email, name, role }) => ({ id, email, name, role })),
  });
  // As lib/db/seed.ts seeds them.
  await db.recoveryPolicy.createMany({
    data: [
      { kind: 'restart_failed_job', config: RESTART_DEFAULTS },
      { kind: 'restart_stalled_job', config: RESTART_DEFAULTS },
      { kind: 'remediate_fatal_xid_node', config: NODE_DEFAULTS },
    ],
  });
});

beforeEach(() => {
  session.user = ADMIN;
});

describe('switching a policy', () => {
  it('turns a policy off and on, auditing the old state beside the new', async () => {
    const off = await update('restart_failed_job', { change: 'enabled', enabled: 'false', reason: 'drill' });
    expect(off).toEqual({
      ok: true,
      data: {
        kind: 'restart_failed_job',
        before: { enabled: true, config: RESTART_DEFAULTS },
        after: { enabled: false, config: RESTART_DEFAULTS },
      },
    });
    expect(await stored('restart_failed_job')).toEqual({ enabled: false, config: RESTART_DEFAULTS });
    const [event] = await audits('ok');
    expect(event).toMatchObject({
      actorLabel: 'admin@fleet.local',
      targetType: 'recovery_policy',
      targetId: 'restart_failed_job',
      reason: 'drill',
    });
    const input = event.input as { previous: string; enabled: string };
    expect(JSON.parse(input.previous)).toEqual({ enabled: true, config: RESTART_DEFAULTS });
    expect(input.enabled).toBe('false');

    expect(await update('restart_failed_job', { change: 'enabled', enabled: 'true' })).toMatchObject({ ok: true });
    expect((await stored('restart_failed_job')).enabled).toBe(true);
  });

  it('acts once on a double submit, however close together', async () => {
    const fields = {
      kind: 'restart_stalled_job',
      change: 'enabled',
      enabled: 'false',
      previous: await shown('restart_stalled_job'),
      idempotencyKey: randomUUID(),
    };
    const before = (await audits('ok')).length;
    const [first, second] = await Promise.all([updateRecoveryPolicy(fields), updateRecoveryPolicy(fields)]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    expect((await stored('restart_stalled_job')).enabled).toBe(false);
    expect((await audits('ok')).length).toBe(before + 1);
  });

  it('refuses a change to a policy someone changed since the page was loaded', async () => {
    const stale = JSON.stringify({ enabled: true, config: NODE_DEFAULTS });
    await db.recoveryPolicy.update({ where: { kind: 'remediate_fatal_xid_node' }, data: { enabled: false } });
    const answer = await updateRecoveryPolicy({
      kind: 'remediate_fatal_xid_node',
      change: 'enabled',
      enabled: 'false',
      previous: stale,
      idempotencyKey: randomUUID(),
    });
    expect(answer).toMatchObject({ ok: false, code: 'conflict' });
    expect(await stored('remediate_fatal_xid_node')).toEqual({ enabled: false, config: NODE_DEFAULTS });
    await db.recoveryPolicy.update({ where: { kind: 'remediate_fatal_xid_node' }, data: { enabled: true } });
  });
});

describe('policy settings', () => {
  it('saves a restart policy’s circuit breaker and job kinds as the worker reads them', async () => {
    const answer = await update('restart_failed_job', {
      change: 'settings',
      maxRestartsPerHour: '5',
      jobKinds: ['training', 'evaluation'],
    });
    expect(answer).toMatchObject({ ok: true, data: { after: { enabled: true } } });
    const config = (await stored('restart_failed_job')).config;
    expect(config).toEqual({ maxRestartsPerHour: 5, jobKinds: ['training', 'evaluation'] });
    expect(parsePolicyConfig('restart_failed_job', config)).toEqual(config);
    const [event] = (await audits('ok')).slice(-1);
    expect(JSON.parse((event.input as { previous: string }).previous).config).toEqual(RESTART_DEFAULTS);
    expect(event.input).toMatchObject({ maxRestartsPerHour: '5', jobKinds: ['training', 'evaluation'] });
  });

  it('takes one checked job kind as a list, and the node policy’s drain timeout and reboots', async () => {
    expect(
      await update('restart_stalled_job', { change: 'settings', maxRestartsPerHour: '3', jobKinds: 'fine_tuning' }),
    ).toMatchObject({ ok: true });
    expect((await stored('restart_stalled_job')).config).toEqual({ maxRestartsPerHour: 3, jobKinds: ['fine_tuning'] });
    expect(
      await update('remediate_fatal_xid_node', {
        change: 'settings',
        drainTimeoutMinutes: '10',
        replaceAfterReboots: '3',
        replaceAfterFaults: '4',
        faultWindowHours: '72',
      }),
    ).toMatchObject({ ok: true });
    expect((await stored('remediate_fatal_xid_node')).config).toEqual({
      drainTimeoutMinutes: 10,
      replaceAfterReboots: 3,
      replaceAfterFaults: 4,
      faultWindowHours: 72,
    });
  });

  it('names each bad value at its field and saves nothing', async () => {
    const before = await Promise.all(['restart_failed_job', 'remediate_fatal_xid_node'].map(stored));
    const invalidBefore = await refusals('invalid');
    const restart = (fields: Record<string, unknown>) =>
      update('restart_failed_job', { change: 'settings', maxRestartsPerHour: '3', jobKinds: ['training'], ...fields });
    expect(await restart({ maxRestartsPerHour: '0' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { maxRestartsPerHour: ['must be at least 1'] },
    });
    expect(await restart({ maxRestartsPerHour: '21' })).toMatchObject({
      fieldErrors: { maxRestartsPerHour: ['must be at most 20'] },
    });
    expect(await restart({ maxRestartsPerHour: '2.5' })).toMatchObject({
      fieldErrors: { maxRestartsPerHour: ['must be a whole number'] },
    });
    expect(await restart({ maxRestartsPerHour: ' ' })).toMatchObject({
      fieldErrors: { maxRestartsPerHour: ['is required'] },
    });
    expect(await restart({ jobKinds: [] })).toMatchObject({
      fieldErrors: { jobKinds: ['choose at least 1 job kind'] },
    });
    expect(await restart({ jobKinds: undefined })).toMatchObject({
      fieldErrors: { jobKinds: ['choose at least 1 job kind'] },
    });
    expect(await restart({ jobKinds: 7 })).toMatchObject({
      fieldErrors: { jobKinds: ['must be a list of job kinds'] },
    });
    expect(await restart({ jobKinds: ['training', 'robotics'] })).toMatchObject({
      fieldErrors: { jobKinds: ['is not a job kind'] },
    });
    expect(
      await update('remediate_fatal_xid_node', {
        change: 'settings',
        drainTimeoutMinutes: '61',
        replaceAfterReboots: 'x',
        replaceAfterFaults: '0',
        faultWindowHours: '721',
      }),
    ).toMatchObject({
      fieldErrors: {
        drainTimeoutMinutes: ['must be at most 60'],
        replaceAfterReboots: ['must be a whole number'],
        replaceAfterFaults: ['must be at least 1'],
        faultWindowHours: ['must be at most 720'],
      },
    });
    expect(await update('restart_failed_job', { change: 'enabled' })).toMatchObject({
      fieldErrors: { enabled: ['must be true or false'] },
    });
    expect(
      await updateRecoveryPolicy({ kind: 'restart_everything', change: 'enabled', enabled: 'true', previous: '{}' }),
    ).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { kind: ['is not a recovery policy'] } });
    expect(await Promise.all(['restart_failed_job', 'remediate_fatal_xid_node'].map(stored))).toEqual(before);
    expect(await refusals('invalid')).toBe(invalidBefore + 11);
  });
});

describe('who may change a policy', () => {
  it.each([OPERATOR, VIEWER])('refuses a $role and changes nothing', async (user) => {
    session.user = user;
    const before = await stored('restart_failed_job');
    const deniedBefore = await refusals('denied');
    const answer = await update('restart_failed_job', { change: 'enabled', enabled: String(!before.enabled) });
    expect(answer).toMatchObject({ ok: false, code: 'forbidden' });
    expect(
      await update('restart_failed_job', { change: 'settings', maxRestartsPerHour: '20', jobKinds: ['inference'] }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await stored('restart_failed_job')).toEqual(before);
    expect(await refusals('denied')).toBe(deniedBefore + 2);
  });

  it('refuses a caller with no session', async () => {
    session.user = null;
    expect(await update('restart_failed_job', { change: 'enabled', enabled: 'false' })).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
    expect((await stored('restart_failed_job')).enabled).toBe(true);
  });
});

describe('warm spares of a pool', () => {
  let poolId: number;

  beforeAll(async () => {
    const cluster = await db.cluster.create({ data: { name: 'spares-test', scheduler: 'simulator' } });
    const pool = await db.pool.create({
      data: { clusterId: cluster.id, name: 'h100-od', gpuModel: 'H100', pricingClass: 'on_demand', desiredNodes: 4 },
    });
    poolId = pool.id;
    // Four nodes in service and one retired: a pool of 4.
    await db.node.createMany({
      data: ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({
        clusterId: cluster.id,
        poolId: pool.id,
        hostname: `spares-${name}`,
        state: i === 4 ? ('retired' as const) : ('ready' as const),
      })),
    });
  });

  const set = (warmSpares: unknown) => setWarmSpares({ poolId, warmSpares, idempotencyKey: randomUUID() });
  const spares = async () => (await db.pool.findUniqueOrThrow({ where: { id: poolId } })).warmSpares;

  it('sets how many spares a pool holds, audited with the number before', async () => {
    expect(await set('2')).toMatchObject({ ok: true, data: { pool: 'h100-od', before: 0, after: 2 } });
    expect(await spares()).toBe(2);
    const [event] = await db.auditEvent.findMany({ where: { action: 'pool.spares', result: 'ok' } });
    expect(event).toMatchObject({ targetType: 'pool', targetId: String(poolId) });
    expect((await listWarmSpares()).find((row) => row.poolId === poolId)).toEqual({
      poolId,
      pool: 'h100-od',
      cluster: 'spares-test',
      warmSpares: 2,
      held: [],
      nodes: 4,
    });
  });

  it('refuses a number it cannot hold, at its field, and keeps the setting', async () => {
    expect(await set('-1')).toMatchObject({
      ok: false,
      fieldErrors: { warmSpares: ['must be a whole number from 0'] },
    });
    expect(await set('1.5')).toMatchObject({ fieldErrors: { warmSpares: ['must be a whole number from 0'] } });
    expect(await set(' ')).toMatchObject({ fieldErrors: { warmSpares: ['is required'] } });
    expect(await set('65')).toMatchObject({ fieldErrors: { warmSpares: ['must be at most 64'] } });
    // A pool of 4 nodes cannot hold 4 spares: it would run nothing.
    expect(await set('4')).toMatchObject({ fieldErrors: { warmSpares: ["must be fewer than the pool's 4 nodes"] } });
    expect(await spares()).toBe(2);
  });

  it('is for admins only', async () => {
    session.user = OPERATOR;
    expect(await set('0')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await spares()).toBe(2);
  });
});
