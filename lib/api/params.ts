// Query parameters that several routes read the way their pages do: the time range, the cluster, and the list filters
// whose parsers report every value they could not read.
import { readClusterScope } from '@/lib/clusters/config';
import type { ClusterScope } from '@/lib/clusters/scope';
import { parseTimeRange, type ParsedTimeRange } from '@/lib/time-range';
import { ApiError } from './errors';

/** The range of `?range=` or `?from=&to=`, or a 422 naming what is wrong with it. */
export function rangeOf(search: URLSearchParams): ParsedTimeRange {
  const parsed = parseTimeRange(search);
  if (!parsed.ok) throw new ApiError(422, 'invalid_range', parsed.message);
  return parsed.range;
}

/** The cluster `?cluster=` names (every cluster when it names none), or a 422 listing the clusters there are. */
export function clusterScopeOf(search: URLSearchParams): ClusterScope {
  const { scope, issue } = readClusterScope(search);
  if (issue) throw new ApiError(422, 'invalid_cluster', issue.message);
  return scope;
}

/** A 422 naming each parameter a page's parser could not read; nothing when there is none. */
export function refuseIssues(issues: { field: string; message: string }[], status = 422, code = 'invalid_input') {
  if (!issues.length) return;
  const fields = Object.fromEntries(issues.map((issue) => [issue.field, [issue.message]]));
  throw new ApiError(status, code, issues.map((issue) => issue.message).join(' '), fields);
}
