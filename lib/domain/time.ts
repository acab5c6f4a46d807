// Calendar periods in the organisation's time zone (DOMAIN.md: budgets are per month, the weekly report runs
// Monday to Sunday, both in the organisation's time zone). Built on Intl.DateTimeFormat, so any IANA zone works
// without a time-zone library.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface TimeRange {
  from: Date;
  to: Date;
}

interface WallClock {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading of an instant in a time zone. */
export function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The zone's offset from UTC at an instant, in ms (Europe/Berlin in winter: +3_600_000). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const wall = wallClock(at, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks read the given local time (month 1..12; days and months may
 * overflow, as in Date.UTC). A time skipped by a spring-forward gap lands just after the gap.
 */
export function zonedTimeToInstant(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
  // A second pass settles the offset when the first guess fell on the other side of a transition.
  guess = asUtc - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The calendar month holding `at` in the zone, as [first midnight, next month's first midnight). */
export function monthRange(at: Date, timeZone: string): TimeRange {
  const wall = wallClock(at, timeZone);
  return {
    from: zonedTimeToInstant(timeZone, wall.year, wall.month, 1),
    to: zonedTimeToInstant(timeZone, wall.year, wall.month + 1, 1),
  };
}

/** The week (Monday 00:00 to the next Monday 00:00, in the zone) holding `at`: the weekly report's period. */
export function weekRange(at: Date, timeZone: string): TimeRange {
  const wall = wallClock(at, timeZone);
  const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay(); // 0 = Sunday
  const daysSinceMonday = (weekday + 6) % 7;
  return {
    from: zonedTimeToInstant(timeZone, wall.year, wall.month, wall.day - daysSinceMonday),
    to: zonedTimeToInstant(timeZone, wall.year, wall.month, wall.day - daysSinceMonday + 7),
  };
}

/** Start of the minute holding `at` (UTC minutes; samples are keyed by their minute's start). */
export function floorToMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** The length of the overlap of two ranges, in ms (0 when they do not meet). */
export function overlapMs(a: TimeRange, b: TimeRange): number {
  const from = Math.max(a.from.getTime(), b.from.getTime());
  const to = Math.min(a.to.getTime(), b.to.getTime());
  return Math.max(0, to - from);
}

export interface LocalDay {
  /** YYYY-MM-DD in the zone. */
  day: string;
  /** The range covers only part of it. */
  partial: boolean;
}

/** The local calendar days that a range touches in the zone, in order; `to` is exclusive. */
export function localDays(range: TimeRange, timeZone: string): LocalDay[] {
  const days: LocalDay[] = [];
  const first = wallClock(range.from, timeZone);
  for (let offset = 0; ; offset += 1) {
    const start = zonedTimeToInstant(timeZone, first.year, first.month, first.day + offset);
    if (start.getTime() >= range.to.getTime()) break;
    const end = zonedTimeToInstant(timeZone, first.year, first.month, first.day + offset + 1);
    const wall = wallClock(start, timeZone);
    days.push({
      day: `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`,
      partial: start.getTime() < range.from.getTime() || end.getTime() > range.to.getTime(),
    });
  }
  return days;
}

/** An instant as the zone's clocks read it, "2026-11-01 00:00": for messages and forms, unambiguous in any locale. */
export function formatLocalDateTime(at: Date, timeZone: string): string {
  const wall = wallClock(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${wall.year}-${two(wall.month)}-${two(wall.day)} ${two(wall.hour)}:${two(wall.minute)}`;
}
