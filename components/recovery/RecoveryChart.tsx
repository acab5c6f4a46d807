'use client';

// Time to recover of each fault over the range: jobs as circles, nodes as diamonds (shape, not only colour), and
// each target as a labelled reference line, so a point above its line is a recovery over target.
import { CartesianGrid, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { timeAxisProps, valueAxisProps } from '@/components/charts/axes';
import { formatDateTime } from '@/components/charts/time-format';
import { formatDuration } from '@/lib/domain/units';
import { RECOVERY_TARGET_MS, type RecoveryPoint } from '@/lib/queries/recovery/types';
import { againstTarget } from './target-note';
import styles from '@/components/charts/charts.module.css';
import { MINUTE_MS } from '@/lib/domain/time';

interface Props {
  points: RecoveryPoint[];
  from: number;
  to: number;
  timeZone: string;
}

interface Datum {
  t: number;
  minutes: number;
  ms: number;
  targetType: 'job' | 'node';
}

const COLOURS = { job: 'var(--chart-1)', node: 'var(--chart-2)' } as const;

function ChartTooltip({
  active,
  payload,
  timeZone,
}: {
  active?: boolean;
  payload?: readonly unknown[];
  timeZone: string;
}) {
  const datum = (payload?.[0] as { payload?: Datum } | undefined)?.payload;
  if (!active || !datum) return null;
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTitle}>
        {datum.targetType === 'job' ? 'Job' : 'Node'} fault at {formatDateTime(datum.t, timeZone)}
      </p>
      <p>
        Back in {formatDuration(datum.ms)}: {againstTarget(datum.ms, RECOVERY_TARGET_MS[datum.targetType])}
      </p>
    </div>
  );
}

export function RecoveryChart({ points, from, to, timeZone }: Props) {
  const data = (targetType: 'job' | 'node'): Datum[] =>
    points
      .filter((point) => point.targetType === targetType)
      .map((point) => ({
        t: Date.parse(point.faultAt),
        minutes: point.timeToRecoverMs / MINUTE_MS,
        ms: point.timeToRecoverMs,
        targetType,
      }));
  const jobs = data('job');
  const nodes = data('node');
  const over = (rows: Datum[], targetType: 'job' | 'node') =>
    rows.filter((row) => row.ms > RECOVERY_TARGET_MS[targetType]).length;
  // Ticks every 5 minutes (or a multiple of 5 when there would be more than 6), above the slowest recovery and
  // never below the node target.
  const slowest = Math.max(10, ...points.map((point) => point.timeToRecoverMs / MINUTE_MS));
  const step = Math.ceil(slowest / 6 / 5) * 5;
  const top = Math.ceil((slowest * 1.05) / step) * step;
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  return (
    <figure className={styles.chart} data-testid="recovery-chart">
      <figcaption className="visually-hidden">
        Time to recover per fault: {jobs.length} job recoveries, {over(jobs, 'job')} over the 5-minute target;{' '}
        {nodes.length} node recoveries, {over(nodes, 'node')} over the 10-minute target.
      </figcaption>
      <ul className={styles.legend} aria-hidden>
        <li>
          <svg width="10" height="10">
            <circle cx="5" cy="5" r="4" fill={COLOURS.job} />
          </svg>
          Job
        </li>
        <li>
          <svg width="10" height="10">
            <path d="M5 0.5 9.5 5 5 9.5 0.5 5Z" fill={COLOURS.node} />
          </svg>
          Node
        </li>
        <li>
          <svg width="16" height="8">
            <line x1="0" y1="4" x2="16" y2="4" stroke="var(--text-muted)" strokeWidth="1.5" strokeDasharray="4 3" />
          </svg>
          Targets: 5 min (jobs), 10 min (nodes)
        </li>
      </ul>
      <ScatterChart
        responsive
        style={{ width: '100%', height: 240 }}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis {...timeAxisProps(from, to, timeZone)} />
        <YAxis
          dataKey="minutes"
          type="number"
          domain={[0, top]}
          ticks={ticks}
          {...valueAxisProps((value) => `${Math.round(value)} min`, 52)}
        />
        <ReferenceLine
          y={RECOVERY_TARGET_MS.job / MINUTE_MS}
          stroke="var(--text-muted)"
          strokeDasharray="4 3"
          label={{ value: 'job target', position: 'insideTopRight', fill: 'var(--chart-axis)', fontSize: 10 }}
        />
        <ReferenceLine
          y={RECOVERY_TARGET_MS.node / MINUTE_MS}
          stroke="var(--text-muted)"
          strokeDasharray="4 3"
          label={{ value: 'node target', position: 'insideTopRight', fill: 'var(--chart-axis)', fontSize: 10 }}
        />
        <Tooltip
          content={({ active, payload }) => <ChartTooltip active={active} payload={payload} timeZone={timeZone} />}
          isAnimationActive={false}
        />
        <Scatter name="Job" data={jobs} fill={COLOURS.job} shape="circle" isAnimationActive={false} />
        <Scatter name="Node" data={nodes} fill={COLOURS.node} shape="diamond" isAnimationActive={false} />
      </ScatterChart>
    </figure>
  );
}
