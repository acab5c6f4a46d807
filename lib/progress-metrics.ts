// Where training jobs report their progress (FLEET_PROGRESS_METRICS, docs/configuration.md): checked with the
// environment at start, read by lib/sources/progress.ts at each live collect.
import { z } from 'zod';
import { JOB_KINDS } from './domain/enums';

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
