// Past weekly reports are kept (report table) so they can be browsed as they were sent; the worker keeps them
// when it sends them. Reading never writes: a week that was never kept, the running one included, is built
// live, and a week before the first collected data (or after now) has no report at all.
import 'server-only';
import { db } from '@/lib/db';
import { isUnpriced } from '@/lib/domain/cost';
import { readSettings } from '@/lib/settings/org';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import type { WeeklyReport } from './types';
import { buildWeeklyReport } from './weekly';
import { parseWeek, previousWeek, weekOf, type ReportWeek } from './week';

export interface StoredReportSummary {
  start: string;
  label: string;
  generatedAt: string;
  total: number;
  /** No rate covered any of the week's GPU-hours: its spend is unpriced, not 0. */
  unpriced: boolean;
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
      unpriced: isUnpriced(data.spend.gpuHours, data.spend.unpricedGpuHours),
      change: data.spend.change,
      currency: data.currency,
    };
  });
}

type ReportMissing = { report?: undefined; missing: 'not_monday' | 'no_data'; message: string };

export type ReportLookup = { report: WeeklyReport; missing?: undefined; message?: undefined } | ReportMissing;

/**
 * The week starting on `start` (its Monday) and whether its report of every cluster is kept, or why it has no report,
 * in words. Cheap (no report is built): the report page asks it before it starts streaming, to answer 404.
 */
export async function findReportWeek(
  start: string,
  now: Date = new Date(),
): Promise<{ week: ReportWeek; kept: boolean; missing?: undefined } | ReportMissing> {
  const { timeZone } = await readSettings();
  const week = parseWeek(start, timeZone);
  const shown = start.slice(0, 40);
  if (!week) {
    return { missing: 'not_monday', message: `"${shown}" is not a Monday (YYYY-MM-DD): weeks run Monday to Sunday.` };
  }
  const kept = await db.report.findUnique({
    where: { kind_periodStart: { kind: 'weekly', periodStart: week.from } },
    select: { periodStart: true },
  });
  if (kept) return { week, kept: true };
  const [{ first }] = await db.$queryRaw<{ first: Date | null }[]>`SELECT min("from") AS first FROM allocation`;
  if (!first || week.to <= first || week.from > now) {
    return { missing: 'no_data', message: `The console has no data for the week of ${shown}.` };
  }
  return { week, kept: false };
}

/**
 * The report of the week starting on `start` (its Monday), or why there is none, in words. The report of every
 * cluster is kept once the worker sends it; one cluster's is built when asked for.
 */
export async function reportForWeek(
  start: string,
  now: Date = new Date(),
  scope: ClusterScope = ALL_CLUSTERS,
): Promise<ReportLookup> {
  const found = await findReportWeek(start, now);
  if (found.missing) return found;
  const { week, kept } = found;
  if (kept && !scope.cluster) {
    const stored = await db.report.findUnique({
      where: { kind_periodStart: { kind: 'weekly', periodStart: week.from } },
    });
    if (stored) return { report: stored.data as unknown as WeeklyReport };
  }
  return { report: await buildWeeklyReport(week, now, scope) };
}

/** This week and the last one, for the list page's links. */
export async function currentWeeks(now: Date = new Date()): Promise<{ current: ReportWeek; last: ReportWeek }> {
  const { timeZone } = await readSettings();
  return { current: weekOf(now, timeZone), last: previousWeek(now, timeZone) };
}
