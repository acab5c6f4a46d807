// The costs page's headline figures for the range.
import { Stat } from '@/components/ui';
import { isUnpriced } from '@/lib/domain/cost';
import {
  formatCount,
  formatCountOf,
  formatGpuHours,
  formatMoney,
  formatPercent,
  formatTileMoney,
} from '@/lib/domain/units';
import type { CostsView } from '@/lib/queries/costs/types';

/** Where an admin adds the rate that an unpriced figure lacks. */
const RATE_CARD = '/admin/rates';

export function CostTiles({ view }: { view: CostsView }) {
  const { totals, currency } = view;
  const money = (amount: number | null, unpriced = false) => formatTileMoney(amount, currency, unpriced);
  // Spend no rate prices at all is unpriced, and so is what is derived from it (waste, per useful GPU-hour).
  const spendUnpriced = isUnpriced(totals.gpuHours, totals.unpricedGpuHours);
  const idleUnpriced = isUnpriced(totals.idleGpuHours, totals.unpricedIdleGpuHours);
  const interruptionsUnpriced = totals.interruptions > 0 && totals.unpricedInterruptions === totals.interruptions;
  const exact = (amount: number | null, unpriced = false) =>
    !unpriced && amount !== null && Math.abs(amount) >= 1_000 ? formatMoney(amount, { currency }) : null;
  const line = (...parts: (string | null | false)[]) => parts.filter(Boolean).join(' · ');
  const filtered = view.filter.teamId !== null || view.filter.kind !== null;
  // No fleet minutes in the range (before the console's history began): capacity, hence idle, is unknown.
  const capacityKnown = view.pools.some((pool) => pool.provisionedGpuHours > 0);
  return (
    <div className="grid-kpi" data-testid="cost-tiles">
      <Stat
        label="Spend"
        value={money(totals.spend, spendUnpriced)}
        href={spendUnpriced ? RATE_CARD : undefined}
        tone={totals.unpricedGpuHours > 0 ? 'warn' : 'neutral'}
        sublabel={line(
          exact(totals.spend, spendUnpriced),
          `${formatGpuHours(totals.gpuHours, { compact: true })} allocated`,
          totals.unpricedGpuHours > 0 && `${formatGpuHours(totals.unpricedGpuHours)} unpriced: no rate covers them`,
        )}
      />
      <Stat
        label={filtered ? 'Idle cost (share)' : 'Idle cost'}
        value={capacityKnown ? money(totals.idleCost, idleUnpriced) : formatMoney(null)}
        href={capacityKnown && idleUnpriced ? RATE_CARD : undefined}
        tone={capacityKnown && totals.unpricedIdleGpuHours > 0 ? 'warn' : 'neutral'}
        sublabel={
          capacityKnown
            ? line(
                exact(totals.idleCost, idleUnpriced),
                `${formatGpuHours(totals.idleGpuHours, { compact: true })} provisioned, not allocated`,
                totals.unpricedIdleGpuHours > 0 &&
                  !idleUnpriced &&
                  `${formatGpuHours(totals.unpricedIdleGpuHours)} unpriced`,
              )
            : 'no fleet data in this range'
        }
      />
      <Stat
        label="Utilization"
        value={formatPercent(totals.utilization, { digits: 1 })}
        sublabel={totals.utilization === null ? 'no GPU samples in this range' : 'mean GPU utilization while allocated'}
      />
      <Stat
        label="Waste"
        value={money(totals.wasteCost, spendUnpriced)}
        sublabel={
          totals.wasteGpuHours === null
            ? 'not measured'
            : line(
                exact(totals.wasteCost, spendUnpriced),
                `${formatGpuHours(totals.wasteGpuHours, { compact: true })} allocated but unused`,
              )
        }
      />
      <Stat
        label="Per useful GPU-hour"
        value={formatMoney(totals.costPerUsefulGpuHour, { currency, unpriced: spendUnpriced })}
        sublabel="spend / (GPU-hours x utilization)"
      />
      <Stat
        label="Interruptions"
        value={money(totals.interruptionCost, interruptionsUnpriced)}
        sublabel={line(
          exact(totals.interruptionCost, interruptionsUnpriced),
          formatCountOf(totals.interruptions, 'interruption'),
          `${formatGpuHours(totals.lostGpuHours)} of work lost`,
          totals.unpricedInterruptions > 0 &&
            !interruptionsUnpriced &&
            `${formatCount(totals.unpricedInterruptions)} unpriced`,
        )}
      />
    </div>
  );
}
