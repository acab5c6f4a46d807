'use client';

// The job's GPUs over time. Past 16 GPUs one line each is unreadable, so the chart draws the spread instead:
// the band from the lowest to the highest GPU, the median, and the lowest GPU as its own line, where a
// straggler shows as a dip away from the median. Small jobs get one line per GPU. Its failures and restarts are
// marked on the time axis, and a drag across it zooms the page's range.
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { isolatedDot } from '@/components/charts/isolated-dot';
import { ChartMarks, markLines } from '@/components/charts/ChartMarks';
import type { ChartMark } from '@/components/charts/marks';
import { useTimeZoom } from '@/components/charts/zoom';
import { TOOLTIP_BEHAVIOUR } from '@/components/charts/MultiLineChart';
import { timeAxisProps, valueAxisProps } from '@/components/charts/axes';
import { formatPercent } from '@/lib/domain/units';
import type { JobSeries } from '@/lib/queries/jobs/types';
import { formatClock, formatDateTime } from '@/components/charts/time-format';
import { bucketEnd, GUTTER_PX, RIGHT_PX } from './chart-layout';
import chartStyles from '@/components/charts/charts.module.css';
import styles from './job.module.css';

const GPU_COLORS = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `var(--chart-${n})`);

interface Point {
  t: number;
  band: [number, number] | null;
  median: number | null;
  min: number | null;
  [gpu: `gpu${number}`]: number | null;
}

interface Props {
  series: JobSeries;
  from: number;
  to: number;
  timeZone: string;
  /** GPUs a health rule fired on: drawn heavier. */
  flagged: number[];
  marks?: readonly ChartMark[];
}

const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : formatPercent(value / 100, { digits: 0 });

function ChartTooltip({
  active,
  payload,
  label,
  series,
  timeZone,
}: Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & { series: JobSeries; timeZone: string }) {
  if (!active || !payload?.length || typeof label !== 'number') return null;
  const point = payload[0].payload as Point;
  return (
    <div className={chartStyles.tooltip}>
      <p className={chartStyles.tooltipTitle}>
        {formatDateTime(label, timeZone)}–{formatClock(bucketEnd(label, series.bucketSeconds), timeZone, false)}
      </p>
      {series.gpus ? (
        series.gpus.map((gpu) => (
          <p key={gpu.gpuId} className={styles.tooltipRow}>
            {gpu.hostname} GPU {gpu.index}
            <span className="num">{pct(point[`gpu${gpu.gpuId}`])}</span>
          </p>
        ))
      ) : (
        <>
          <p className={styles.tooltipRow}>
            Highest GPU<span className="num">{pct(point.band?.[1])}</span>
          </p>
          <p className={styles.tooltipRow}>
            Median<span className="num">{pct(point.median)}</span>
          </p>
          <p className={styles.tooltipRow}>
            Lowest GPU<span className="num">{pct(point.min)}</span>
          </p>
        </>
      )}
    </div>
  );
}

/** One sentence for screen readers: the latest spread, and whether a GPU lags. */
function summary(series: JobSeries): string {
  const i = series.median.findLastIndex((value) => value !== null);
  const gpus = series.nodes.reduce((sum, node) => sum + node.gpus, 0);
  if (i < 0) return `No utilization samples of this job's ${gpus} GPUs in this range.`;
  const lagging = (series.min[i] ?? 0) < 0.5 * (series.median[i] ?? 0) ? ' One GPU runs under half the median.' : '';
  return `Utilization of ${gpus} GPUs. Latest: median ${pct(series.median[i])}, lowest ${pct(series.min[i])}, highest ${pct(series.max[i])}.${lagging}`;
}

export function JobUtilChart({ series, from, to, timeZone, flagged, marks = [] }: Props) {
  const zoom = useTimeZoom(series.bucketSeconds);
  const points: Point[] = series.t.map((t, i) => {
    const point: Point = {
      t,
      band: series.min[i] === null || series.max[i] === null ? null : [series.min[i]!, series.max[i]!],
      median: series.median[i],
      min: series.min[i],
    };
    for (const gpu of series.gpus ?? []) point[`gpu${gpu.gpuId}`] = gpu.values[i];
    return point;
  });
  const perGpu = series.gpus !== null;
  return (
    <figure className={chartStyles.chart} data-testid="job-chart">
      <figcaption className="visually-hidden">{summary(series)}</figcaption>
      <ul className={chartStyles.legend} aria-hidden>
        {perGpu ? (
          series.gpus!.map((gpu, k) => (
            <li key={gpu.gpuId}>
              <span className={styles.swatchLine} style={{ background: GPU_COLORS[k % GPU_COLORS.length] }} />
              {gpu.hostname} GPU {gpu.index}
              {flagged.includes(gpu.gpuId) && ' (rule fired)'}
            </li>
          ))
        ) : (
          <>
            <li>
              <span className={styles.swatchBand} />
              Lowest to highest GPU
            </li>
            <li>
              <span className={styles.swatchLine} style={{ background: 'var(--chart-1)' }} />
              Median GPU
            </li>
            <li>
              <span className={styles.swatchDash} />
              Lowest GPU
            </li>
          </>
        )}
      </ul>
      <ChartMarks marks={marks} from={from} to={to} timeZone={timeZone} left={GUTTER_PX} right={RIGHT_PX} />
      <ComposedChart
        data={points}
        responsive
        style={{ width: '100%', height: 240 }}
        margin={{ top: 8, right: RIGHT_PX, bottom: 0, left: 0 }}
        className={chartStyles.zoomable}
        {...zoom.chartProps}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis {...timeAxisProps(from, to, timeZone)} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} {...valueAxisProps((v) => `${v}%`, GUTTER_PX)} />
        <Tooltip
          content={({ active, payload, label }) => (
            <ChartTooltip active={active} payload={payload} label={label} series={series} timeZone={timeZone} />
          )}
          {...TOOLTIP_BEHAVIOUR}
        />
        {markLines(marks, from, to)}
        {zoom.selection}
        {perGpu ? (
          series.gpus!.map((gpu, k) => (
            <Line
              key={gpu.gpuId}
              dataKey={`gpu${gpu.gpuId}`}
              name={`${gpu.hostname} GPU ${gpu.index}`}
              type="linear"
              stroke={GPU_COLORS[k % GPU_COLORS.length]}
              strokeWidth={flagged.includes(gpu.gpuId) ? 2.5 : 1.5}
              strokeDasharray={flagged.includes(gpu.gpuId) ? '5 3' : undefined}
              dot={isolatedDot(gpu.values)}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))
        ) : (
          <>
            <Area
              dataKey="band"
              type="linear"
              stroke="none"
              fill="var(--chart-1)"
              fillOpacity={0.16}
              connectNulls={false}
              isAnimationActive={false}
              activeDot={false}
            />
            <Line
              dataKey="median"
              type="linear"
              stroke="var(--chart-1)"
              strokeWidth={2}
              dot={isolatedDot(series.median)}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="min"
              type="linear"
              stroke="var(--chart-3)"
              strokeWidth={1.5}
              strokeDasharray="4 3"
              dot={isolatedDot(series.min)}
              connectNulls={false}
              isAnimationActive={false}
            />
          </>
        )}
      </ComposedChart>
    </figure>
  );
}
