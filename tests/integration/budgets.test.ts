// Budgets on a real database: the forecast of DOMAIN.md in a 28-day and a 31-day month, worked out by hand, and
// the budget form's refusals.
// The fleet: budget-fixture.ts ($48 a day for team research since 20 Dec 2026, Europe/Berlin).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { buildBudgetFleet } from './budget-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { createBudget, updateBudget } = await import('@/lib/actions/budgets');
const { getBudgets } = await import('@/lib/queries/budgets');

const admin = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' as const };

beforeAll(async () => {
  await buildBudgetFleet(process.env.DATABASE_URL!);
  session.user = admin;
  const made = await Promise.all([
    createBudget({
      name: 'Research',
      scope: 'team:1',
      monthlyAmount: '1200',
      thresholds: '50, 80, 100',
      idempotencyKey: randomUUID(),
    }),
    createBudget({
      name: 'Search',
      scope: 'project:2',
      monthlyAmount: '500',
      thresholds: ['80'],
      idempotencyKey: randomUUID(),
    }),
  ]);
  expect(made.every((result) => result.ok)).toBe(true);
});

const research = async (now: Date) => (await getBudgets(now)).budgets.find((budget) => budget.name === 'Research')!;

describe('budget forecast', () => {
  it('in a 28-day month: spend so far + $48 a day x the days left', async () => {
    // Thu 12 Feb 2027 00:00 Berlin. February: [31 Jan 23:00Z, 28 Feb 23:00Z), 28 days.
    const budget = await research(new Date('2027-02-11T23:00:00Z'));
    expect(budget.period).toEqual({
      from: '2027-01-31T23:00:00.000Z',
      to: '2027-02-28T23:00:00.000Z',
      month: '2027-02',
    });
    expect(budget.spend).toBe(528); // 11 days x $48
    expect(budget.last7DaysSpend).toBe(336);
    expect(budget.runRatePerDay).toBe(48);
    expect(budget.daysLeft).toBe(17);
    expect(budget.forecast).toBe(1344); // 528 + 48 x 17
    // $1,200: the forecast reaches 50%, 80% and 100%; spend none yet.
    expect(budget.crossed).toEqual([
      { threshold: 50, basis: 'forecast', amount: 1344 },
      { threshold: 80, basis: 'forecast', amount: 1344 },
      { threshold: 100, basis: 'forecast', amount: 1344 },
    ]);
    expect(budget.state).toBe('at_risk');
    expect(budget.burn).toHaveLength(28);
    expect(budget.burn[10]).toEqual({ day: '2027-02-11', spend: 528, forecast: null });
    expect(budget.burn[11]).toEqual({ day: '2027-02-12', spend: 528, forecast: 576 });
    expect(budget.burn[27]).toEqual({ day: '2027-02-28', spend: null, forecast: 1344 });
  });

  it('in a 31-day month: the same spend leaves 20 days, not 17', async () => {
    // Tue 12 Jan 2027 00:00 Berlin. January: [31 Dec 23:00Z, 31 Jan 23:00Z), 31 days; the job began in December.
    const budget = await research(new Date('2027-01-11T23:00:00Z'));
    expect(budget.spend).toBe(528);
    expect(budget.daysLeft).toBe(20);
    expect(budget.forecast).toBe(1488); // 528 + 48 x 20
    expect(budget.burn).toHaveLength(31);
    expect(budget.burn[0]).toEqual({ day: '2027-01-01', spend: 48, forecast: null });
  });

  it('counts a part of a day: at noon the days left are fractional and the spend is half a day more', async () => {
    const budget = await research(new Date('2027-01-12T11:00:00Z')); // 12:00 Berlin
    expect(budget.spend).toBe(552);
    expect(budget.daysLeft).toBe(19.5);
    expect(budget.forecast).toBe(552 + 48 * 19.5);
    // Spend $552 is short of 50% of $1,200 ($600); the forecast, $1,488, passes every threshold.
    expect(budget.crossed.map((row) => `${row.threshold}:${row.basis}`)).toEqual([
      '50:forecast',
      '80:forecast',
      '100:forecast',
    ]);
    expect(budget.state).toBe('at_risk');
  });

  it('on a console whose data began two days ago, reads the run rate over those two days, not seven', async () => {
    // The console first started on Tue 9 Feb 2027 (23:00Z): its rollup, and the GPU's allocation as its scheduler
    // reported it, begin then. By Thu 12 Feb 00:00 Berlin: 2 days x $48 = $96, all of it in the last 7 days; the
    // run rate is $96 / 2 days = $48 a day (not $96 / 7 = $13.71), so the forecast is 96 + 48 x 17 = $912.
    const began = new Date('2027-02-09T23:00:00Z');
    const now = new Date('2027-02-11T23:00:00Z');
    await db.$executeRaw`UPDATE allocation SET "from" = ${began} WHERE job_id = 1`;
    await db.$executeRaw`
      INSERT INTO pool_minute (pool_id, ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum, power_sum_w)
      SELECT 1, ts, 1, 1, 1, 90, 500 FROM generate_series(${began}::timestamptz, ${now}::timestamptz - interval '1 minute',
                                                          interval '1 minute') AS ts`;
    try {
      const budget = await research(now);
      expect(budget).toMatchObject({ spend: 96, last7DaysSpend: 96, runRatePerDay: 48, runRateDays: 2 });
      expect(budget.forecast).toBe(912);
    } finally {
      await db.$executeRaw`DELETE FROM pool_minute`;
      await db.$executeRaw`UPDATE allocation SET "from" = '2026-12-20T00:00Z' WHERE job_id = 1`;
    }
  });

  it('watches only its own project', async () => {
    const search = (await getBudgets(new Date('2027-02-11T23:00:00Z'))).budgets.find((row) => row.name === 'Search')!;
    expect(search).toMatchObject({
      spend: 0,
      forecast: 0,
      state: 'on_track',
      scope: { kind: 'project', name: 'search' },
    });
  });
});

describe('the budget form', () => {
  const submit = (fields: Record<string, unknown>) =>
    createBudget({
      name: 'X',
      scope: 'team:1',
      monthlyAmount: '100',
      thresholds: '50',
      idempotencyKey: randomUUID(),
      ...fields,
    });

  /** Each bad value (the field, what is typed) with the message the form shows at that field. */
  const refusals: [field: string, value: string, message: string][] = [
    ['scope', 'team:999', 'there is no team with id 999'],
    ['scope', 'project:999', 'there is no project with id 999'],
    ['scope', 'everyone', 'choose a team or a project'],
    ['thresholds', '50, 80, 1001', '1001% is outside 1% to 1,000%'],
    ['thresholds', '50, eighty', '"eighty" is not a whole percentage'],
    ['monthlyAmount', '-100', 'must be more than 0'],
    ['monthlyAmount', 'lots', 'must be a number, like 25000'],
  ];

  it('refuses an unknown team or project, a threshold above 1,000% and amounts that are not positive numbers at the field, saving nothing', async () => {
    const before = await db.budget.count();
    for (const [field, value, message] of refusals) {
      expect(await submit({ [field]: value }), `${field} = ${value}`).toMatchObject({
        ok: false,
        fieldErrors: { [field]: [message] },
      });
    }
    expect(await db.budget.count()).toBe(before);
    // 1,000% itself is allowed.
    expect(await submit({ thresholds: '1000' })).toMatchObject({ ok: true });
  });

  it('edits a budget in place', async () => {
    const budget = await db.budget.findFirstOrThrow({ where: { name: 'Search' } });
    const result = await updateBudget({
      id: budget.id,
      name: 'Search (all)',
      scope: 'team:2',
      monthlyAmount: '750.50',
      thresholds: '100, 50',
      idempotencyKey: randomUUID(),
    });
    expect(result).toMatchObject({ ok: true });
    const saved = await db.budget.findUniqueOrThrow({ where: { id: budget.id } });
    expect(saved).toMatchObject({ name: 'Search (all)', teamId: 2, projectId: null, thresholds: [50, 100] });
    expect(saved.monthlyAmount.toNumber()).toBe(750.5);
  });
});
