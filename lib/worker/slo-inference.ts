// Inference availability, where services report it: good and total requests read from the Prometheus the console
// is configured with, as increase() over each window (lib/domain/slo-promql). Without a Prometheus, without the
// queries, or when Prometheus cannot be read, the SLO is not measured, and says why.
import { requestQueriesOf, windowedQuery } from '@/lib/domain/slo-promql';
import { env } from '@/lib/env';
import type { QueryResult } from '@/lib/sources/prometheus/api';
import { PrometheusClient, type PrometheusApi } from '@/lib/sources/prometheus';
import type { WindowEvents } from './slo-rollup';

export type RequestMeasurement =
  { measured: true; windows: Map<number, WindowEvents> } | { measured: false; reason: string };

let configured: PrometheusApi | null | undefined;

/** The Prometheus of PROMETHEUS_URL (with its credentials and timeout), or null when none is configured. */
export function configuredPrometheus(): PrometheusApi | null {
  if (configured === undefined) {
    const config = env();
    configured = config.PROMETHEUS_URL
      ? new PrometheusClient({
          url: config.PROMETHEUS_URL,
          timeoutMs: config.PROMETHEUS_TIMEOUT_SECONDS * 1000,
          bearerToken: config.PROMETHEUS_BEARER_TOKEN,
          username: config.PROMETHEUS_USERNAME,
          password: config.PROMETHEUS_PASSWORD,
        })
      : null;
  }
  return configured;
}

/** The sum of an instant vector's samples; an empty vector (no series: nothing counted) is 0. */
export function vectorSum(result: QueryResult): number {
  if (result.resultType !== 'vector') throw new Error(`a ${result.resultType} where an instant vector was expected`);
  return result.result.reduce((total, sample) => {
    const value = Number(sample.value[1]);
    return Number.isFinite(value) ? total + value : total;
  }, 0);
}

/** Good and total requests over each window ending at `at`. */
export async function measureRequests(
  api: PrometheusApi | null,
  config: unknown,
  at: Date,
  windows: number[],
): Promise<RequestMeasurement> {
  const queries = requestQueriesOf(config);
  if (!queries) {
    return { measured: false, reason: 'It names no PromQL for its good and total requests: an admin adds them.' };
  }
  if (!api) return { measured: false, reason: 'No Prometheus is configured: set PROMETHEUS_URL for the worker.' };
  try {
    const counted = await Promise.all(
      windows.map(async (minutes): Promise<[number, WindowEvents]> => {
        const [good, total] = await Promise.all([
          api.query(windowedQuery(queries.goodQuery, minutes), at).then(vectorSum),
          api.query(windowedQuery(queries.totalQuery, minutes), at).then(vectorSum),
        ]);
        // Two increase() extrapolations can disagree by a hair: good requests never exceed all requests.
        return [minutes, { good: Math.min(good, total), total, coverage: null }];
      }),
    );
    return { measured: true, windows: new Map(counted) };
  } catch (error) {
    return { measured: false, reason: `Prometheus could not be read: ${(error as Error).message}` };
  }
}
