// The worker's budget alerts on a real database: once per threshold per month, on spend or forecast, a
// notification per channel that takes them, and a ticket incident at 100%.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { buildBudgetFleet } from './budget-fixture';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const { createBudget } = await import('@/lib/actions/budgets');
const { evaluateBudgets } = await import('@/lib/worker/budgets');

let budgetId: number;
const channels = { all: 0, productOnly: 0, disabled: 0, noBudgets: 0 };

beforeAll(async () => {
  await buildBudgetFleet(process.env.DATABASE_URL!);
  session.user = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' };
  const created = await createBudget({
    name: 'Research',
    scope: 'team:1',
    monthlyAmount: '1200',
    thresholds: '50, 80, 100',
    idempotencyKey: randomUUID(),
  });
  if (!created.ok) throw new Error(created.error);
  budgetId = created.data.id;
  const channel = (name: string, data: object) =>
    db.notificationChannel.create({
      data: { name, kind: 'webhook', config: { url: 'http://127.0.0.1:9/x' }, ...data },
    });
  channels.all = (await channel('everyone', {})).id;
  channels.productOnly = (await channel('product', { teamId: 2 })).id;
  channels.disabled = (await channel('off', { enabled: false })).id;
  channels.noBudgets = (
    await channel('reports only', { budgetAlerts: false, weeklyReport: true, incidents: false })
  ).id;
});

const alerts = () => db.budgetAlert.findMany({ orderBy: [{ period: 'asc' }, { threshold: 'asc' }] });

describe('budget alerts', () => {
  it('fires each threshold the forecast reaches, to the channels that take budget alerts, and opens a ticket at 100%', async () => {
    // 12 Feb 2027: spent $528, forecast $1,344 of $1,200.
    expect(await evaluateBudgets(new Date('2027-02-11T23:00:00Z'), null)).toBe(3);
    expect((await alerts()).map((row) => [row.threshold, row.basis, row.amount.toNumber()])).toEqual([
      [50, 'forecast', 1344],
      [80, 'forecast', 1344],
      [100, 'forecast', 1344],
    ]);
    const notifications = await db.notification.findMany({ orderBy: { id: 'asc' } });
    expect(notifications.map((row) => row.channelId)).toEqual([channels.all, channels.all, channels.all]);
    expect(notifications[2].subject).toBe('Budget Research: the forecast reaches 100% of $1,200.00 (February 2027)');
    expect(notifications[2].payload).toMatchObject({
      type: 'budget_alert',
      data: { threshold: 100, basis: 'forecast', spend: 528, forecast: 1344, month: '2027-02' },
    });
    const [incident] = await db.incident.findMany({ include: { events: true } });
    expect(incident).toMatchObject({
      key: `budget:${budgetId}:2027-02`,
      severity: 'ticket',
      source: 'budget',
      state: 'open',
    });
    expect(notifications[2].incidentId).toBe(incident.id);
    expect(incident.events.map((event) => event.kind)).toEqual(['opened']);
    expect(await db.auditEvent.count({ where: { action: 'incident.open', actorKind: 'system' } })).toBe(1);
  });

  it('does not fire a threshold again in the same month, whether on forecast or later on spend', async () => {
    expect(await evaluateBudgets(new Date('2027-02-11T23:05:00Z'), null)).toBe(0);
    // 20 Feb: spend $912 has itself passed 50%; that threshold already fired this month.
    expect(await evaluateBudgets(new Date('2027-02-19T23:00:00Z'), null)).toBe(0);
    expect(await alerts()).toHaveLength(3);
    expect(await db.notification.count()).toBe(3);
    expect(await db.incident.count()).toBe(1);
  });

  it('fires again in the next month, with an incident of its own', async () => {
    // 2 Mar: spent $96 of March, forecast $96 + $48 x 30 = $1,536.
    expect(await evaluateBudgets(new Date('2027-03-01T23:00:00Z'), null)).toBe(3);
    const march = (await alerts()).filter((row) => row.period.toISOString().startsWith('2027-03-01'));
    expect(march.map((row) => row.threshold)).toEqual([50, 80, 100]);
    expect((await db.incident.findMany({ orderBy: { id: 'asc' } })).map((row) => row.key)).toEqual([
      `budget:${budgetId}:2027-02`,
      `budget:${budgetId}:2027-03`,
    ]);
  });
});
