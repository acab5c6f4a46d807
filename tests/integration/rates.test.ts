// The rate card's actions: a clear error at the field for bad input, nothing saved, and no period overlapping another.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { createRatePeriod, endRatePeriod } = await import('@/lib/actions/rates');

const admin = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' as const };
const operator = { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' as const };

const create = (fields: Record<string, string>) =>
  createRatePeriod({ gpuModel: 'H800', pricingClass: 'on_demand', idempotencyKey: randomUUID(), ...fields });
const periods = () => db.rateCard.findMany({ orderBy: { effectiveFrom: 'asc' } });

beforeAll(async () => {
  await db.user.createMany({
    data: [admin, operator].map(({ id, email, name, role }) => ({ id, email, name, role })),
  });
  // Times in the form are read in the organisation's zone: Berlin is UTC+1 in winter.
  await db.setting.create({ data: { key: 'org.timeZone', value: 'Europe/Berlin' } });
  await db.cluster.create({ data: { id: 1, name: 'c', scheduler: 'simulator' } });
  await db.pool.create({
    data: { clusterId: 1, name: 'h800-od', gpuModel: 'H800', pricingClass: 'on_demand', desiredNodes: 1 },
  });
});
beforeEach(async () => {
  session.user = admin;
  await db.rateCard.deleteMany();
});

describe('adding a price period', () => {
  it('saves a positive price from a local time in the organisation zone', async () => {
    const result = await create({ pricePerGpuHour: '3.40', effectiveFrom: '2026-12-01T00:00' });
    expect(result).toMatchObject({ ok: true });
    const [row] = await periods();
    expect(row.pricePerGpuHour.toNumber()).toBe(3.4);
    expect(row.effectiveFrom.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(row.effectiveTo).toBeNull();
    expect(row.currency).toBe('USD');
  });

  it.each([
    ['-2', 'must be more than 0'],
    ['0', 'must be more than 0'],
    ['abc', 'must be a number, like 2.45'],
    ['', 'must be a number, like 2.45'],
    ['1.23456', 'may have at most 4 decimal places'],
  ])('refuses the price %j at the field, saving nothing', async (price, message) => {
    const result = await create({ pricePerGpuHour: price, effectiveFrom: '2026-12-01T00:00' });
    expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { pricePerGpuHour: [message] } });
    expect(await periods()).toHaveLength(0);
  });

  it('refuses a period that overlaps another of the same model and class, naming it', async () => {
    await create({ pricePerGpuHour: '3.40', effectiveFrom: '2026-12-01T00:00', effectiveTo: '2027-01-01T00:00' });
    const inside = await create({ pricePerGpuHour: '3.00', effectiveFrom: '2026-12-15T00:00' });
    expect(inside).toMatchObject({
      ok: false,
      fieldErrors: {
        effectiveFrom: [
          'overlaps the 3.4 period from 2026-12-01 00:00 to 2027-01-01 00:00: end that one first, or start this one after it',
        ],
      },
    });
    const runsInto = await create({
      pricePerGpuHour: '3.00',
      effectiveFrom: '2026-11-01T00:00',
      effectiveTo: '2026-12-02T00:00',
    });
    expect(runsInto).toMatchObject({
      fieldErrors: { effectiveTo: [expect.stringContaining('end this one by 2026-12-01 00:00')] },
    });
    // Touching is not overlapping: a period may start exactly when the previous one ends.
    expect(await create({ pricePerGpuHour: '3.00', effectiveFrom: '2027-01-01T00:00' })).toMatchObject({ ok: true });
    // Another class of the same model is another series.
    expect(
      await create({ pricingClass: 'spot', pricePerGpuHour: '1.00', effectiveFrom: '2026-12-15T00:00' }),
    ).toMatchObject({ ok: true });
    expect(await periods()).toHaveLength(3);
  });

  it('refuses an end before the start, an unknown GPU model and a made-up date at their fields', async () => {
    expect(
      await create({ pricePerGpuHour: '3', effectiveFrom: '2026-12-01T00:00', effectiveTo: '2026-11-01T00:00' }),
    ).toMatchObject({ fieldErrors: { effectiveTo: ['must be after the start'] } });
    expect(await create({ gpuModel: 'Z900', pricePerGpuHour: '3', effectiveFrom: '2026-12-01T00:00' })).toMatchObject({
      fieldErrors: { gpuModel: ['no pool has GPU model "Z900"'] },
    });
    expect(await create({ pricePerGpuHour: '3', effectiveFrom: '2026-02-30T00:00' })).toMatchObject({
      fieldErrors: { effectiveFrom: ['is not a real date and time'] },
    });
    expect(await periods()).toHaveLength(0);
  });

  it('is for admins only', async () => {
    session.user = operator;
    expect(await create({ pricePerGpuHour: '3', effectiveFrom: '2026-12-01T00:00' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await periods()).toHaveLength(0);
  });
});

describe('ending a price period', () => {
  const end = (id: number, effectiveTo: string) => endRatePeriod({ id, effectiveTo, idempotencyKey: randomUUID() });

  it('ends an open period from now on, after which the next price can start', async () => {
    await create({ pricePerGpuHour: '3.40', effectiveFrom: '2026-01-01T00:00' });
    const [open] = await periods();
    expect(await end(open.id, '2099-01-01T00:00')).toMatchObject({ ok: true });
    expect((await periods())[0].effectiveTo?.toISOString()).toBe('2098-12-31T23:00:00.000Z');
    expect(await create({ pricePerGpuHour: '3.60', effectiveFrom: '2099-01-01T00:00' })).toMatchObject({ ok: true });
  });

  it('refuses to end a period in the past, which would change costs already reported', async () => {
    await create({ pricePerGpuHour: '3.40', effectiveFrom: '2026-01-01T00:00' });
    const [open] = await periods();
    const result = await end(open.id, '2026-02-01T00:00');
    expect(result).toMatchObject({
      fieldErrors: {
        effectiveTo: ['must be now or later: ending a period in the past would change costs already reported'],
      },
    });
    expect((await periods())[0].effectiveTo).toBeNull();
    expect(await end(9999, '2099-01-01T00:00')).toMatchObject({ ok: false, code: 'not_found' });
  });
});
