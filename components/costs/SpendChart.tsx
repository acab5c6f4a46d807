'use client';

// Spend per local day, stacked by team or project. The eight biggest spenders get a colour each; the rest
// are summed as "Other", so the stack stays readable. Colours are CSS variables, so it follows the theme.
import {
  Area,
  AreaChart,
  CartesianGrid,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { TOOLTIP_BEHAVIOUR } from '@/components/charts/MultiLineChart';
import { valueAxisProps } from '@/components/charts/axes';
import { ChartLegend } from '@/components/charts/ChartLegend';
import { useTimeZoom } from '@/components/charts/zoom';
import { zonedTimeToInstant } from '@/lib/domain/time';
import { formatMoney } from '@/lib/domain/units';
import type { DailySpend } from '@/lib/queries/costs/types';
import styles from '@/components/charts/charts.module.css';

const MAX_SERIES = 8;
const COLORS = Array.from({ length: MAX_SERIES }, (_, i) => `var(--chart-${i + 1})`);

export interface SpendChartProps {
  daily: DailySpend;
  currency: string;
  /** What a series is: "team" or "project". */
  groupLabel: string;
  /** The zone the days are in, so a drag across days zooms to their midnights. */
  timeZone: string;
}

/** A day of the chart as instants: from its midnight to the next, in the organisation's zone. */
const daySpan =
  (timeZone: string) =>
  (label: string | number): [number, number] | null => {
    const [year, month, day] = String(label).split('-').map(Number);
    if (!year || !month || !day) return null;
    return [
      zonedTimeToInstant(timeZone, year, month, day).getTime(),
      zonedTimeToInstant(timeZone, year, month, day + 1).getTime(),
    ];
  };

interface Series {
  key: string;
  name: string;
  color: string;
}

/** The chart's series and rows: the top spenders, then "Other" for the rest. */
export function chartData(daily: DailySpend) {
  const shown = daily.series.slice(0, daily.series.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES);
  const series: Series[] = shown.map((row, i) => ({ key: `s${i}`, name: row.name, color: COLORS[i] }));
  const others = daily.series.length - shown.length;
  if (others > 0) series.push({ key: 'other', name: `Other (${others})`, color: COLORS[MAX_SERIES - 1] });
  const rows = daily.days.map((day, d) => {
    const values = daily.values[d];
    const row: Record<string, number | string | boolean> = { day, partial: daily.partial[d] };
    shown.forEach((_, i) => (row[`s${i}`] = values[i]));
    if (others > 0) row.other = values.slice(shown.length).reduce((a, b) => a + b, 0);
    return row;
  });
  return { series, rows };
}

const dayLabel = (day: string, long = false) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    ...(long ? { month: 'short', year: 'numeric' } : {}),
  }).format(new Date(`${day}T00:00:00Z`));

function SpendTooltip({
  active,
  payload,
  label,
  series,
  currency,
}: Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & { series: Series[]; currency: string }) {
  if (!active || !payload?.length || typeof label !== 'string') return null;
  const row = payload[0].payload as Record<string, number> & { partial?: boolean };
  const total = series.reduce((sum, s) => sum + (row[s.key] ?? 0), 0);
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTitle}>
        {dayLabel(label, true)}
        {row.partial ? ' (part of the day)' : ''} · {formatMoney(total, { currency })}
      </p>
      {[...series].reverse().map((s) => (
        <p key={s.key} className={styles.tooltipRow}>
          <span className={`${styles.swatch} ${styles.swatchSquare}`} style={{ background: s.color }} aria-hidden />
          {s.name}
          <span className="num">{formatMoney(row[s.key] ?? 0, { currency })}</span>
        </p>
      ))}
    </div>
  );
}

export function SpendChart({ daily, currency, groupLabel, timeZone }: SpendChartProps) {
  const { series, rows } = chartData(daily);
  const zoom = useTimeZoom(daySpan(timeZone));
  if (!series.length) return <p className="muted">No GPU was allocated in this range, so nothing was spent.</p>;
  const ticks =
    daily.days.length > 14 ? daily.days.filter((_, i) => i % Math.ceil(daily.days.length / 10) === 0) : undefined;
  return (
    <figure className={styles.chart} data-testid="spend-chart">
      <figcaption className="visually-hidden">
        Spend per day stacked by {groupLabel}: {series.map((s) => s.name).join(', ')}. The tables below hold the same
        figures.
      </figcaption>
      <ChartLegend items={series.map((s) => ({ key: s.key, label: s.name, color: s.color, square: true }))} />
      <AreaChart
        data={rows}
        responsive
        style={{ width: '100%', height: 260 }}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        className={styles.zoomable}
        {...zoom.chartProps}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="day"
          ticks={ticks}
          tickFormatter={(day: string) => dayLabel(day)}
          tick={{ fill: 'var(--chart-axis)', fontSize: 11 }}
          stroke="var(--chart-grid)"
        />
        <YAxis {...valueAxisProps((value) => formatMoney(value, { currency, compact: true }), 56)} />
        <Tooltip
          content={({ active, payload, label }) => (
            <SpendTooltip active={active} payload={payload} label={label} series={series} currency={currency} />
          )}
          {...TOOLTIP_BEHAVIOUR}
        />
        {/* A day the range covers only in part is lower for that reason alone: say so on the chart. */}
        {daily.days.map((day, i) =>
          daily.partial[i] ? (
            <ReferenceArea
              key={day}
              x1={daily.days[Math.max(0, i - (i === 0 ? 0 : 1))]}
              x2={daily.days[Math.min(daily.days.length - 1, i + (i === 0 ? 1 : 0))]}
              fill="var(--surface-2)"
              fillOpacity={0.8}
              label={{ value: 'partial', position: 'insideTop', fill: 'var(--chart-axis)', fontSize: 10 }}
            />
          ) : null,
        )}
        {zoom.selection}
        {series.map((s) => (
          <Area
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="spend"
            type="linear"
            stroke={s.color}
            fill={s.color}
            fillOpacity={0.35}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </figure>
  );
}
