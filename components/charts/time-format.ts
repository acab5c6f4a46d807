// Clock times and chart ticks in the organisation's time zone. Formatting in a named zone (never the
// machine's) keeps the server's first paint and the browser's hydration identical.
import { MINUTE_MS, zoneOffsetMs } from '@/lib/domain/time';

const HOUR = 60 * MINUTE_MS;
const DAY = 24 * HOUR;

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let value = formats.get(key);
  if (!value) {
    value = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options });
    formats.set(key, value);
  }
  return value;
}

const toDate = (at: Date | number | string) => (at instanceof Date ? at : new Date(at));

/** "14:03:15" (or "14:03" without seconds). */
export function formatClock(at: Date | number | string, timeZone: string, seconds = true): string {
  return format(timeZone, { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) }).format(
    toDate(at),
  );
}

/** "Tue 24 Nov, 14:03". */
export function formatDateTime(at: Date | number | string, timeZone: string): string {
  return format(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(toDate(at));
}

/** A short zone name for labels: "UTC", "CET". */
export function zoneName(at: Date | number | string, timeZone: string): string {
  const part = format(timeZone, { timeZoneName: 'short' })
    .formatToParts(toDate(at))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

const STEPS = [
  MINUTE_MS,
  2 * MINUTE_MS,
  5 * MINUTE_MS,
  10 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];

/** The instant at which the zone's clocks read `local` (a wall-clock time written as if it were UTC). */
function wallToInstant(local: number, timeZone: string): number {
  const guess = local - zoneOffsetMs(new Date(local), timeZone);
  // A second pass settles the offset when the first guess fell on the other side of a DST change.
  return local - zoneOffsetMs(new Date(guess), timeZone);
}

/**
 * Round-numbered ticks (on the zone's hours and midnights, each placed by its own offset, so a DST change
 * neither shifts nor repeats them), at most `max` of them.
 */
export function timeTicks(from: number, to: number, timeZone: string, max = 8): { ticks: number[]; step: number } {
  const fromLocal = from + zoneOffsetMs(new Date(from), timeZone);
  const toLocal = to + zoneOffsetMs(new Date(to), timeZone);
  const ticksOf = (step: number) => {
    // Weekly ticks fall on Mondays: the epoch was a Thursday, 3 days after one.
    const origin = step % (7 * DAY) === 0 ? -3 * DAY : 0;
    const ticks: number[] = [];
    for (let local = Math.ceil((fromLocal - origin) / step) * step + origin; local <= toLocal; local += step) {
      const t = wallToInstant(local, timeZone);
      if (t >= from && t <= to && t !== ticks.at(-1)) ticks.push(t);
    }
    return ticks;
  };
  // A range that ends on a tick holds one more than its span over the step: then the next step up.
  for (const step of STEPS) {
    if ((to - from) / step > max) continue;
    const ticks = ticksOf(step);
    if (ticks.length <= max) return { ticks, step };
  }
  const step = STEPS[STEPS.length - 1];
  return { ticks: ticksOf(step), step };
}

/**
 * The label of a tick: the time of day for short spans, the day for long ones. Over more than a day (`spanMs`),
 * times of day carry their weekday too, so that two ticks never read the same ("12:00" on Monday and Tuesday).
 */
export function tickLabel(t: number, step: number, timeZone: string, spanMs = 0): string {
  if (step >= 2 * DAY) return format(timeZone, { day: 'numeric', month: 'short' }).format(t);
  const clock = formatClock(t, timeZone, false);
  if (step >= DAY || clock === '00:00') return format(timeZone, { weekday: 'short', day: 'numeric' }).format(t);
  if (spanMs > DAY) return `${format(timeZone, { weekday: 'short' }).format(t)} ${clock}`;
  return clock;
}
