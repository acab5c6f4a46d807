// The incident pages' time range: the URL's, or a default longer than the console's 24 hours, since incidents are
// few and their patterns take days to show. Shared by the pages and their route handler.
import { parseTimeRange, presetRange, type ParsedTimeRange, type RangePreset } from '@/lib/time-range';

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

export function incidentRange(
  search: SearchParamsLike,
  fallback: RangePreset,
  now = new Date(),
): { range: ParsedTimeRange; message: string | null } {
  const read = (key: string) => {
    const value = search instanceof URLSearchParams ? search.get(key) : search[key];
    return Array.isArray(value) ? value[0] : value;
  };
  if (!['range', 'from', 'to'].some((key) => read(key))) return { range: presetRange(fallback, now), message: null };
  const parsed = parseTimeRange(search, now);
  return parsed.ok
    ? { range: parsed.range, message: null }
    : { range: presetRange(fallback, now), message: parsed.message };
}
