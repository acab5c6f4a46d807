// The costs page's headline figures for the range.
import { Stat } from '@/components/ui';
import { formatGpuHours, formatMoney, formatPercent, formatTileMoney } from '@/lib/domain/units';
import type { CostsView } from '@/lib/queries/costs/types';

export function CostTiles({ view }: { view: CostsView }) {
  const { totals, currency } = view;
  const money = (amount: number | null) => formatTileMoney(amount, currency);
  const exact = (amount: number | null) =>
    amount !== null && Math.abs(amount) >= 1_000 ? formatMoney(amount, { currency }) : null;
  const line = (...parts: (string | null)[]) => parts.filter(Boolean).join(' · ');
  const filtered = view.filter.teamId !== null || view.filter.kind !== null;
  // No fleet minutes in the range (before the console's history began): capacity, hence idle, is unknown.
  const capacityKnown = view.pools.some((pool) => pool.provisionedGpuHours > 0);
  return (
    <div className="grid-kpi" data-testid="cost-tiles">
      <Stat
        label="Spend"
        value={money(totals.spend)}
        tone={totals.unpricedGpuHours > 0 ? 'warn' : 'neutral'}
        sublabel={[
          exact(totals.spend),
          `${formatGpuHours(totals.gpuHours, { compact: true })} allocated`,
          totals.unpricedGpuHours > 0
            ? `${formatGpuHours(totals.unpricedGpuHours)} unpriced: no rate covers them`
            : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      />
      <Stat
        label={filtered ? 'Idle cost (share)' : 'Idle cost'}
        value={capacityKnown ? money(totals.idleCost) : formatMoney(null)}
        sublabel={
          capacityKnown
            ? line(
                exact(totals.idleCost),
                `${formatGpuHours(totals.idleGpuHours, { compact: true })} provisioned, not allocated`,
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
        value={money(totals.wasteCost)}
        sublabel={
          totals.wasteGpuHours === null
            ? 'not measured'
            : line(
                exact(totals.wasteCost),
                `${formatGpuHours(totals.wasteGpuHours, { compact: true })} allocated but unused`,
              )
        }
      />
      <Stat
        label="Per useful GPU-hour"
        value={formatMoney(totals.costPerUsefulGpuHour, { currency })}
        sublabel="spend / (GPU-hours x utilization)"
      />
      <Stat
        label="Interruptions"
        value={money(totals.interruptionCost)}
        sublabel={line(
          exact(totals.interruptionCost),
          `${totals.interruptions} interruptions · ${formatGpuHours(totals.lostGpuHours)} of work lost`,
        )}
      />
    </div>
  );
}
