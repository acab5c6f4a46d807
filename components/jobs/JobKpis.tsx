// The five numbers of a job: its GPUs, how busy they are, what it has cost, what an interruption now would
// lose, and what it burns per hour (its blast radius).
import { Stat } from '@/components/ui';
import { nothingPriced } from '@/lib/domain/cost';
import {
  formatCount,
  formatDuration,
  formatGpuHours,
  formatGpus,
  formatMoney,
  formatPercent,
} from '@/lib/domain/units';
import type { JobDetail } from '@/lib/queries/jobs/types';
import { rangeLabel } from '@/components/time-range/range-label';
import styles from './job.module.css';
import { HOUR_MS } from '@/lib/domain/time';

export function JobKpis({ data }: { data: JobDetail }) {
  const { job, cost, lostWork, utilization } = data;
  const money = (amount: number, unpriced = false) =>
    formatMoney(amount, { currency: cost.currency, compact: Math.abs(amount) >= 100_000, unpriced });
  // No rate covers any of its hours (nothing priced, some unpriced), or any of the GPUs it holds: unpriced, not $0.
  const costUnpriced = nothingPriced(cost.allTime, cost.unpricedGpuHours);
  const heldUnpriced = cost.gpusHeld > 0 && cost.gpusUnpriced === cost.gpusHeld;
  const range = rangeLabel(data.range, data.timeZone);
  const running = job.state === 'running';
  const noLoss =
    job.kind === 'inference'
      ? 'a service keeps no training state to lose'
      : running
        ? 'it holds no GPU now'
        : `nothing to lose: it is ${job.state}`;
  return (
    <div className={`grid-kpi ${styles.kpis}`} data-testid="job-kpis">
      <Stat
        label="GPUs"
        value={formatCount(cost.gpusHeld)}
        sublabel={
          cost.gpusHeld === job.gpusRequested
            ? 'held now, as requested'
            : `held now; ${formatCount(job.gpusRequested)} requested`
        }
      />
      <Stat
        label="Utilization"
        value={formatPercent(utilization, { digits: 1 })}
        sublabel={utilization === null ? `no samples in ${range}` : `mean over its GPU-time in ${range}`}
      />
      <Stat
        label="Cost so far"
        value={money(cost.allTime, costUnpriced)}
        href={costUnpriced ? '/admin/rates' : undefined}
        sublabel={`${formatMoney(cost.inRange, { currency: cost.currency })} in ${range}${cost.unpricedGpuHours > 0 ? ` · ${formatGpuHours(cost.unpricedGpuHours)} unpriced` : ''}`}
        tone={cost.unpricedGpuHours > 0 ? 'warn' : 'neutral'}
      />
      <Stat
        label="Lost work at risk"
        value={lostWork ? money(lostWork.cost, heldUnpriced) : '—'}
        sublabel={
          lostWork
            ? `${formatGpuHours(lostWork.gpuHours)}: ${formatDuration(lostWork.sinceCheckpointMs)} since ${lostWork.lastCheckpointAt ? 'the last checkpoint' : 'it started'} + ${formatDuration(lostWork.recoveryMs)} to recover`
            : noLoss
        }
        tone={lostWork && lostWork.sinceCheckpointMs > 2 * HOUR_MS ? 'warn' : 'neutral'}
      />
      <Stat
        label="At risk per hour"
        value={cost.gpusHeld > 0 ? (heldUnpriced ? money(0, true) : `${money(cost.atRiskPerHour)}/h`) : '—'}
        sublabel={
          cost.gpusHeld > 0
            ? `${formatGpus(cost.gpusHeld)} × their rates: its blast radius${cost.gpusUnpriced && !heldUnpriced ? ` (${formatCount(cost.gpusUnpriced)} unpriced)` : ''}`
            : 'it holds no GPU now'
        }
      />
    </div>
  );
}
