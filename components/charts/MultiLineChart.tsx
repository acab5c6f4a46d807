'use client';

// One line per series on shared time buckets (a node's eight GPUs, say), in the theme's categorical colours.
// A bucket without data is a gap, never a drop to zero. Where the page's range is in the URL, a drag zooms.
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { timeAxisProps, valueAxisProps } from './axes';
import { ChartLegend } from './ChartLegend';
import { ChartMarks, markLines } from './ChartMarks';
import { groupMarks, type ChartMark } from './marks';
import { useTimeZoom } from './zoom';
import { isolatedDot } from './isolated-dot';
import { formatClock, formatDateTime } from './time-format';
import styles from './charts.module.css';

export interface MultiLineSeries {
  key: string;
  label: string;
  values: (number | null)[];
}

interface Props {
  title: string;
  t: number[];
  series: MultiLineSeries[];
  from: number;
  to: number;
  bucketSeconds: number;
  timeZone: string;
  format(value: number): string;
  /** Fixed y domain; by default [0, the data's max]. */
  domain?: [number, number];
  height?: number;
  /** Whether a drag picks the page's range (pages whose range is in the URL). */
  zoomable?: boolean;
  /** Events drawn on the time axis. */
  marks?: readonly ChartMark[];
  /** Whether the markers that name the events stand above this chart; charts stacked under one that has them
   * draw the events' lines alone, so each event is reached once by keyboard. */
  markers?: boolean;
}

const Y_AXIS_PX = 52;
const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };

export const seriesColor = (i: number) => `var(--chart-${(i % 8) + 1})`;

type TooltipProps = Pick<TooltipContentProps, 'active' | 'payload' | 'label'> &
  Pick<Props, 'series' | 'bucketSeconds' | 'timeZone' | 'format'>;

/** The rows recharts draws: one per bucket, a value (or null, a gap) per series. */
export function bucketRows(t: number[], series: Pick<MultiLineSeries, 'key' | 'values'>[]) {
  return t.map((time, b) => Object.fromEntries([['t', time], ...series.map((line) => [line.key, line.values[b]])]));
}

/** How every chart's tooltip behaves: a cursor line, no animation. */
export const TOOLTIP_BEHAVIOUR = { cursor: { stroke: 'var(--border-strong)' }, isAnimationActive: false } as const;

/** The Tooltip props of a chart of series over time buckets: SeriesTooltip as its content. */
export function seriesTooltipProps(options: Pick<Props, 'series' | 'bucketSeconds' | 'timeZone' | 'format'>) {
  return {
    ...TOOLTIP_BEHAVIOUR,
    content: ({ active, payload, label }: Pick<TooltipContentProps, 'active' | 'payload' | 'label'>) => (
      <SeriesTooltip active={active} payload={payload} label={label} {...options} />
    ),
  };
}

/** A bucket's time span and each series' value in it. */
export function SeriesTooltip({ active, payload, label, series, bucketSeconds, timeZone, format }: TooltipProps) {
  if (!active || !payload?.length || typeof label !== 'number') return null;
  const row = payload[0].payload as Record<string, number | null>;
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTitle}>
        {formatDateTime(label, timeZone)}–{formatClock(label + bucketSeconds * 1000, timeZone, false)}
      </p>
      {series.map((line, i) => (
        <p key={line.key} className={styles.tooltipRow}>
          <span className={styles.swatch} style={{ background: seriesColor(i) }} aria-hidden />
          {line.label}
          <span className="num">
            {row[line.key] === null || row[line.key] === undefined ? '—' : format(row[line.key]!)}
          </span>
        </p>
      ))}
    </div>
  );
}

export function MultiLineChart({
  title,
  t,
  series,
  from,
  to,
  bucketSeconds,
  timeZone,
  format,
  domain,
  height = 180,
  zoomable = false,
  marks = [],
  markers = true,
}: Props) {
  const zoom = useTimeZoom(bucketSeconds);
  const data = bucketRows(t, series);
  const latest = series
    .map((line) => {
      const value = [...line.values].reverse().find((v) => v !== null);
      return value === undefined || value === null ? null : `${line.label} ${format(value)}`;
    })
    .filter(Boolean)
    .join(', ');
  return (
    <figure className={styles.chart} data-testid={`chart-${title}`}>
      <figcaption className={styles.title}>{title}</figcaption>
      <p className="visually-hidden">{latest ? `Latest: ${latest}.` : 'No data in this range.'}</p>
      {series.length > 1 && (
        <ChartLegend items={series.map((line, i) => ({ key: line.key, label: line.label, color: seriesColor(i) }))} />
      )}
      {markers ? (
        <ChartMarks marks={marks} from={from} to={to} timeZone={timeZone} left={Y_AXIS_PX} right={MARGIN.right} />
      ) : (
        // The lane's height kept, so charts side by side line up.
        groupMarks(marks, from, to).length > 0 && <div className={styles.markLane} aria-hidden />
      )}
      <LineChart
        data={data}
        responsive
        style={{ width: '100%', height }}
        margin={MARGIN}
        className={zoomable ? styles.zoomable : undefined}
        {...(zoomable ? zoom.chartProps : {})}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis {...timeAxisProps(from, to, timeZone)} />
        <YAxis domain={domain ?? [0, 'auto']} {...valueAxisProps(format, Y_AXIS_PX)} />
        <Tooltip {...seriesTooltipProps({ series, bucketSeconds, timeZone, format })} />
        {markLines(marks, from, to)}
        {zoom.selection}
        {series.map((line, i) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={line.label}
            type="linear"
            stroke={seriesColor(i)}
            strokeWidth={1.5}
            dot={isolatedDot(line.values, seriesColor(i))}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}
