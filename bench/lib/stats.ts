// Small statistics for timings: the median and p95 of a list of milliseconds, rounded for reading.

export interface Summary {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    medianMs: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

/** Times `work` `runs` times after `warmup` untimed calls; one call at a time. */
export async function timeRuns(runs: number, work: () => Promise<unknown>, warmup = 3): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export const ratio = (measured: number, baseline: number) => Math.round((measured / baseline) * 100) / 100;
export { round };
