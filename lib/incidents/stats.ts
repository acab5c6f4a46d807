// Incident statistics as plain functions (no I/O): durations summarised by median and 95th percentile, incidents
// counted per week of the organisation, and each incident's cause named so that alike incidents count together.
import { wallClock, weekRange, type TimeRange } from '@/lib/domain/time';
import type { IncidentSeverity } from '@/lib/domain/enums';

export interface DurationSummary {
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
}

/**
 * The p-quantile (0..1) of values sorted ascending, interpolating linearly between the two nearest ranks
 * (Hyndman & Fan's type 7, the default of R, NumPy and spreadsheets): rank (n - 1) x p, counted from 0.
 */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Median and 95th percentile of durations in ms, to the whole ms (the interpolation's binary fractions dropped). */
export function summarizeDurations(durations: readonly number[]): DurationSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number) => {
    const value = quantile(sorted, p);
    return value === null ? null : Math.round(value);
  };
  return { count: sorted.length, medianMs: at(0.5), p95Ms: at(0.95) };
}

export interface WeekCount {
  /** The Monday the week starts on, YYYY-MM-DD in the organisation's zone. */
  start: string;
  page: number;
  ticket: number;
  /** The range covers only part of it. */
  partial: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Incidents opened in each week (Monday to Sunday, in the zone) that the range meets, counted by severity. */
export function incidentsPerWeek(
  incidents: readonly { openedAt: Date; severity: IncidentSeverity }[],
  range: TimeRange,
  timeZone: string,
): WeekCount[] {
  const weeks: (WeekCount & TimeRange)[] = [];
  for (let at = range.from; at < range.to;) {
    const week = weekRange(at, timeZone);
    const monday = wallClock(week.from, timeZone);
    weeks.push({
      ...week,
      start: `${monday.year}-${pad(monday.month)}-${pad(monday.day)}`,
      page: 0,
      ticket: 0,
      partial: week.from < range.from || week.to > range.to,
    });
    at = week.to;
  }
  for (const incident of incidents) {
    const week = weeks.find((row) => incident.openedAt >= row.from && incident.openedAt < row.to);
    if (week) week[incident.severity] += 1;
  }
  return weeks.map(({ start, page, ticket, partial }) => ({ start, page, ticket, partial }));
}

export type CauseKind = 'alertname' | 'health_rule' | 'title';

export interface Cause {
  kind: CauseKind;
  name: string;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

export interface CauseInput {
  title: string;
  labels: unknown;
  /** The cause automatic recovery recorded for the fault behind it (job_stalled, fatal_xid, …), if any. */
  recoveryCause?: string | null;
}

/**
 * What caused an incident, so that alike ones count together: the alert's name for Alertmanager's, the rule for a
 * health rule's (its label, or the fault automatic recovery recorded), else the title with its numbers and ids made
 * general ("XID 79 on gpu-a-001" -> "XID # on gpu-a-#").
 */
export function causeOf(incident: CauseInput): Cause {
  const labels = (incident.labels && typeof incident.labels === 'object' ? incident.labels : {}) as Record<
    string,
    unknown
  >;
  const alertname = text(labels.alertname);
  if (alertname) return { kind: 'alertname', name: alertname };
  const rule = text(labels.rule) ?? text(labels.healthRule) ?? text(labels.ruleId) ?? text(incident.recoveryCause);
  if (rule) return { kind: 'health_rule', name: rule };
  const pattern = incident.title
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '#')
    .replace(/\d+(\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return { kind: 'title', name: pattern };
}

export interface CauseCount extends Cause {
  count: number;
}

/** The most frequent causes, most first (ties by name), at most `limit`. */
export function topCauses(incidents: readonly CauseInput[], limit = 10): CauseCount[] {
  const counts = new Map<string, CauseCount>();
  for (const incident of incidents) {
    const cause = causeOf(incident);
    const key = `${cause.kind}\u0000${cause.name}`;
    const row = counts.get(key) ?? { ...cause, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, limit);
}
