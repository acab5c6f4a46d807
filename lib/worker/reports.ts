// The weekly report, sent every Monday morning (FLEET_REPORT_SCHEDULE, in the organisation's time zone): the
// week before is generated and kept, then sent to every channel that takes the report, the PDF attached to email.
import type PgBoss from 'pg-boss';
import { db } from '@/lib/db';
import { isUnpriced } from '@/lib/domain/cost';
import { env } from '@/lib/env';
import type { AttachmentsFor } from '@/lib/notifications/deliver';
import type { NotificationPayload } from '@/lib/notifications/payload';
import { createNotifications, queueDeliveries } from '@/lib/notifications/queue';
import { channelsFor } from '@/lib/notifications/routing';
import { readSettings } from '@/lib/settings/org';
import { headline, reportFormat, unpricedParts } from '@/lib/reports/format';
import { renderReportPdf } from '@/lib/reports/pdf';
import type { WeeklyReport } from '@/lib/reports/types';
import { generateWeeklyReport } from '@/lib/reports/weekly';
import { previousWeek } from '@/lib/reports/week';
import { log } from './log';

export const REPORT_QUEUE = 'weekly-report';

const consoleUrl = () => env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;

export function reportMessage(report: WeeklyReport, reportId: number): NotificationPayload {
  const f = reportFormat(report);
  const unpriced = unpricedParts(report);
  const url = `${consoleUrl()}/reports/${report.week.start}`;
  const savings = report.savings.recommendations
    .filter((rule) => rule.weeklyAmount > 0)
    .map((rule) => `  ${rule.title}: ${f.money(rule.weeklyAmount)} a week`);
  return {
    type: 'weekly_report',
    subject: `Fleet Console weekly report, ${report.week.label}: ${f.money(report.spend.total, unpriced.spend)} spent (${f.change(report.spend.change)})`,
    text: [
      headline(report),
      '',
      ...report.teams
        .slice(0, 10)
        .map(
          (team) =>
            `  ${team.name}: ${f.money(team.spend, isUnpriced(team.gpuHours, team.unpricedGpuHours))} (${f.change(team.change)})`,
        ),
      '',
      savings.length ? 'Recommended savings:' : 'No savings to recommend this week.',
      ...savings,
      '',
      `The whole report: ${url} (PDF and CSV there too).`,
    ].join('\n'),
    data: {
      week: report.week,
      currency: report.currency,
      spend: report.spend,
      idleCost: report.idle.cost,
      wasteCost: report.usage.wasteCost,
      interruptionCost: report.interruptions.cost,
      savings: report.savings.total,
      url,
      pdf: `${consoleUrl()}/api/reports/${report.week.start}/pdf`,
      csv: `${consoleUrl()}/api/reports/${report.week.start}/csv`,
    },
    reportId,
  };
}

/** Generates last week's report and queues it to the report channels; once per week per channel. */
export async function sendWeeklyReport(
  now: Date,
  boss: PgBoss | null,
): Promise<{ week: string; notifications: number }> {
  const { timeZone } = await readSettings();
  const week = previousWeek(now, timeZone);
  const { id, report } = await generateWeeklyReport(week, now);
  const ids = await db.$transaction(async (tx) => {
    const channelIds = await channelsFor(tx, { type: 'weekly_report' });
    return createNotifications(tx, {
      channelIds,
      dedupKey: `weekly_report:${week.start}`,
      payload: reportMessage(report, id),
    });
  });
  if (boss) await queueDeliveries(boss, ids);
  log.info('weekly report sent', { week: week.start, notifications: ids.length });
  return { week: week.start, notifications: ids.length };
}

/** Email carries the report's PDF, made from the kept report at send time; other channels link to it. */
export const reportAttachments: AttachmentsFor = async (payload, channelKind) => {
  if (channelKind !== 'email' || payload.reportId === undefined) return [];
  const row = await db.report.findUnique({ where: { id: payload.reportId } });
  if (!row) return [];
  const report = row.data as unknown as WeeklyReport;
  return [
    {
      filename: `fleet-report-${report.week.start}.pdf`,
      contentType: 'application/pdf',
      content: await renderReportPdf(report),
    },
  ];
};
