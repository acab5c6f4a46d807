// One budget this month: where it stands, the figures behind it, the alerts fired, the burn chart.
import type { ReactNode } from 'react';
import { Badge, Card, Figures, type Tone } from '@/components/ui';
import { runRatePeriod, type BudgetState } from '@/lib/domain/budget';
import { formatMoney, formatPercent } from '@/lib/domain/units';
import type { BudgetStatus } from '@/lib/queries/budgets';
import { BurnChart } from './BurnChart';
import styles from './budgets.module.css';

const STATES: Record<BudgetState, { tone: Tone; label: string }> = {
  on_track: { tone: 'ok', label: 'On track' },
  watch: { tone: 'info', label: 'Past a threshold' },
  at_risk: { tone: 'warn', label: 'Forecast over budget' },
  over: { tone: 'bad', label: 'Over budget' },
};

/** Label gap, in percent of the meter's width, under which two threshold labels would overlap. */
const LABEL_GAP = 7;

/** The thresholds whose labels show: 100% always, then each other one far enough from those already shown. */
function labelled(thresholds: number[], position: (threshold: number) => number): Set<number> {
  const shown: number[] = [];
  for (const threshold of [...thresholds].sort((a, b) => Math.abs(100 - a) - Math.abs(100 - b))) {
    if (shown.every((other) => Math.abs(position(other) - position(threshold)) >= LABEL_GAP)) shown.push(threshold);
  }
  return new Set(shown);
}

const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

interface Props {
  budget: BudgetStatus;
  edit?: ReactNode;
  /** Whether to say which cluster it counts, or that it counts the whole organisation (several clusters). */
  showCluster?: boolean;
}

export function BudgetCard({ budget, edit, showCluster = false }: Props) {
  const money = (amount: number) => formatMoney(amount, { currency: budget.currency });
  // Room past the largest figure, so the 100% mark and its label never sit on the card's edge.
  const scale = Math.max(budget.amount, budget.forecast, budget.spend) * 1.08;
  const percentAt = (amount: number) => Math.min(100, (amount / scale) * 100);
  const at = (amount: number) => `${percentAt(amount)}%`;
  const withLabel = labelled(budget.thresholds, (threshold) => percentAt((budget.amount * threshold) / 100));
  const over = budget.state === 'over';
  const state = STATES[budget.state];
  const owner =
    (budget.scope.kind === 'team' ? `Team ${budget.scope.name}` : `${budget.scope.team} / ${budget.scope.name}`) +
    (showCluster ? (budget.cluster ? ` on ${budget.cluster}` : ' across the organisation') : '');
  return (
    <Card
      title={budget.name}
      description={`${owner} · ${money(budget.amount)} a month · ${monthName(budget.period.month)}`}
      actions={<Badge tone={state.tone}>{state.label}</Badge>}
      data-testid="budget"
    >
      <Figures
        large
        minWidth={120}
        figures={[
          {
            label: 'Spent',
            value: money(budget.spend),
            note: (
              <span className={over ? 'tone-bad' : 'hint'}>
                {formatPercent(budget.spend / budget.amount, { digits: 0 })} of budget
              </span>
            ),
          },
          {
            label: 'Forecast',
            value: money(budget.forecast),
            note: (
              <span className="hint">{formatPercent(budget.forecast / budget.amount, { digits: 0 })} at month end</span>
            ),
          },
          {
            label: 'Run rate',
            value: money(budget.runRatePerDay),
            note: <span className="hint">a day, over {runRatePeriod(budget.runRateDays)}</span>,
          },
          {
            label: 'Days left',
            value: budget.daysLeft.toFixed(1),
            note: <span className="hint">to the month&apos;s end</span>,
          },
        ]}
      />
      <div
        className={styles.meter}
        role="img"
        aria-label={`Spent ${money(budget.spend)}, forecast ${money(budget.forecast)}, budget ${money(budget.amount)}`}
      >
        <span className={styles.meterForecast} style={{ width: at(budget.forecast) }} />
        <span className={over ? styles.meterOver : styles.meterSpend} style={{ width: at(budget.spend) }} />
        {budget.thresholds.map((threshold) => {
          const left = at((budget.amount * threshold) / 100);
          return (
            <span key={threshold}>
              <span className={styles.tick} style={{ left }} />
              {withLabel.has(threshold) && (
                <span className={styles.tickLabel} style={{ left }}>
                  {threshold}%
                </span>
              )}
            </span>
          );
        })}
      </div>
      <BurnChart
        burn={budget.burn}
        amount={budget.amount}
        thresholds={budget.thresholds}
        currency={budget.currency}
        name={budget.name}
      />
      <div className="stack" style={{ marginTop: 'var(--space-3)' }}>
        {budget.alerts.length > 0 ? (
          <ul className={styles.alerts} aria-label="Alerts fired this month">
            {budget.alerts.map((alert) => (
              <li key={alert.threshold}>
                <Badge tone={alert.threshold >= 100 ? 'bad' : 'warn'}>
                  {alert.threshold}% by {alert.basis} · {money(alert.amount)}
                </Badge>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">No alert has fired this month.</p>
        )}
        {edit}
      </div>
    </Card>
  );
}
