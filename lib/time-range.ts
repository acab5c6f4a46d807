// The time range every page shares, kept in the URL: `?range=24h` (relative to now, so a live page moves
// with time) or `?from=…&to=…` (ISO instants, a fixed window). Used by server pages, route handlers and the
// picker alike, so it has no server-only imports.
import { z } from 'zod';
import type { TimeRange } from '@/lib/domain/time';
import { paramValue, type SearchParamsLike } from '@/lib/url-state';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@/lib/domain/time';

export const RANGE_PRESETS = ['1h', '6h', '24h', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = '24h';

const PRESET_MS: Record<RangePreset, number> = {
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

/** Longer custom windows would ask rollups for more than the console keeps. */
export const MAX_RANGE_MS = 90 * DAY_MS;
export const MIN_RANGE_MS = MINUTE_MS;
const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date(Date.UTC(10_000, 0, 1));

export interface ParsedTimeRange extends TimeRange {
  /** The preset it came from, or null for a custom from/to. */
  preset: RangePreset | null;
}

export type TimeRangeResult = { ok: true; range: ParsedTimeRange } | { ok: false; message: string };

const instant = z.iso
  .datetime({
    offset: true,
    error: (issue) =>
      issue.input === undefined
        ? 'is required with a custom range'
        : 'must be an ISO 8601 time like 2026-11-24T14:00:00Z',
  })
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'is not a valid time')
  // Year 0 and the like are valid ISO text, but no data is that old and PostgreSQL has no year 0.
  .refine((date) => date >= EARLIEST && date < LATEST, 'must be a time between the years 1970 and 9999');

const customSchema = z.object({ from: instant, to: instant });

export function presetRange(preset: RangePreset, now: Date = new Date()): ParsedTimeRange {
  return { from: new Date(now.getTime() - PRESET_MS[preset]), to: now, preset };
}

/** Parses `range` or `from`/`to`; with neither, the last 24 hours. Never throws. */
export function parseTimeRange(params: SearchParamsLike, now: Date = new Date()): TimeRangeResult {
  const from = paramValue(params, 'from');
  const to = paramValue(params, 'to');
  if (from !== undefined || to !== undefined) {
    const parsed = customSchema.safeParse({ from, to });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.length ? `\`${issue.path.join('.')}\` ` : '';
      return { ok: false, message: `Invalid time range: ${field}${issue.message}.` };
    }
    const spanMs = parsed.data.to.getTime() - parsed.data.from.getTime();
    if (spanMs < MIN_RANGE_MS)
      return { ok: false, message: 'Invalid time range: `to` must be at least a minute after `from`.' };
    if (spanMs > MAX_RANGE_MS) return { ok: false, message: 'Invalid time range: it may span at most 90 days.' };
    return { ok: true, range: { ...parsed.data, preset: null } };
  }
  const preset = paramValue(params, 'range') ?? DEFAULT_PRESET;
  const parsed = z.enum(RANGE_PRESETS).safeParse(preset);
  if (!parsed.success) {
    return { ok: false, message: `Invalid time range: \`range\` must be one of ${RANGE_PRESETS.join(', ')}.` };
  }
  return { ok: true, range: presetRange(parsed.data, now) };
}

/** The URL's range, or the page's own default when it names none (`range`, `from` or `to`). */
export function parseTimeRangeOr(params: SearchParamsLike, preset: RangePreset, now: Date = new Date()) {
  const given = ['range', 'from', 'to'].some((key) => paramValue(params, key) !== undefined);
  return parseTimeRange(given ? params : { range: preset }, now);
}

/**
 * The range a page shows: the URL's, or `preset` where the URL names none; where the URL's cannot be read, the preset
 * and `unread`, why (shown by RangeUnread).
 */
export function pageRange(
  params: SearchParamsLike,
  preset: RangePreset = DEFAULT_PRESET,
  now: Date = new Date(),
): { range: ParsedTimeRange; unread: string | null } {
  const parsed = parseTimeRangeOr(params, preset, now);
  return parsed.ok
    ? { range: parsed.range, unread: null }
    : { range: presetRange(preset, now), unread: parsed.message };
}

/** The query string that names a range: a preset stays relative, a custom range stays fixed. */
export function timeRangeSearchParams(range: Pick<ParsedTimeRange, 'from' | 'to' | 'preset'>): URLSearchParams {
  if (range.preset) return new URLSearchParams({ range: range.preset });
  return new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString() });
}

/** Bucket sizes a person reads easily on an axis, smallest first. A minute is the finest the rollups hold. */
const BUCKETS_S = [60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400];
export const MAX_POINTS = 240;

/** The smallest readable bucket giving at most 240 points: 1h -> 1 min, 6h -> 2 min, 24h -> 10 min,
 * 7d -> 1 h, 30d -> 3 h (60 to 240 points, ~200 for the usual ranges). */
export function bucketSeconds(range: TimeRange): number {
  const spanS = Math.max(0, (range.to.getTime() - range.from.getTime()) / 1000);
  return BUCKETS_S.find((size) => spanS / size <= MAX_POINTS) ?? BUCKETS_S[BUCKETS_S.length - 1];
}

/**
 * The range a drag across a chart picks, given the spans of the two points it went between (time buckets, or days):
 * from the earlier one's start to the later one's end, either way round. Null for a click or a drag within one
 * point, which is no zoom, and for a span the console cannot show.
 */
export function zoomedRange(a: readonly [number, number], b: readonly [number, number]): ParsedTimeRange | null {
  if (![...a, ...b].every(Number.isFinite) || a[0] === b[0]) return null;
  const from = Math.min(a[0], b[0]);
  const to = Math.max(a[1], b[1]);
  if (to - from < MIN_RANGE_MS || to - from > MAX_RANGE_MS) return null;
  return { from: new Date(from), to: new Date(to), preset: null };
}

/** The least a job's lifetime is shown over, so a job a few seconds old still gets a readable chart. */
export const LIFETIME_MIN_MS = 5 * MINUTE_MS;

/**
 * A relative range (`24h`) that does not fit a job's life moves onto it: a job submitted within the range is shown
 * from the minute it was submitted, and a job that ended before the range's end up to the minute after it ended
 * (the range's length at most, so a long run shows its last day). A fixed range, picked or zoomed, is kept as asked.
 * The preset is kept, so a live refresh narrows the same way as time moves on.
 */
export function lifetimeRange<R extends ParsedTimeRange>(
  range: R,
  life: { submittedAt: Date; endedAt: Date | null },
): { range: R; lifetime: boolean } {
  const began = life.submittedAt.getTime();
  const ended = life.endedAt ? Math.ceil(life.endedAt.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS : Infinity;
  if (range.preset === null || (began <= range.from.getTime() && ended >= range.to.getTime())) {
    return { range, lifetime: false };
  }
  const to = Math.min(range.to.getTime(), ended);
  const from = Math.max(
    to - (range.to.getTime() - range.from.getTime()),
    Math.min(Math.floor(began / MINUTE_MS) * MINUTE_MS, to - LIFETIME_MIN_MS),
  );
  return { range: { ...range, from: new Date(from), to: new Date(to) }, lifetime: true };
}
