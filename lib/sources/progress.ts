// Training progress for sources whose scheduler knows none (Prometheus, Kubernetes, Slurm): the step counter and
// tokens per second a training framework exports, read with PromQL the admin names per job kind
// (FLEET_PROGRESS_METRICS, docs/configuration.md) and put on the job records, where the simulator puts its own.
// The collector then follows the step for the stall rule and the ledger, whichever source filled it.
import type { JobKind } from '@/lib/domain/enums';
import type { ProgressMetric } from '@/lib/progress-metrics';
import type { PrometheusApi } from './prometheus/client';
import type { JobRecord, Snapshot, Source } from './types';
import { MINUTE_MS } from '@/lib/domain/time';

/** Values by the job label, from an instant query. */
async function readByLabel(api: PrometheusApi, promql: string, label: string, at: Date): Promise<Map<string, number>> {
  const answer = await api.query(promql, at);
  const values = new Map<string, number>();
  if (answer.resultType !== 'vector') return values;
  for (const sample of answer.result) {
    const name = sample.metric[label];
    const value = Number(sample.value[1]);
    if (name !== undefined && Number.isFinite(value)) values.set(name, value);
  }
  return values;
}

export class ProgressReader {
  constructor(
    private readonly api: PrometheusApi,
    private readonly metrics: readonly ProgressMetric[],
  ) {}

  /**
   * The jobs with the step (and tokens per second) their metric gives, where their source gave none. A job is
   * matched by its id, else its name. Records are never changed in place: a filled one is a copy.
   */
  async fill(jobs: readonly JobRecord[], at: Date): Promise<JobRecord[]> {
    const filled = [...jobs];
    for (const metric of this.metrics) {
      const kinds = new Set<JobKind>(metric.kinds);
      const wanted = filled.some((job) => kinds.has(job.kind) && job.step === null && job.state === 'running');
      if (!wanted) continue;
      const [steps, tokens] = await Promise.all([
        readByLabel(this.api, metric.step, metric.jobLabel, at),
        metric.tokensPerSecond
          ? readByLabel(this.api, metric.tokensPerSecond, metric.jobLabel, at)
          : Promise.resolve(new Map<string, number>()),
      ]);
      filled.forEach((job, i) => {
        if (!kinds.has(job.kind) || job.step !== null) return;
        const step = steps.get(job.externalId) ?? steps.get(job.name);
        if (step === undefined) return;
        const rate = tokens.get(job.externalId) ?? tokens.get(job.name);
        filled[i] = { ...job, step: Math.floor(step), tokensPerSecond: rate ?? job.tokensPerSecond };
      });
    }
    return filled;
  }
}

/** Reads live progress at each collect: history is read without it (a hang long over needs no rule). */
const LIVE_MS = 5 * MINUTE_MS;

/** A source whose job records carry the progress the reader finds for them. */
export function withProgress(source: Source, reader: ProgressReader, now: () => number = Date.now): Source {
  return {
    name: source.name,
    topology: () => source.topology(),
    async collect(from, to, options): Promise<Snapshot> {
      const snapshot = await source.collect(from, to, options);
      if (now() - snapshot.at.getTime() > LIVE_MS) return snapshot;
      return { ...snapshot, jobs: await reader.fill(snapshot.jobs, snapshot.at) };
    },
  };
}
