'use client';

// A budget's month: cumulative spend so far, the forecast's line to the month's end, the budget and its thresholds.
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { valueAxisProps } from '@/components/charts/axes';
import { TOOLTIP_BEHAVIOUR } from '@/components/charts/MultiLineChart';
import { TooltipCard } from '@/components/charts/TooltipCard';
import type { BurnPoint } from '@/lib/domain/budget';
import { formatMoney } from '@/lib/domain/units';
import styles from '@/components/charts/charts.module.css';

export interface BurnChartProps {
  burn: BurnPoint[];
  amount: number;
  thresholds: number[];
  currency: string;
  name: string;
}

const dayOfMonth = (day: string) => String(Number(day.slice(8, 10)));

export function BurnChart({ burn, amount, thresholds, currency, name }: BurnChartProps) {
  const money = (value: number) => formatMoney(value, { currency, compact: true });
  const top = Math.max(amount, ...burn.map((point) => Math.max(point.spend ?? 0, point.forecast ?? 0))) * 1.08;
  const last = [...burn].reverse().find((point) => point.forecast !== null);
  return (
    <figure className={styles.chart}>
      <figcaption className="visually-hidden">
        Burn chart of {name}: spend so far {money(burn.filter((p) => p.spend !== null).at(-1)?.spend ?? 0)}, forecast{' '}
        {money(last?.forecast ?? 0)} at the month&apos;s end, against a budget of {money(amount)}.
      </figcaption>
      <ul className={styles.legend} aria-hidden>
        <li>
          <svg width="16" height="8">
            <line x1="0" y1="4" x2="16" y2="4" stroke="var(--chart-1)" strokeWidth="2" />
          </svg>
          Spend
        </li>
        <li>
          <svg width="16" height="8">
            <line x1="0" y1="4" x2="16" y2="4" stroke="var(--chart-1)" strokeWidth="2" strokeDasharray="4 3" />
          </svg>
          Forecast
        </li>
        <li>
          <svg width="16" height="8">
            <line x1="0" y1="4" x2="16" y2="4" stroke="var(--bad)" strokeWidth="1.5" />
          </svg>
          Budget
        </li>
      </ul>
      <LineChart
        data={burn}
        responsive
        style={{ width: '100%', height: 180 }}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="day"
          tickFormatter={dayOfMonth}
          interval="preserveStartEnd"
          minTickGap={12}
          tick={{ fill: 'var(--chart-axis)', fontSize: 11 }}
          stroke="var(--chart-grid)"
        />
        <YAxis domain={[0, top]} {...valueAxisProps(money, 56)} />
        {thresholds
          .filter((threshold) => threshold < 100)
          .map((threshold) => (
            <ReferenceLine
              key={threshold}
              y={(amount * threshold) / 100}
              stroke="var(--border-strong)"
              strokeDasharray="2 3"
              label={{ value: `${threshold}%`, position: 'insideTopLeft', fill: 'var(--chart-axis)', fontSize: 10 }}
            />
          ))}
        <ReferenceLine y={amount} stroke="var(--bad)" strokeWidth={1.5} />
        <Tooltip
          {...TOOLTIP_BEHAVIOUR}
          content={({ active, payload, label }) => {
            const point = payload?.[0]?.payload as BurnPoint | undefined;
            if (!active || !point) return null;
            const rows = [
              { key: 'spend', label: 'Spend', value: point.spend },
              { key: 'forecast', label: 'Forecast', value: point.forecast },
            ].flatMap((row) =>
              row.value === null
                ? []
                : [{ ...row, color: 'var(--chart-1)', value: formatMoney(row.value, { currency }) }],
            );
            return <TooltipCard title={String(label)} rows={rows} />;
          }}
        />
        <Line
          dataKey="spend"
          stroke="var(--chart-1)"
          strokeWidth={2}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="forecast"
          stroke="var(--chart-1)"
          strokeWidth={2}
          strokeDasharray="4 3"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </figure>
  );
}
