import { describe, expect, it } from 'vitest';
import { PrometheusClient, type ClientConfig } from '@/lib/sources/prometheus/client';
import { sourceFailure } from '../source-failure';

const URL_ = 'http://prometheus.example:9090';
const ok = { status: 'success', data: { resultType: 'vector', result: [] } };

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that answers `status` with `body`, or throws `error`, and records the request. */
function fakeFetch(answer: { status?: number; body?: unknown; error?: unknown }, seen: Seen[] = []): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    if (answer.error) throw answer.error;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? ok);
    return new Response(text, { status: answer.status ?? 200 });
  }) as unknown as typeof fetch;
}

const client = (answer: Parameters<typeof fakeFetch>[0], config: Partial<ClientConfig> = {}, seen?: Seen[]) =>
  new PrometheusClient({ url: URL_, timeoutMs: 5_000, ...config }, fakeFetch(answer, seen));

const query = (c: PrometheusClient) => c.query('up', new Date(0));

describe('the Prometheus HTTP API client', () => {
  it('POSTs the query form-encoded to /api/v1/query under the base path, with the bearer token', async () => {
    const seen: Seen[] = [];
    const c = client({}, { url: 'https://mimir.example/prometheus/', bearerToken: 's3cret' }, seen);
    await c.queryRange('avg_over_time(DCGM_FI_DEV_GPU_UTIL[60s])', new Date(60_000), new Date(180_000), 60);
    expect(seen[0].url).toBe('https://mimir.example/prometheus/api/v1/query_range');
    expect(seen[0].init.method).toBe('POST');
    const headers = seen[0].init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(headers.authorization).toBe('Bearer s3cret');
    expect(Object.fromEntries(new URLSearchParams(seen[0].init.body as string))).toEqual({
      query: 'avg_over_time(DCGM_FI_DEV_GPU_UTIL[60s])',
      start: '60',
      end: '180',
      step: '60',
    });
  });

  it('sends basic auth when a username is set', async () => {
    const seen: Seen[] = [];
    await query(client({}, { username: 'fleet', password: 'pa:ss' }, seen));
    expect((seen[0].init.headers as Record<string, string>).authorization).toBe(
      `Basic ${Buffer.from('fleet:pa:ss').toString('base64')}`,
    );
  });

  it('returns the vector or matrix of a success answer', async () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '2'] }] } };
    expect(await query(client({ body }))).toEqual(body.data);
  });

  it('maps 401 and 403 to unauthorized, naming the setting to check', async () => {
    const bearer = await sourceFailure(query(client({ status: 401, body: 'Unauthorized' }, { bearerToken: 'x' })));
    expect(bearer.reason).toBe('unauthorized');
    expect(bearer.message).toBe(
      `Prometheus at ${URL_} answered 401: check PROMETHEUS_BEARER_TOKEN (prometheus.bearerToken in a clusters file)`,
    );
    const basic = await sourceFailure(query(client({ status: 401 }, { username: 'u', password: 'wrong' })));
    expect(basic.message).toContain('check PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD');
    const none = await sourceFailure(query(client({ status: 403 })));
    expect(none.reason).toBe('unauthorized');
    expect(none.message).toContain('answered 403: it asks for credentials');
  });

  it('maps a refused or failed connection to unreachable, with the cause', async () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const error = await sourceFailure(query(client({ error: refused })));
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe(
      `Prometheus at ${URL_} could not be reached (ECONNREFUSED): check PROMETHEUS_URL (prometheus.url in a clusters file) and that Prometheus is running`,
    );
    expect((await sourceFailure(query(client({ status: 503, body: 'Service Unavailable' })))).reason).toBe(
      'unreachable',
    );
    expect((await sourceFailure(query(client({ status: 502 })))).reason).toBe('unreachable');
  });

  it('maps an aborted request and a gateway timeout to timeout', async () => {
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const error = await sourceFailure(query(client({ error: timedOut }, { timeoutMs: 2_500 })));
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('did not answer within 2.5 s');
    expect(error.message).toContain('PROMETHEUS_TIMEOUT_SECONDS');
    expect((await sourceFailure(query(client({ status: 504 })))).reason).toBe('timeout');
  });

  it('maps a rejected query, a wrong path and a body that is not the API’s to bad_response', async () => {
    const rejected = await sourceFailure(
      query(client({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error' } })),
    );
    expect(rejected.reason).toBe('bad_response');
    expect(rejected.message).toBe(`Prometheus at ${URL_} rejected the query (bad_data: parse error)`);
    expect((await sourceFailure(query(client({ status: 404, body: '404 page not found' })))).message).toContain(
      'PROMETHEUS_URL (prometheus.url in a clusters file) should be the base of its HTTP API',
    );
    expect((await sourceFailure(query(client({ body: '<html>login</html>' })))).message).toContain('not JSON');
    const scalar = { status: 'success', data: { resultType: 'scalar', result: [1, '1'] } };
    expect((await sourceFailure(query(client({ body: scalar })))).reason).toBe('bad_response');
    const error = { status: 'error', errorType: 'execution', error: 'query processing would load too many samples' };
    expect((await sourceFailure(query(client({ body: error })))).message).toContain('too many samples');
  });

  it('never prints credentials of the URL in a message', async () => {
    const error = await sourceFailure(
      query(client({ status: 500 }, { url: 'http://user:hunter2@prometheus.example:9090' })),
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('answered 500');
  });
});
