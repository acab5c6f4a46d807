'use client';

// Allocation, utilization and healthy share over the range, with the incidents opened in it marked. A bucket
// without data is a gap in the line, never a drop to zero. Colours are CSS variables, so the chart follows the
// theme. A drag across it zooms the page's range.
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { ChartLegend } from '@/components/charts/ChartLegend';
import { ChartMarks, markLines } from '@/components/charts/ChartMarks';
import { isolatedDot } from '@/components/charts/isolated-dot';
import type { ChartMark } from '@/components/charts/marks';
import { useTimeZoom } from '@/components/charts/zoom';
import { TOOLTIP_BEHAVIOUR } from '@/components/charts/MultiLineChart';
import { timeAxisProps, valueAxisProps } from '@/components/charts/axes';
import { formatPercent } from '@/lib/domain/units';
import type { SeriesPoint } from '@/lib/queries/overview/types';
import { formatClock, formatDateTime } from '@/components/charts/time-format';
import styles from '@/components/charts/charts.module.css';

const SERIES = [
  { key: 'allocation', label: 'Allocation', color: 'var(--chart-1)', dash: undefined },
  { key: 'utilization', label: 'Utilization', color: 'var(--chart-2)', dash: undefined },
  { key: 'healthy', label: 'Healthy GPUs', color: 'var(--chart-3)', dash: '4 3' },
] as const;

export interface FleetChartProps {
  points: SeriesPoint[];
  from: number;
  to: number;
  bucketSeconds: number;
  timeZone: string;
  /** Incidents opened in the range. */
  marks?: readonly ChartMark[];
}

const Y_AXIS_PX = 44;
const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };

type ChartTooltipProps = Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & {
  bucketSeconds: number;
  timeZone: string;
};

function ChartTooltip({ active, payload, label, bucketSeconds, timeZone }: ChartTooltipProps) {
  if (!active || !payload?.length || typeof label !== 'number') return null;
  const point = payload[0].payload as SeriesPoint;
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTitle}>
        {formatDateTime(label, timeZone)}–{formatClock(label + bucketSeconds * 1000, timeZone, false)}
      </p>
      {SERIES.map((series) => (
        <p key={series.key} className={styles.tooltipRow}>
          <span className={styles.swatch} style={{ background: series.color }} aria-hidden />
          {series.label}
          <span className="num">
            {point[series.key] === null ? '— no data' : formatPercent(point[series.key], { digits: 1 })}
          </span>
        </p>
      ))}
    </div>
  );
}

/** One sentence for screen readers: the chart's latest values. */
function summary(points: SeriesPoint[]): string {
  const last = [...points].reverse().find((point) => point.allocation !== null);
  if (!last) return 'Fleet chart: no data in this range.';
  return `Fleet chart. Latest: allocation ${formatPercent(last.allocation, { digits: 1 })}, utilization ${formatPercent(last.utilization, { digits: 1 })}, healthy GPUs ${formatPercent(last.healthy, { digits: 1 })}.`;
}

export function FleetChart({ points, from, to, bucketSeconds, timeZone, marks = [] }: FleetChartProps) {
  const zoom = useTimeZoom(bucketSeconds);
  return (
    <figure className={styles.chart} data-testid="fleet-chart">
      <figcaption className="visually-hidden">{summary(points)}</figcaption>
      <ChartLegend items={SERIES} />
      <ChartMarks marks={marks} from={from} to={to} timeZone={timeZone} left={Y_AXIS_PX} right={MARGIN.right} />
      <LineChart
        data={points}
        responsive
        style={{ width: '100%', height: 240 }}
        margin={MARGIN}
        className={styles.zoomable}
        {...zoom.chartProps}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis {...timeAxisProps(from, to, timeZone)} />
        <YAxis
          domain={[0, 1]}
          ticks={[0, 0.25, 0.5, 0.75, 1]}
          {...valueAxisProps((v) => formatPercent(v, { digits: 0 }), Y_AXIS_PX)}
        />
        {markLines(marks, from, to)}
        {zoom.selection}
        <Tooltip
          content={({ active, payload, label }) => (
            <ChartTooltip
              active={active}
              payload={payload}
              label={label}
              bucketSeconds={bucketSeconds}
              timeZone={timeZone}
            />
          )}
          {...TOOLTIP_BEHAVIOUR}
        />
        {SERIES.map((series) => (
          <Line
            key={series.key}
            dataKey={series.key}
            name={series.label}
            type="linear"
            stroke={series.color}
            strokeWidth={series.key === 'healthy' ? 1.5 : 2}
            strokeDasharray={series.dash}
            dot={isolatedDot(
              points.map((point) => point[series.key]),
              series.color,
            )}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}
