// The job page: everything about one job in one call, shaped for rendering (see ./types). The pieces are one
// module each and run in parallel once the job is found.
import 'server-only';
import { roundCents } from '@/lib/domain/cost';
import { lostWorkIfInterruptedNow } from '@/lib/domain/recovery';
import { lifetimeRange, type ParsedTimeRange } from '@/lib/time-range';
import { withDeadline } from '@/lib/queries/deadline';
import { freshnessOf } from '@/lib/queries/freshness';
import { readSettings } from '@/lib/settings/org';
import { heldNow } from '@/lib/pricing/rates';
import { jobLifetimeLedger } from '@/lib/queries/ledger/job';
import { jobCost } from './job-cost';
import { jobLineage } from './job-lineage';
import { evaluateHealth } from './job-health';
import { jobNodes } from './job-nodes';
import { jobRow, toJobHeader } from './job-row';
import { jobSeries } from './job-series';
import { jobTimeline } from './job-timeline';
import type { JobDetail } from './types';

export interface GetJobOptions {
  /** The instant "now" stands for (tests pin it); defaults to the clock. */
  now?: Date;
}

/** The job, or null when there is no job with this id. */
export async function getJob(
  id: number,
  asked: Pick<ParsedTimeRange, 'from' | 'to' | 'preset'>,
  options: GetJobOptions = {},
): Promise<JobDetail | null> {
  const now = options.now ?? new Date();
  const work = async (): Promise<JobDetail | null> => {
    const row = await jobRow(id);
    if (!row) return null;
    // A job younger than a relative range is shown over its own life, not mostly before it existed.
    const { range, lifetime } = lifetimeRange(asked, { submittedAt: row.submitted_at, endedAt: row.ended_at });
    const [metrics, held, series, evaluation, timeline, spans, settings, freshness, ledger, lineage] =
      await Promise.all([
        jobCost(id, { from: range.from, to: range.to, now }),
        heldNow(id, now),
        jobSeries(id, range, now),
        evaluateHealth(row, now),
        jobTimeline(id, range),
        jobNodes(id, range),
        readSettings(),
        freshnessOf(now),
        jobLifetimeLedger(id, now),
        jobLineage(id, now),
      ]);
    const atRisk =
      row.state === 'running'
        ? lostWorkIfInterruptedNow({
            kind: row.kind,
            gpus: held.gpus,
            ratePerHour: held.ratePerHour,
            startedAt: row.started_at,
            lastCheckpointAt: row.last_checkpoint_at,
            now,
          })
        : null;
    return {
      generatedAt: now.toISOString(),
      range: { from: range.from.toISOString(), to: range.to.toISOString(), preset: range.preset, lifetime },
      timeZone: settings.timeZone,
      freshness,
      job: toJobHeader(row),
      evaluation,
      utilization: metrics.utilization,
      cost: {
        currency: settings.currency,
        allTime: roundCents(metrics.cost),
        inRange: roundCents(metrics.costInRange),
        unpricedGpuHours: metrics.unpricedGpuHours,
        atRiskPerHour: held.ratePerHour,
        gpusHeld: held.gpus,
        gpusUnpriced: held.unpriced,
      },
      lostWork: atRisk && {
        sinceCheckpointMs: atRisk.sinceCheckpointMs,
        recoveryMs: atRisk.recoveryMs,
        gpuHours: atRisk.gpuHours,
        cost: roundCents(atRisk.cost),
        lastCheckpointAt: row.last_checkpoint_at?.toISOString() ?? null,
      },
      series,
      timeline,
      nodes: spans.nodes,
      faults: spans.faults,
      ledger,
      lineage,
    };
  };
  return withDeadline(work());
}
