// The shapes Prometheus's HTTP API answers with (https://prometheus.io/docs/prometheus/latest/querying/api/).
// Thanos, Mimir and VictoriaMetrics answer the same.
export type Labels = Record<string, string>;

/** A sample: [unix seconds, value as text] ("NaN" and "+Inf" included). */
export type Point = [number, string];

export interface VectorSample {
  metric: Labels;
  value: Point;
}

export interface MatrixSeries {
  metric: Labels;
  values: Point[];
}

export type QueryResult =
  { resultType: 'vector'; result: VectorSample[] } | { resultType: 'matrix'; result: MatrixSeries[] };

export interface ApiError {
  errorType: string;
  error: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The query result of a success envelope, or a description of what is wrong with the body. */
export function parseQueryBody(body: unknown): { ok: true; result: QueryResult } | { ok: false; problem: string } {
  if (!isObject(body) || typeof body.status !== 'string') return { ok: false, problem: 'not a Prometheus API answer' };
  if (body.status !== 'success') {
    const error = apiError(body);
    return { ok: false, problem: error ? `${error.errorType}: ${error.error}` : `status ${body.status}` };
  }
  const data = body.data;
  if (!isObject(data) || !Array.isArray(data.result)) return { ok: false, problem: 'no data.result in the answer' };
  if (data.resultType !== 'vector' && data.resultType !== 'matrix') {
    return { ok: false, problem: `a ${String(data.resultType)} result where a vector or matrix was expected` };
  }
  return { ok: true, result: data as QueryResult };
}

/** The error fields of an error envelope, if the body is one. */
export function apiError(body: unknown): ApiError | null {
  if (!isObject(body) || typeof body.error !== 'string') return null;
  return { errorType: typeof body.errorType === 'string' ? body.errorType : 'error', error: body.error };
}
