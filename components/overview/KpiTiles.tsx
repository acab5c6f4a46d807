// The six numbers an on-call engineer reads first. Fleet figures come from the latest rollup minute; when
// there is none they read "—" and say why, never 0.
import { Stat, type Tone } from '@/components/ui';
import { formatCount, formatCountOf, formatGpuHours, formatMoney, formatPercent } from '@/lib/domain/units';
import { isUnpriced } from '@/lib/domain/cost';
import type { Overview, SpendWindow } from '@/lib/queries/overview/types';
import { formatClock, zoneName } from '@/components/charts/time-format';
import styles from './overview.module.css';

function healthTone(healthy: number | null): Tone {
  if (healthy === null) return 'neutral';
  return healthy >= 0.99 ? 'ok' : healthy >= 0.95 ? 'warn' : 'bad';
}

export function KpiTiles({ data, stale }: { data: Overview; stale: boolean }) {
  const { fleet, spend, incidents, timeZone } = data;
  const missing = fleet.asOf === null;
  // Old figures are still worth showing, marked with their time, rather than hidden.
  const asOf = fleet.asOf && stale ? `as of ${formatClock(fleet.asOf, timeZone, false)} (stale)` : null;
  const why = 'no fleet data yet: the worker has not written a minute';
  const silent = fleet.silentGpus ?? 0;
  // Silent GPUs are unknown, in no other count: the tile says how many there are beside those that report.
  const known = fleet.provisionedGpus === null ? null : fleet.provisionedGpus + silent;
  const unpriced = (hours: number) => (hours > 0 ? ` · ${formatGpuHours(hours)} unpriced: no rate covers them` : '');
  // A tile holds about ten characters at its size; bigger sums go compact there and exact underneath. Spend that
  // no rate prices at all is "unpriced", never $0.00.
  const money = (window: SpendWindow) =>
    formatMoney(window.amount, {
      currency: spend.currency,
      compact: Math.abs(window.amount) >= 10_000,
      unpriced: isUnpriced(window.gpuHours, window.unpricedGpuHours),
    });
  const exact = (amount: number) =>
    Math.abs(amount) >= 10_000 ? `${formatMoney(amount, { currency: spend.currency })} ` : '';
  // Each tile opens the list behind its number.
  const costs = (window: { from: string; to: string }) =>
    `/costs?${new URLSearchParams({ from: window.from, to: window.to })}`;

  return (
    <div className={`grid-kpi ${styles.kpis}`} data-testid="kpi-tiles">
      <Stat
        label="GPUs"
        href="/fleet"
        value={formatCount(known)}
        tone={(stale || silent > 0) && !missing ? 'warn' : healthTone(fleet.healthy)}
        sublabel={
          missing
            ? why
            : (asOf ??
              (silent > 0
                ? `${formatCount(fleet.healthyGpus)} healthy · ${formatCount(silent)} not reporting`
                : `${formatCount(fleet.healthyGpus)} healthy (${formatPercent(fleet.healthy, { digits: 1, truncate: true })})`))
        }
      />
      <Stat
        label="Allocation"
        href="/fleet?state=idle"
        value={formatPercent(fleet.allocation, { digits: 1 })}
        sublabel={
          missing
            ? why
            : (asOf ??
              `${formatCount(fleet.allocatedGpus)} of ${formatCountOf(fleet.provisionedGpus, 'GPU')}${silent > 0 ? ' reporting' : ''}`)
        }
        tone={stale && !missing ? 'warn' : 'neutral'}
      />
      <Stat
        label="Utilization"
        href="/waste"
        value={formatPercent(fleet.utilization, { digits: 1 })}
        sublabel={
          missing
            ? why
            : fleet.utilization === null
              ? 'no GPU is allocated'
              : (asOf ?? 'mean GPU utilization of allocated GPUs')
        }
        tone={stale && !missing ? 'warn' : 'neutral'}
      />
      <Stat
        label="Spend today"
        href={costs(spend.today)}
        value={money(spend.today)}
        sublabel={`${exact(spend.today.amount)}since ${formatClock(spend.today.from, timeZone, false)} ${zoneName(spend.today.from, timeZone)}${unpriced(spend.today.unpricedGpuHours)}`}
        tone={spend.today.unpricedGpuHours > 0 ? 'warn' : 'neutral'}
      />
      <Stat
        label="Spend this week"
        href={costs(spend.week)}
        value={money(spend.week)}
        sublabel={`${exact(spend.week.amount)}since Monday 00:00${unpriced(spend.week.unpricedGpuHours)}`}
        tone={spend.week.unpricedGpuHours > 0 ? 'warn' : 'neutral'}
      />
      <Stat
        label="Open incidents"
        href="/on-call"
        value={formatCount(incidents.open)}
        sublabel={`${formatCount(incidents.bySeverity.page)} page · ${formatCount(incidents.bySeverity.ticket)} ticket`}
        tone={incidents.bySeverity.page > 0 ? 'bad' : incidents.open > 0 ? 'warn' : 'ok'}
      />
    </div>
  );
}
