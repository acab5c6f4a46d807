import { describe, expect, it } from 'vitest';
import { promDuration, requestQueriesOf, requestQueryProblem, windowedQuery } from '@/lib/domain/slo-promql';
import { measureRequests, vectorSum } from '@/lib/worker/slo-inference';
import { RequestCounterApi } from '../fakes/slo-requests';

describe('PromQL for inference availability', () => {
  it('writes each window in its largest whole unit', () => {
    expect([5, 30, 60, 90, 360, 4320, 43_200].map(promDuration)).toEqual(['5m', '30m', '1h', '90m', '6h', '3d', '30d']);
    expect(() => promDuration(0)).toThrow(RangeError);
    expect(() => promDuration(1.5)).toThrow(RangeError);
  });

  it('reads a counter selector as the sum of its increase over the window', () => {
    expect(windowedQuery('http_requests_total{job="chat",code!~"5.."}', 5)).toBe(
      'sum(increase(http_requests_total{job="chat",code!~"5.."}[5m]))',
    );
    expect(windowedQuery('  vllm:request_success_total ', 4320)).toBe('sum(increase(vllm:request_success_total[3d]))');
    expect(windowedQuery('{__name__="requests_total"}', 60)).toBe('sum(increase({__name__="requests_total"}[1h]))');
  });

  it('puts the window where PromQL names $window', () => {
    expect(windowedQuery('sum(increase(a_total[$window])) - sum(increase(b_total[$window]))', 30)).toBe(
      'sum(increase(a_total[30m])) - sum(increase(b_total[30m]))',
    );
  });

  it('accepts selectors and $window PromQL, and names what is wrong with anything else', () => {
    expect(requestQueryProblem('http_requests_total')).toBeNull();
    expect(requestQueryProblem('http_requests_total{code=~"2..|3.."}')).toBeNull();
    expect(requestQueryProblem('sum(rate(x[$window]))')).toBeNull();
    expect(requestQueryProblem('  ')).toBe('is required');
    expect(requestQueryProblem('http_requests_total[5m]')).toMatch(/^must be a counter selector like/);
    expect(requestQueryProblem('sum(http_requests_total)')).toMatch(/or PromQL with \[\$window\]/);
    expect(requestQueryProblem(`x{a="${'b'.repeat(2000)}"}`)).toBe('must be at most 2,000 characters');
  });

  it('reads the queries of an SLO’s config only when it names both', () => {
    expect(requestQueriesOf({ goodQuery: ' a ', totalQuery: 'b' })).toEqual({ goodQuery: 'a', totalQuery: 'b' });
    expect(requestQueriesOf({ goodQuery: 'a' })).toBeNull();
    expect(requestQueriesOf({ goodQuery: 'a', totalQuery: '' })).toBeNull();
    expect(requestQueriesOf(null)).toBeNull();
  });
});

describe('inference availability read from Prometheus', () => {
  const at = new Date('2026-11-25T12:00:00Z');
  const config = { goodQuery: 'http_requests_total{code!~"5.."}', totalQuery: 'http_requests_total' };

  // 1,000 requests a minute, 2 of them errors in each minute.
  const api = () => new RequestCounterApi({ good: 998, total: 1000 });

  it('counts good and all requests over every window at the evaluation time', async () => {
    const requests = api();
    const measured = await measureRequests(requests, config, at, [5, 60, 43_200]);
    expect(measured).toEqual({
      measured: true,
      windows: new Map([
        [5, { good: 4_990, total: 5_000, coverage: null }],
        [60, { good: 59_880, total: 60_000, coverage: null }],
        [43_200, { good: 43_113_600, total: 43_200_000, coverage: null }],
      ]),
    });
    expect(requests.calls.map((call) => call.promql)).toContain('sum(increase(http_requests_total{code!~"5.."}[30d]))');
    expect(requests.calls.map((call) => call.promql)).toContain('sum(increase(http_requests_total[5m]))');
    expect(requests.calls.every((call) => call.start === at.getTime())).toBe(true);
  });

  it('is not measured, and says why, without queries, without a Prometheus, or when Prometheus fails', async () => {
    expect(await measureRequests(api(), null, at, [5])).toEqual({
      measured: false,
      reason: 'It names no PromQL for its good and total requests: an admin adds them.',
    });
    expect(await measureRequests(null, config, at, [5])).toEqual({
      measured: false,
      reason: 'No Prometheus is configured: set PROMETHEUS_URL for the worker.',
    });
    const failing = api();
    failing.failure = new Error('Prometheus at http://prom:9090 could not be reached (ECONNREFUSED)');
    expect(await measureRequests(failing, config, at, [5])).toEqual({
      measured: false,
      reason: 'Prometheus could not be read: Prometheus at http://prom:9090 could not be reached (ECONNREFUSED)',
    });
  });

  it('sums a vector of several series, skips NaN, and reads no series as nothing counted', () => {
    const vector = (...values: string[]) => ({
      resultType: 'vector' as const,
      result: values.map((value) => ({ metric: {}, value: [0, value] as [number, string] })),
    });
    expect(vectorSum(vector('10', '2.5', 'NaN'))).toBe(12.5);
    expect(vectorSum(vector())).toBe(0);
  });
});
