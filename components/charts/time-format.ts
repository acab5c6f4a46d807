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
];

/** Round-numbered ticks (on the zone's hours and midnights), at most `max` of them. */
export function timeTicks(from: number, to: number, timeZone: string, max = 8): { ticks: number[]; step: number } {
  const step = STEPS.find((size) => (to - from) / size <= max) ?? STEPS[STEPS.length - 1];
  const offset = zoneOffsetMs(new Date(from), timeZone);
  // Weekly ticks fall on Mondays: the epoch was a Thursday, 3 days after one.
  const origin = step === 7 * DAY ? -3 * DAY : 0;
  const first = Math.ceil((from + offset - origin) / step) * step + origin - offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return { ticks, step };
}

/** The label of a tick: the time of day for short spans, the day for long ones. */
export function tickLabel(t: number, step: number, timeZone: string): string {
  if (step >= 2 * DAY) return format(timeZone, { day: 'numeric', month: 'short' }).format(t);
  const clock = formatClock(t, timeZone, false);
  if (step >= DAY || clock === '00:00') return format(timeZone, { weekday: 'short', day: 'numeric' }).format(t);
  return clock;
}
