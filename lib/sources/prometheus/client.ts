// The Prometheus HTTP API: instant and range queries, POSTed form-encoded as its documentation suggests (long
// PromQL stays out of URLs and their length limits), with a bearer token or basic auth and a timeout.
import { parseQueryBody, type QueryResult } from './api';
import type { PrometheusConfig } from './config';
import { displayUrl } from './config';
import { badBody, fromFetchError, fromStatus, type ErrorContext } from './errors';

export interface PrometheusApi {
  /** Evaluates `promql` at one time: a vector. */
  query(promql: string, at: Date): Promise<QueryResult>;
  /** Evaluates `promql` at start, start + step, … up to end: a matrix. */
  queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<QueryResult>;
}

export type ClientConfig = Pick<PrometheusConfig, 'url' | 'timeoutMs' | 'bearerToken' | 'username' | 'password'>;

const unixSeconds = (at: Date) => String(at.getTime() / 1000);

export class PrometheusClient implements PrometheusApi {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly ctx: ErrorContext;

  constructor(
    config: ClientConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = config.url.replace(/\/+$/, '');
    // Uncompressed: a fleet's answers are a few MB a minute, which gzip costs Prometheus and the worker more CPU to
    // pack and unpack (about a tenth of Prometheus's time answering) than sending them as they are costs the network.
    this.headers = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'accept-encoding': 'identity',
    };
    let auth: ErrorContext['auth'] = 'none';
    if (config.bearerToken) {
      this.headers.authorization = `Bearer ${config.bearerToken}`;
      auth = 'bearer';
    } else if (config.username !== undefined) {
      const pair = `${config.username}:${config.password ?? ''}`;
      this.headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
      auth = 'basic';
    }
    this.ctx = { url: displayUrl(this.base), timeoutMs: config.timeoutMs, auth };
  }

  query(promql: string, at: Date): Promise<QueryResult> {
    return this.post('/api/v1/query', { query: promql, time: unixSeconds(at) });
  }

  queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<QueryResult> {
    return this.post('/api/v1/query_range', {
      query: promql,
      start: unixSeconds(start),
      end: unixSeconds(end),
      step: String(stepSeconds),
    });
  }

  private async post(path: string, params: Record<string, string>): Promise<QueryResult> {
    let status: number;
    let text: string;
    try {
      // The signal covers the whole exchange, reading the body included.
      const response = await this.fetchImpl(this.base + path, {
        method: 'POST',
        headers: this.headers,
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.ctx.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw fromFetchError(error, this.ctx);
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      if (status === 200) throw badBody('a body that is not JSON', this.ctx);
    }
    if (status !== 200) throw fromStatus(status, body, this.ctx);
    const parsed = parseQueryBody(body);
    if (!parsed.ok) throw badBody(parsed.problem, this.ctx);
    return parsed.result;
  }
}
