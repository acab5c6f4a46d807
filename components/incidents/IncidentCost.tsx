// What the incident has cost so far: GPU-hours and money, and how they were measured.
import { formatDateTime } from '@/components/charts/time-format';
import { EmptyState } from '@/components/ui';
import { Money } from '@/components/costs/Money';
import { isUnpriced } from '@/lib/domain/cost';
import { formatCount, formatGpuHours } from '@/lib/domain/units';
import type { IncidentDetail } from '@/lib/queries/incidents/types';
import styles from './incidents.module.css';

export function IncidentCost({ data }: { data: IncidentDetail }) {
  const { cost, currency, timeZone } = data;
  if (!cost) {
    return (
      <EmptyState title="No cost to tell" description="It names no job or node holding GPUs the console prices." />
    );
  }
  // No rate covers any of its GPU-hours: its cost is unknown, said as unpriced (DOMAIN.md Coverage), not $0.00.
  const unpriced = isUnpriced(cost.gpuHours, cost.unpricedGpuHours);
  return (
    <div className="stack" data-testid="incident-cost">
      <p>
        <span className={styles.costFigure}>
          <Money amount={cost.cost} currency={currency} unpriced={unpriced} />
        </span>{' '}
        <span className="muted">for {formatGpuHours(cost.gpuHours, { digits: cost.gpuHours < 10 ? 2 : 1 })}</span>
      </p>
      <p className="hint">
        {cost.basis === 'recovery'
          ? `Work lost as automatic recovery measured it: GPUs x (time since the last checkpoint + time to recover).`
          : `${formatCount(cost.gpus)} GPU${cost.gpus === 1 ? '' : 's'} affected from ${formatDateTime(cost.from, timeZone)} to ${formatDateTime(cost.to, timeZone)}, at the rate card's prices.`}
        {cost.unpricedGpuHours > 0 &&
          !unpriced &&
          ` ${formatGpuHours(cost.unpricedGpuHours)} have no rate: the cost leaves them out.`}
        {unpriced && ' No rate covers these GPUs: an admin adds one on the rate card.'}
      </p>
    </div>
  );
}
