'use client';

// A time chart of an SLO's figures with the lines that judge them drawn as references: the target under the
// SLI, zero under the budget left, an alert's burn rate under its two windows. A bucket without data is a gap.
// Every chart of the page follows its range, and a drag across one zooms it.
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { niceScale, timeAxisProps, valueAxisProps } from '@/components/charts/axes';
import { ChartLegend } from '@/components/charts/ChartLegend';
import { bucketRows, seriesColor, seriesTooltipProps } from '@/components/charts/MultiLineChart';
import { useTimeZoom } from '@/components/charts/zoom';
import styles from '@/components/charts/charts.module.css';

export interface SloChartSeries {
  key: string;
  label: string;
  values: (number | null)[];
  dashed?: boolean;
}

export interface SloChartReference {
  y: number;
  label: string;
  tone: 'bad' | 'muted';
}

interface Props {
  title: string;
  /** What the chart says, for those who cannot see it. */
  summary: string;
  t: number[];
  series: SloChartSeries[];
  references: SloChartReference[];
  from: number;
  to: number;
  bucketSeconds: number;
  timeZone: string;
  format(value: number): string;
  domain: [number, number];
  height?: number;
  testId?: string;
}

/** Points with no neighbour on either side, which a line alone would not show (a first evaluation, say). */
function isolated(values: (number | null)[]): Set<number> {
  const lone = new Set<number>();
  values.forEach((value, i) => {
    if (value !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null) lone.add(i);
  });
  return lone;
}

const referenceStroke = (tone: SloChartReference['tone']) => (tone === 'bad' ? 'var(--bad)' : 'var(--border-strong)');

export function SloChart({
  title,
  summary,
  t,
  series,
  references,
  from,
  to,
  bucketSeconds,
  timeZone,
  format,
  domain,
  height = 180,
  testId,
}: Props) {
  const zoom = useTimeZoom(bucketSeconds);
  const scale = niceScale(...domain);
  const data = bucketRows(t, series);
  return (
    <figure className={styles.chart} data-testid={testId}>
      <figcaption className={styles.title}>{title}</figcaption>
      <p className="visually-hidden">{summary}</p>
      <ChartLegend
        items={[
          ...series.map((line, i) => ({
            key: line.key,
            label: line.label,
            color: seriesColor(i),
            dash: line.dashed ? '4 3' : undefined,
          })),
          ...references.map((reference) => ({
            key: `ref-${reference.label}`,
            label: reference.label,
            color: referenceStroke(reference.tone),
            dash: '2 3',
          })),
        ]}
      />
      <LineChart
        data={data}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        className={styles.zoomable}
        {...zoom.chartProps}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis {...timeAxisProps(from, to, timeZone)} />
        <YAxis domain={scale.domain} ticks={scale.ticks} allowDataOverflow {...valueAxisProps(format, 64)} />
        {references.map((reference) => (
          <ReferenceLine
            key={reference.label}
            y={reference.y}
            stroke={referenceStroke(reference.tone)}
            strokeWidth={1.5}
            strokeDasharray="2 3"
            ifOverflow="extendDomain"
          />
        ))}
        <Tooltip {...seriesTooltipProps({ series, bucketSeconds, timeZone, format })} />
        {zoom.selection}
        {series.map((line, i) => {
          const lone = isolated(line.values);
          return (
            <Line
              key={line.key}
              dataKey={line.key}
              name={line.label}
              type="linear"
              stroke={seriesColor(i)}
              strokeWidth={1.5}
              strokeDasharray={line.dashed ? '4 3' : undefined}
              dot={(props: { cx?: number; cy?: number; index?: number }) =>
                props.index !== undefined && lone.has(props.index) ? (
                  <circle key={props.index} cx={props.cx} cy={props.cy} r={2.5} fill={seriesColor(i)} />
                ) : (
                  <g key={props.index} />
                )
              }
              connectNulls={false}
              isAnimationActive={false}
            />
          );
        })}
      </LineChart>
    </figure>
  );
}
