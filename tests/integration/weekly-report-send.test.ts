// Monday morning: the worker generates last week's report and queues it to the channels that take it.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { reportAttachments, sendWeeklyReport } from '@/lib/worker/reports';
import { isPayload } from '@/lib/notifications/payload';
import { buildCostFleet } from './cost-fixture';

const MONDAY_8AM = new Date('2026-11-23T13:00:00Z'); // 08:00 in New York

beforeAll(async () => {
  await buildCostFleet(process.env.DATABASE_URL!);
  await db.notificationChannel.createMany({
    data: [
      { name: 'management', kind: 'email', config: { to: ['cfo@example.test'] }, weeklyReport: true },
      { name: 'finance-hook', kind: 'webhook', config: { url: 'http://127.0.0.1:9/r' }, weeklyReport: true },
      { name: 'on-call', kind: 'webhook', config: { url: 'http://127.0.0.1:9/o' } },
    ],
  });
});

describe('sending the weekly report', () => {
  it("keeps last week's report and queues it once to each channel that takes the report", async () => {
    expect(await sendWeeklyReport(MONDAY_8AM, null)).toEqual({ week: '2026-11-16', notifications: 2 });
    expect(await sendWeeklyReport(new Date(MONDAY_8AM.getTime() + 60_000), null)).toMatchObject({ notifications: 0 });
    const report = await db.report.findFirstOrThrow();
    expect(report.periodStart.toISOString()).toBe('2026-11-16T05:00:00.000Z');
    const rows = await db.notification.findMany({ include: { channel: true }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.channel.name)).toEqual(['management', 'finance-hook']);
    expect(rows[0].subject).toBe('Fleet Console weekly report, Week 47 · 16–22 Nov 2026: $163.00 spent (+13.2%)');
    expect(rows[0].payload).toMatchObject({
      type: 'weekly_report',
      reportId: report.id,
      data: { url: 'http://localhost:3000/reports/2026-11-16', spend: { total: 163 } },
    });
  });

  it('attaches the PDF to email only', async () => {
    const [email, webhook] = await db.notification.findMany({ orderBy: { id: 'asc' } });
    if (!isPayload(email.payload) || !isPayload(webhook.payload)) throw new Error('no payload');
    const [pdf] = await reportAttachments(email.payload, 'email');
    expect(pdf.filename).toBe('fleet-report-2026-11-16.pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await reportAttachments(webhook.payload, 'webhook')).toEqual([]);
  });
});
