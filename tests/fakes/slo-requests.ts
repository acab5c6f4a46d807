// A service's request counters behind the fake Prometheus API: steady traffic, so that increase() over a window
// is the per-minute count times the window's minutes. A query naming `goodMatcher` reads the good requests.
import { FakePrometheusApi } from './prometheus-api';

const UNIT_MINUTES = { m: 1, h: 60, d: 1440 } as const;

export class RequestCounterApi extends FakePrometheusApi {
  constructor(
    readonly perMinute: { good: number; total: number },
    readonly goodMatcher = 'code!~',
  ) {
    super([], () => undefined);
  }

  override async query(promql: string, at: Date) {
    this.calls.push({ kind: 'query', promql, start: at.getTime(), end: at.getTime() });
    if (this.failure) throw this.failure;
    const range = /\[(\d+)([mhd])\]/.exec(promql);
    if (!range) throw new Error(`no window in ${promql}`);
    const minutes = Number(range[1]) * UNIT_MINUTES[range[2] as keyof typeof UNIT_MINUTES];
    const perMinute = promql.includes(this.goodMatcher) ? this.perMinute.good : this.perMinute.total;
    return {
      resultType: 'vector' as const,
      result: [{ metric: {}, value: [at.getTime() / 1000, String(perMinute * minutes)] as [number, string] }],
    };
  }
}
