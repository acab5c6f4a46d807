// The costs page's choices, kept in the URL beside the time range: `by` (team | project), `team` (an id) and
// `kind` (of job). Shared by the page, its CSV exports and the filter controls, so it has no server imports.
import { z } from 'zod';
import { JOB_KINDS } from '@/lib/domain/enums';
import { parseTimeRangeOr, type ParsedTimeRange, type RangePreset, type TimeRangeResult } from '@/lib/time-range';
import { paramValue, type SearchParamsLike } from '@/lib/url-state';

export const costParamsSchema = z.object({
  by: z.enum(['team', 'project']).catch('team'),
  team: z.coerce.number().int().positive().optional().catch(undefined),
  kind: z.enum(JOB_KINDS).optional().catch(undefined),
});

export type CostParams = z.infer<typeof costParamsSchema>;

/** The range of a costs URL; with none given, the last 7 days (a day says little about spend). */
export const COSTS_DEFAULT_PRESET: RangePreset = '7d';

export function parseCostsRange(params: SearchParamsLike, now?: Date): TimeRangeResult {
  return parseTimeRangeOr(params, COSTS_DEFAULT_PRESET, now);
}

/** Unknown or malformed choices fall back to the default rather than failing the page. */
export function parseCostParams(params: SearchParamsLike): CostParams {
  return costParamsSchema.parse({
    by: paramValue(params, 'by'),
    team: paramValue(params, 'team'),
    kind: paramValue(params, 'kind'),
  });
}

/**
 * The query string of a CSV download: the page's window as fixed instants (a "last 7 days" read a moment later
 * would move), and its choices, so the file holds exactly what the page shows.
 */
export function costExportParams(range: Pick<ParsedTimeRange, 'from' | 'to'>, params: CostParams) {
  const query = new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString() });
  query.set('by', params.by);
  if (params.team !== undefined) query.set('team', String(params.team));
  if (params.kind !== undefined) query.set('kind', params.kind);
  return query;
}
