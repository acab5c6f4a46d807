// Adding and editing SLOs through the server actions, on a real database: admins only, every field checked with
// its message at the field, a double submit acting once, every change and refusal audited.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session, type FakeUser } from './fake-session';
import { sloFields } from './slo-form';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { createSlo, updateSlo } = await import('@/lib/actions/slos');

const users: Record<'viewer' | 'operator' | 'admin', FakeUser> = {
  viewer: { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' },
  operator: { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' },
  admin: { id: 3, name: 'A', email: 'admin@fleet.local', role: 'admin' },
};

beforeAll(async () => {
  await db.user.createMany({
    data: Object.values(users).map((user) => ({ id: user.id, email: user.email, name: user.name, role: user.role })),
  });
});

describe('adding an SLO', () => {
  it('refuses a viewer and an operator calling the action directly, changing nothing, and audits the refusal', async () => {
    for (const user of [users.viewer, users.operator]) {
      session.user = user;
      expect(await createSlo(sloFields())).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await db.slo.count()).toBe(0);
    }
    expect(await db.auditEvent.count({ where: { action: 'slo.create', result: 'denied' } })).toBe(2);
  });

  it('stores the target as the ratio it means, and acts once on a double submit', async () => {
    session.user = users.admin;
    const input = sloFields();
    const [first, second] = await Promise.all([createSlo(input), createSlo(input)]);
    expect(first).toEqual(second);
    expect(first.ok).toBe(true);
    const slos = await db.slo.findMany();
    expect(slos).toHaveLength(1);
    expect(slos[0]).toMatchObject({
      target: 0.999,
      windowDays: 30,
      enabled: true,
      kind: 'gpu_availability',
      config: null,
    });
    expect(await db.auditEvent.count({ where: { action: 'slo.create', result: 'ok' } })).toBe(1);
  });

  it('names each bad field: the target strictly between 0% and 100%, the window 1 to 90 whole days', async () => {
    session.user = users.admin;
    const refused = async (extra: Record<string, unknown>) => {
      const result = await createSlo(sloFields({ name: 'Other', ...extra }));
      expect(result.ok).toBe(false);
      return result.ok ? {} : result.fieldErrors;
    };
    expect(await refused({ target: '100' })).toEqual({ target: ['must be more than 0% and less than 100%'] });
    expect(await refused({ target: '0' })).toEqual({ target: ['must be more than 0% and less than 100%'] });
    expect(await refused({ target: 'most' })).toEqual({ target: ['must be a percentage, like 99.9'] });
    expect(await refused({ target: '99.9999' })).toEqual({ target: ['may have at most 3 decimal places'] });
    expect(await refused({ windowDays: '91' })).toEqual({ windowDays: ['must be at most 90 days'] });
    expect(await refused({ windowDays: '0' })).toEqual({ windowDays: ['must be at least 1 day'] });
    expect(await refused({ windowDays: '7.5' })).toEqual({
      windowDays: ['must be a whole number of days from 1 to 90'],
    });
    expect(await refused({ name: ' ' })).toEqual({ name: ['is required'] });
    expect(await refused({ kind: 'latency' })).toEqual({ kind: ['choose what the SLO measures'] });
    expect(await refused({ name: 'GPU availability (H800)' })).toEqual({ name: ['another SLO has this name'] });
    expect(await db.slo.count()).toBe(1);
  });

  it('asks inference availability for both request queries, as counter selectors or PromQL with [$window]', async () => {
    session.user = users.admin;
    const inference = { name: 'Chat API', kind: 'inference_availability' };
    const missing = await createSlo(sloFields(inference));
    expect(missing).toMatchObject({
      ok: false,
      fieldErrors: { goodQuery: ['is required'], totalQuery: ['is required'] },
    });
    const ranged = await createSlo(sloFields({ ...inference, goodQuery: 'http_requests_total[5m]', totalQuery: 'x' }));
    expect(ranged).toMatchObject({
      ok: false,
      fieldErrors: { goodQuery: [expect.stringMatching(/^must be a counter selector/)] },
    });

    const created = await createSlo(
      sloFields({
        ...inference,
        target: '99.95%',
        windowDays: '7',
        enabled: undefined,
        goodQuery: ' http_requests_total{job="chat",code!~"5.."} ',
        totalQuery: 'http_requests_total{job="chat"}',
      }),
    );
    expect(created.ok).toBe(true);
    const slo = await db.slo.findUniqueOrThrow({ where: { name: 'Chat API' } });
    expect(slo).toMatchObject({
      target: 0.9995,
      windowDays: 7,
      enabled: false,
      config: {
        goodQuery: 'http_requests_total{job="chat",code!~"5.."}',
        totalQuery: 'http_requests_total{job="chat"}',
      },
    });
  });
});

describe('editing an SLO', () => {
  it('changes the target, window and state for an admin, and refuses another kind at the field', async () => {
    session.user = users.admin;
    const slo = await db.slo.findUniqueOrThrow({ where: { name: 'GPU availability (H800)' } });
    await db.slo.update({
      where: { id: slo.id },
      data: { notMeasuredReason: 'No GPU was provisioned in the last 30 days.' },
    });
    const saved = await updateSlo(
      sloFields({ id: String(slo.id), target: '99.5', windowDays: '14', enabled: undefined }),
    );
    expect(saved).toEqual({ ok: true, data: { id: slo.id } });
    expect(await db.slo.findUniqueOrThrow({ where: { id: slo.id } })).toMatchObject({
      target: 0.995,
      windowDays: 14,
      enabled: false,
      notMeasuredReason: null,
    });
    expect(await updateSlo(sloFields({ id: String(slo.id), kind: 'job_goodput' }))).toMatchObject({
      ok: false,
      fieldErrors: { kind: ['cannot be changed: add a new SLO for another kind'] },
    });
    expect(await updateSlo(sloFields({ id: '9999' }))).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('refuses a viewer and an operator, leaving the SLO as it was', async () => {
    const slo = await db.slo.findUniqueOrThrow({ where: { name: 'GPU availability (H800)' } });
    for (const user of [users.viewer, users.operator]) {
      session.user = user;
      expect(await updateSlo(sloFields({ id: String(slo.id), target: '50' }))).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
    }
    expect((await db.slo.findUniqueOrThrow({ where: { id: slo.id } })).target).toBe(0.995);
    expect(await db.auditEvent.count({ where: { action: 'slo.update', result: 'denied' } })).toBe(2);
  });
});
