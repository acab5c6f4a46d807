// The range in words for descriptions: "the last 24 h", or its two ends.
import type { RangeInfo } from '@/lib/queries/jobs/types';
import { formatDateTime } from '@/components/charts/time-format';

const PRESET_LABELS = {
  '1h': 'the last hour',
  '6h': 'the last 6 h',
  '24h': 'the last 24 h',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
};

export function rangeLabel(range: RangeInfo, timeZone = 'UTC'): string {
  return range.preset
    ? PRESET_LABELS[range.preset]
    : `${formatDateTime(range.from, timeZone)} – ${formatDateTime(range.to, timeZone)}`;
}
