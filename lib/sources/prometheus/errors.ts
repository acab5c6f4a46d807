// Failures of the HTTP API as SourceErrors, each with a message that says what to check.
import { SourceError } from '@/lib/sources/types';
import { apiError } from './api';

export interface ErrorContext {
  /** The base URL, without credentials. */
  url: string;
  timeoutMs: number;
  auth: 'bearer' | 'basic' | 'none';
}

const fileKey = (variable: string) =>
  `prometheus.${variable
    .replace(/^PROMETHEUS_/, '')
    .toLowerCase()
    .replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())}`;

/** Settings by both of their names: the variables, and their keys in a cluster's section of a clusters file. */
function settings(join: string, ...variables: string[]): string {
  return `${variables.join(join)} (${variables.map(fileKey).join(join)} in a clusters file)`;
}
const setting = (variable: string) => settings('', variable);

const AUTH_HINT: Record<ErrorContext['auth'], string> = {
  bearer: `check ${setting('PROMETHEUS_BEARER_TOKEN')}`,
  basic: `check ${settings(' and ', 'PROMETHEUS_USERNAME', 'PROMETHEUS_PASSWORD')}`,
  none: `it asks for credentials: set ${setting('PROMETHEUS_BEARER_TOKEN')}, or ${settings(' and ', 'PROMETHEUS_USERNAME', 'PROMETHEUS_PASSWORD')}`,
};

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function timeout(ctx: ErrorContext) {
  return new SourceError(
    `Prometheus at ${ctx.url} did not answer within ${seconds(ctx.timeoutMs)}: check that it is up and not ` +
      `overloaded, or raise ${setting('PROMETHEUS_TIMEOUT_SECONDS')}`,
    'timeout',
  );
}

/** What fetch threw: the request timed out, or the connection could not be made or broke. */
export function fromFetchError(error: unknown, ctx: ErrorContext): SourceError {
  if (error instanceof SourceError) return error;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return timeout(ctx);
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new SourceError(
    `Prometheus at ${ctx.url} could not be reached (${detail}): check ${setting('PROMETHEUS_URL')} and that Prometheus is running`,
    'unreachable',
  );
}

/** An answer other than 200, with its body (parsed JSON, or text) if there was one. */
export function fromStatus(status: number, body: unknown, ctx: ErrorContext): SourceError {
  if (status === 401 || status === 403) {
    return new SourceError(`Prometheus at ${ctx.url} answered ${status}: ${AUTH_HINT[ctx.auth]}`, 'unauthorized');
  }
  if (status === 504) return timeout(ctx);
  if (status === 502 || status === 503) {
    return new SourceError(
      `Prometheus at ${ctx.url} answered ${status}: it, or a proxy in front of it, cannot serve queries now`,
      'unreachable',
    );
  }
  if (status === 404) {
    return new SourceError(
      `Prometheus at ${ctx.url} answered 404: ${setting('PROMETHEUS_URL')} should be the base of its HTTP API (what comes before /api/v1)`,
      'bad_response',
    );
  }
  const error = apiError(body);
  const detail = error ? `${error.errorType}: ${error.error}` : typeof body === 'string' ? body.slice(0, 200) : '';
  const what = status === 400 || status === 422 ? 'rejected the query' : `answered ${status}`;
  return new SourceError(`Prometheus at ${ctx.url} ${what}${detail ? ` (${detail})` : ''}`, 'bad_response');
}

/** A 200 answer that is not what the API promises. */
export function badBody(problem: string, ctx: ErrorContext): SourceError {
  return new SourceError(`Prometheus at ${ctx.url} gave an answer the console cannot use: ${problem}`, 'bad_response');
}
