// The range in words for descriptions: "the last 24 h", its two ends, or a young job's life.
import { formatDateTime } from '@/components/charts/time-format';
import type { RangePreset } from '@/lib/time-range';

const PRESET_LABELS = {
  '1h': 'the last hour',
  '6h': 'the last 6 h',
  '24h': 'the last 24 h',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
};

export function rangeLabel(
  range: { from: string; to: string; preset: RangePreset | null; lifetime?: boolean },
  timeZone = 'UTC',
): string {
  if (range.lifetime)
    return `its life, ${formatDateTime(range.from, timeZone)} – ${formatDateTime(range.to, timeZone)}`;
  return range.preset
    ? PRESET_LABELS[range.preset]
    : `${formatDateTime(range.from, timeZone)} – ${formatDateTime(range.to, timeZone)}`;
}

/** A range's two ends and the zone they are shown in: "Mon 7 Dec, 09:00 – Tue 8 Dec, 09:00 (UTC)". */
export function rangeSpan(range: { from: Date | string; to: Date | string }, timeZone: string): string {
  return `${formatDateTime(range.from, timeZone)} – ${formatDateTime(range.to, timeZone)} (${timeZone})`;
}
