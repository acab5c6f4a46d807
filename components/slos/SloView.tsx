// One SLO: where it stands now, its SLI and error budget over its window, and the burn rate of each window pair
// of the alert table against the rate that fires it.
import { Banner, Card, PageHeader, Stat } from '@/components/ui';
import { formatCoverage, formatPercent } from '@/lib/domain/units';
import type { SloDetailView } from '@/lib/queries/slos/types';
import { BurnRatePairs } from './BurnRatePairs';
import { SloAlerts } from './SloAlerts';
import { SloChart } from './SloChart';
import {
  SLO_KIND_LABELS,
  budgetTone,
  formatBudgetLeft,
  formatBudgetShare,
  formatBurnRate,
  formatSli,
  formatTarget,
  windowLabel,
} from './format';
import styles from './slos.module.css';

const present = (values: (number | null)[]) => values.filter((value): value is number => value !== null);

function NotMeasured({ data }: { data: SloDetailView }) {
  const { slo } = data;
  if (slo.state === 'disabled') {
    return (
      <Banner tone="info" title="Disabled">
        The worker does not evaluate this SLO, and it raises no alerts. Its history stays below.
      </Banner>
    );
  }
  if (slo.state === 'not_measured') {
    return (
      <Banner tone="warn" title="Not measured">
        {slo.notMeasuredReason}
      </Banner>
    );
  }
  if (slo.state === 'not_evaluated') {
    return (
      <Banner tone="info" title="Not evaluated yet">
        The worker evaluates every SLO each minute; its first figures will show here.
      </Banner>
    );
  }
  return null;
}

function Figures({ data }: { data: SloDetailView }) {
  const { slo } = data;
  const latest = slo.latest;
  return (
    <div className="grid-kpi" data-testid="slo-figures">
      <Stat
        label="SLI now"
        value={latest ? formatSli(latest.sli) : '—'}
        tone={latest ? (latest.sli >= slo.target ? 'ok' : 'bad') : 'neutral'}
        sublabel={`over ${slo.windowDays} d, target ${formatTarget(slo.target)}${latest?.coverage != null ? ` · ${formatCoverage(latest.coverage)}` : ''}`}
      />
      <Stat
        label={latest && latest.budgetRemaining < 0 ? 'Budget overspent' : 'Budget left'}
        value={latest ? formatPercent(Math.abs(latest.budgetRemaining), { digits: 1, truncate: true }) : '—'}
        tone={latest ? budgetTone(latest.budgetRemaining) : 'neutral'}
        sublabel={formatBudgetLeft(slo.budgetLeft) ?? `(1 - target) x ${slo.windowDays} d`}
      />
      <Stat
        label="Alerts"
        value={slo.alerts.length ? `${slo.alerts.length} firing` : 'None'}
        tone={slo.alerts.some((alert) => alert.severity === 'page') ? 'bad' : slo.alerts.length ? 'warn' : 'ok'}
        sublabel={<SloAlerts slo={slo} />}
      />
    </div>
  );
}

function History({ data }: { data: SloDetailView }) {
  const { slo, history, timeZone } = data;
  const sli = present(history.sli);
  const budget = present(history.budget);
  const low = Math.min(slo.target, ...sli);
  const span = Math.max(1 - low, 0.0005);
  const window = `${slo.windowDays} d`;
  const axis = { t: history.t, from: history.from, to: history.to, bucketSeconds: history.bucketSeconds, timeZone };
  return (
    <Card
      title="SLI and error budget"
      description={`Over the range; each point is the SLO's figure over its ${window} window as evaluated then.`}
    >
      <div className={styles.charts}>
        <SloChart
          {...axis}
          title="SLI"
          testId="slo-sli-chart"
          summary={
            sli.length
              ? `SLI now ${formatSli(sli.at(-1)!)}, target ${formatTarget(slo.target)}.`
              : 'No SLI measured yet.'
          }
          series={[{ key: 'sli', label: `SLI over ${window}`, values: history.sli }]}
          references={[{ y: slo.target, label: `Target ${formatTarget(slo.target)}`, tone: 'bad' }]}
          format={(value) => formatPercent(value, { digits: 3 })}
          domain={[Math.max(0, low - span * 0.25), 1]}
        />
        <SloChart
          {...axis}
          title="Error budget left"
          testId="slo-budget-chart"
          summary={budget.length ? `Budget ${formatBudgetShare(budget.at(-1)!)}.` : 'No budget measured yet.'}
          series={[{ key: 'budget', label: 'Share of the budget left', values: history.budget }]}
          references={[{ y: 0, label: 'Spent', tone: 'bad' }]}
          format={(value) => formatPercent(value, { digits: 0 })}
          domain={[Math.min(0, ...budget), Math.max(1, ...budget)]}
        />
      </div>
    </Card>
  );
}

function BurnRates({ data }: { data: SloDetailView }) {
  const { slo, burn, timeZone } = data;
  const from = Date.parse(burn.range.from);
  const to = Date.parse(burn.range.to);
  return (
    <Card
      title="Burn rates"
      description="Burn rate = error rate / (1 - target); 1 spends the budget exactly over the window. An alert fires when both windows of a pair burn faster than its rate."
    >
      <BurnRatePairs pairs={slo.burnRates} name={slo.name} />
      <div className={styles.charts} style={{ marginTop: 'var(--space-4)' }}>
        {slo.burnRates.map((pair) => {
          const long = burn.byWindow[String(pair.longWindowMinutes)] ?? [];
          const short = burn.byWindow[String(pair.shortWindowMinutes)] ?? [];
          const peak = Math.max(
            pair.threshold * 1.25,
            ...present(long).map((v) => v * 1.05),
            ...present(short).map((v) => v * 1.05),
          );
          const longLabel = windowLabel(pair.longWindowMinutes);
          const shortLabel = windowLabel(pair.shortWindowMinutes);
          return (
            <SloChart
              key={`${pair.longWindowMinutes}/${pair.shortWindowMinutes}`}
              title={`${longLabel} and ${shortLabel}: ${pair.severity} above ${pair.threshold}x`}
              testId="slo-burn-chart"
              summary={`Burn rate now ${formatBurnRate(pair.longBurnRate)} over ${longLabel} and ${formatBurnRate(pair.shortBurnRate)} over ${shortLabel}; the ${pair.severity} fires above ${pair.threshold}x in both${pair.firing ? ', and it is firing' : ''}.`}
              t={burn.t}
              from={from}
              to={to}
              bucketSeconds={burn.range.bucketSeconds}
              timeZone={timeZone}
              series={[
                { key: 'long', label: `${longLabel} window`, values: long },
                { key: 'short', label: `${shortLabel} window`, values: short, dashed: true },
              ]}
              references={[{ y: pair.threshold, label: `${pair.severity} at ${pair.threshold}x`, tone: 'bad' }]}
              format={(value) => `${value.toFixed(1)}x`}
              domain={[0, peak]}
            />
          );
        })}
      </div>
    </Card>
  );
}

export function SloView({ data }: { data: SloDetailView }) {
  const { slo } = data;
  return (
    <>
      <PageHeader
        title={slo.name}
        subtitle={
          <>
            {SLO_KIND_LABELS[slo.kind]} · target {formatTarget(slo.target)} over {slo.windowDays} d ·{' '}
            <span data-testid="slo-scope">{slo.cluster ? `cluster ${slo.cluster}` : 'the whole organisation'}</span>
          </>
        }
      />
      <NotMeasured data={data} />
      <Figures data={data} />
      <History data={data} />
      <BurnRates data={data} />
    </>
  );
}
