// The incident pages' time range: the URL's, or a default longer than the console's 24 hours, since incidents are
// few and their patterns take days to show. Shared by the pages and their route handler.
import { parseTimeRangeOr, presetRange, type ParsedTimeRange, type RangePreset } from '@/lib/time-range';
import type { SearchParamsLike } from '@/lib/url-state';

export function incidentRange(
  search: SearchParamsLike,
  fallback: RangePreset,
  now = new Date(),
): { range: ParsedTimeRange; message: string | null } {
  const parsed = parseTimeRangeOr(search, fallback, now);
  return parsed.ok
    ? { range: parsed.range, message: null }
    : { range: presetRange(fallback, now), message: parsed.message };
}
