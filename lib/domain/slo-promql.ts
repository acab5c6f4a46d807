// Inference availability from the request counters a service exports: the SLO names its good and its total
// requests in PromQL, and the console reads increase() of each over every window it needs (the SLO window and
// each burn-rate window), so the SLI of a window is good / total of the requests Prometheus counted in it.

/** Where a query that is not a plain counter selector wants the window, e.g. `sum(increase(x[$window]))`. */
export const WINDOW_PLACEHOLDER = '$window';
export const MAX_QUERY_LENGTH = 2000;

export interface RequestQueries {
  goodQuery: string;
  totalQuery: string;
}

// A metric name with optional label matchers (`http_requests_total{code!~"5.."}`), or matchers alone.
const SELECTOR = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*\s*(?:\{[^{}]*\})?|\{[^{}]+\})$/;

/** A window in PromQL's duration syntax, in its largest whole unit: 5 -> "5m", 60 -> "1h", 4320 -> "3d". */
export function promDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`not a whole number of minutes: ${minutes}`);
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/**
 * The requests a query counted over the `minutes` before the evaluation time. A counter selector becomes
 * `sum(increase(selector[window]))`; PromQL that names `$window` has it replaced, and is summed by the caller.
 */
export function windowedQuery(query: string, minutes: number): string {
  const trimmed = query.trim();
  const window = promDuration(minutes);
  if (trimmed.includes(WINDOW_PLACEHOLDER)) return trimmed.replaceAll(WINDOW_PLACEHOLDER, window);
  return `sum(increase(${trimmed}[${window}]))`;
}

/** Why a request query cannot be used, as a form field's message; null when it can. */
export function requestQueryProblem(query: string): string | null {
  const trimmed = query.trim();
  if (!trimmed) return 'is required';
  if (trimmed.length > MAX_QUERY_LENGTH)
    return `must be at most ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters`;
  if (trimmed.includes(WINDOW_PLACEHOLDER) || SELECTOR.test(trimmed)) return null;
  return `must be a counter selector like http_requests_total{code!~"5.."}, or PromQL with [${WINDOW_PLACEHOLDER}] where the window goes`;
}

/** The queries of an SLO's config, or null when it names none (or not both). */
export function requestQueriesOf(config: unknown): RequestQueries | null {
  if (!config || typeof config !== 'object') return null;
  const { goodQuery, totalQuery } = config as Record<string, unknown>;
  if (typeof goodQuery !== 'string' || typeof totalQuery !== 'string') return null;
  if (!goodQuery.trim() || !totalQuery.trim()) return null;
  return { goodQuery: goodQuery.trim(), totalQuery: totalQuery.trim() };
}
