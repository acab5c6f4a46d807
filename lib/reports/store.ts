// Past weekly reports are kept (report table) so they can be browsed as they were sent; a finished week that
// was never generated is generated on first view, and the running week is built live, never kept.
import 'server-only';
import { db } from '@/lib/db';
import { readSettings } from '@/lib/settings/org';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import type { WeeklyReport } from './types';
import { buildWeeklyReport, generateWeeklyReport } from './weekly';
import { parseWeek, previousWeek, weekOf, type ReportWeek } from './week';

export interface StoredReportSummary {
  start: string;
  label: string;
  generatedAt: string;
  total: number;
  change: number | null;
  currency: string;
}

export async function listReports(): Promise<StoredReportSummary[]> {
  const rows = await db.report.findMany({ where: { kind: 'weekly' }, orderBy: { periodStart: 'desc' }, take: 260 });
  return rows.map((row) => {
    const data = row.data as unknown as WeeklyReport;
    return {
      start: data.week.start,
      label: data.week.label,
      generatedAt: row.generatedAt.toISOString(),
      total: data.spend.total,
      change: data.spend.change,
      currency: data.currency,
    };
  });
}

/**
 * The report of the week starting on `start` (its Monday), or null when that is not a Monday. The report of every
 * cluster is kept once its week is over; one cluster's is built when asked for.
 */
export async function reportForWeek(
  start: string,
  now: Date = new Date(),
  scope: ClusterScope = ALL_CLUSTERS,
): Promise<WeeklyReport | null> {
  const { timeZone } = await readSettings();
  const week = parseWeek(start, timeZone);
  if (!week) return null;
  if (scope.cluster) return buildWeeklyReport(week, now, scope);
  const stored = await db.report.findUnique({
    where: { kind_periodStart: { kind: 'weekly', periodStart: week.from } },
  });
  if (stored) return stored.data as unknown as WeeklyReport;
  if (now < week.to) return buildWeeklyReport(week, now);
  return (await generateWeeklyReport(week, now)).report;
}

/** This week and the last one, for the list page's links. */
export async function currentWeeks(now: Date = new Date()): Promise<{ current: ReportWeek; last: ReportWeek }> {
  const { timeZone } = await readSettings();
  return { current: weekOf(now, timeZone), last: previousWeek(now, timeZone) };
}
