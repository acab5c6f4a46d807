// Training progress for sources whose scheduler knows none (Prometheus, Kubernetes, Slurm): the step counter and
// tokens per second a training framework exports, read with PromQL the admin names per job kind
// (FLEET_PROGRESS_METRICS, docs/configuration.md) and put on the job records, where the simulator puts its own.
// The collector then follows the step for the stall rule and the ledger, whichever source filled it.
import { z } from 'zod';
import { JOB_KINDS, type JobKind } from '@/lib/domain/enums';
import type { PrometheusApi } from './prometheus/client';
import type { JobRecord, Snapshot, Source } from './types';

export const progressMetricSchema = z.object({
  /** The job kinds the metric covers. */
  kinds: z.array(z.enum(JOB_KINDS)).min(1).default(['training', 'fine_tuning']),
  /** PromQL giving one series per job whose value is its step counter, e.g. `max by (job_name) (trainer_global_step)`. */
  step: z.string().trim().min(1, 'name the PromQL that gives the step counter'),
  /** The label of those series that names the job: its id in the console, or its name. */
  jobLabel: z.string().trim().min(1, 'name the label that holds the job'),
  /** PromQL giving tokens per second per job, the same label naming it. */
  tokensPerSecond: z.string().trim().min(1).optional(),
});

export const progressMetricsSchema = z.array(progressMetricSchema);
export type ProgressMetric = z.infer<typeof progressMetricSchema>;

/** Parses FLEET_PROGRESS_METRICS: a JSON list of progress metrics, or nothing. */
export function parseProgressMetrics(text: string | undefined): ProgressMetric[] {
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      'is not JSON: give a list such as [{"step": "max by (job_name) (trainer_step)", "jobLabel": "job_name"}]',
    );
  }
  const parsed = progressMetricsSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${first.path.join('.') || 'the list'}: ${first.message}`);
  }
  return parsed.data;
}

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
const LIVE_MS = 5 * 60_000;

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
