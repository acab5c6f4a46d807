// A report's week: Monday to Sunday in the organisation's time zone, named in URLs by its Monday (2026-11-16).
import { DAY_MS, type TimeRange, wallClock, weekRange, zonedTimeToInstant } from '@/lib/domain/time';

export interface ReportWeek extends TimeRange {
  /** The Monday, YYYY-MM-DD in the zone: the week's name in URLs and files. */
  start: string;
  /** "Week 47 · 16–22 Nov 2026" (ISO week number). */
  label: string;
}

/**
 * A figure's change on the week before, as a ratio: 0 when it was nothing both weeks, null ("new") when it was nothing
 * then and is something now, or when the week before has no data.
 */
export function weekOverWeek(now: number, before: number | null): number | null {
  if (before === null) return null;
  if (before === 0) return now === 0 ? 0 : null;
  return (now - before) / before;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 week number of a calendar date. */
export function isoWeekNumber(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of the same week decides the year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / DAY_MS + 1) / 7);
}

function label(monday: { year: number; month: number; day: number }): string {
  const first = new Date(Date.UTC(monday.year, monday.month - 1, monday.day));
  const last = new Date(first.getTime() + 6 * DAY_MS);
  const day = (date: Date, withMonth: boolean) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      day: 'numeric',
      ...(withMonth ? { month: 'short' } : {}),
    }).format(date);
  const sameMonth = first.getUTCMonth() === last.getUTCMonth();
  const year = last.getUTCFullYear();
  return `Week ${isoWeekNumber(monday.year, monday.month, monday.day)} · ${day(first, !sameMonth)}–${day(last, true)} ${year}`;
}

/** The week holding `at`. */
export function weekOf(at: Date, timeZone: string): ReportWeek {
  const range = weekRange(at, timeZone);
  const wall = wallClock(range.from, timeZone);
  return { ...range, start: `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`, label: label(wall) };
}

/** The week before the one holding `at`: what a Monday-morning report covers. */
export function previousWeek(at: Date, timeZone: string): ReportWeek {
  return weekOf(new Date(weekRange(at, timeZone).from.getTime() - 1), timeZone);
}

/** A week from its Monday (YYYY-MM-DD); null for anything else, a Tuesday included. */
export function parseWeek(start: string, timeZone: string): ReportWeek | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getUTCDay() !== 1) return null;
  return {
    from: zonedTimeToInstant(timeZone, year, month, day),
    to: zonedTimeToInstant(timeZone, year, month, day + 7),
    start,
    label: label({ year, month, day }),
  };
}
