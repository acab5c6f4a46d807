'use client';

// The per-node heat strip under the chart: one row per node, one cell per time bucket, coloured by the node's
// lowest GPU (where a straggler shows at a glance) or by its mean. Drawn on a canvas, since a 64-node job over
// 7 days is 10,752 cells; the nodes that lag most are also named in text below it.
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { Button } from '@/components/ui';
import { formatGpus, formatPercent } from '@/lib/domain/units';
import type { JobSeries } from '@/lib/queries/jobs/types';
import { formatClock, formatDateTime } from '@/components/charts/time-format';
import { bucketEnd, GUTTER_PX, RIGHT_PX, xOf } from './chart-layout';
import { heatColor, readHeatScale, type HeatScale } from './heat-scale';
import styles from './job.module.css';

type Mode = 'min' | 'mean';

interface Props {
  series: JobSeries;
  from: number;
  to: number;
  timeZone: string;
  /** Nodes holding a GPU a health rule fired on: marked in the gutter. */
  flaggedNodes: number[];
}

const rowHeight = (rows: number) => Math.max(6, Math.min(16, Math.floor(320 / Math.max(1, rows))));
const pct = (value: number | null) => (value === null ? 'no data' : formatPercent(value / 100, { digits: 0 }));

/** The theme's colours, read again when the theme changes (the OS setting or the console's toggle). */
function useHeatScale(probe: React.RefObject<HTMLElement | null>): HeatScale | null {
  const [scale, setScale] = useState<HeatScale | null>(null);
  useEffect(() => {
    const read = () => probe.current && setScale(readHeatScale(probe.current));
    read();
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', read);
    const observer = new MutationObserver(read);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    return () => {
      media.removeEventListener('change', read);
      observer.disconnect();
    };
  }, [probe]);
  return scale;
}

export function HeatStrip({ series, from, to, timeZone, flaggedNodes }: Props) {
  const [mode, setMode] = useState<Mode>('min');
  const [hover, setHover] = useState<{ row: number; bucket: number; x: number; y: number } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const scale = useHeatScale(probe);
  const rows = series.nodes.length;
  const height = rows * rowHeight(rows);
  const labelled = rowHeight(rows) >= 12;

  useEffect(() => {
    const element = canvas.current;
    if (!element || !scale) return;
    const draw = () => {
      const ratio = window.devicePixelRatio || 1;
      const width = element.clientWidth;
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      const context = element.getContext('2d');
      if (!context) return;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, width, height);
      const cellHeight = rowHeight(rows);
      const bucketMs = series.bucketSeconds * 1000;
      series.nodes.forEach((node, r) => {
        const values = mode === 'min' ? node.min : node.mean;
        values.forEach((value, i) => {
          if (value === null) return;
          const x0 = xOf(series.t[i], from, to) * width;
          const x1 = xOf(series.t[i] + bucketMs, from, to) * width;
          context.fillStyle = heatColor(scale, value);
          // A hairline between rows keeps nodes apart when rows are thin.
          context.fillRect(x0, r * cellHeight, Math.max(2, x1 - x0 + 0.5), cellHeight - (cellHeight > 6 ? 1 : 0));
        });
      });
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(element);
    return () => observer.disconnect();
  }, [series, from, to, mode, scale, height, rows]);

  const onMove = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = from + ((event.clientX - box.left) / box.width) * (to - from);
    const row = Math.floor((event.clientY - box.top) / rowHeight(rows));
    const bucket = series.t.findLastIndex((t) => t <= at);
    if (row < 0 || row >= rows || bucket < 0) return setHover(null);
    setHover({ row, bucket, x: event.clientX - box.left, y: event.clientY - box.top });
  };

  // The nodes whose lowest GPU lags the job's median most, at the latest bucket with data: said in words.
  const lagging = useMemo(() => {
    const i = series.median.findLastIndex((value) => value !== null);
    if (i < 0) return [];
    return series.nodes
      .filter((node) => node.min[i] !== null)
      .sort((a, b) => (a.min[i] ?? 0) - (b.min[i] ?? 0))
      .slice(0, 3)
      .map((node) => ({ node, min: node.min[i], mean: node.mean[i] }));
  }, [series]);

  if (rows === 0) return null;
  const hovered = hover && series.nodes[hover.row];
  return (
    <div className={styles.heat} data-testid="heat-strip">
      <div className={styles.heatHead}>
        <p className={styles.heatTitle}>
          Per node, coloured by {mode === 'min' ? 'its lowest GPU' : 'the mean of its GPUs'}
        </p>
        <div role="group" aria-label="Colour the nodes by" className="row">
          <Button
            size="sm"
            variant={mode === 'min' ? 'primary' : 'secondary'}
            aria-pressed={mode === 'min'}
            onClick={() => setMode('min')}
          >
            Lowest GPU
          </Button>
          <Button
            size="sm"
            variant={mode === 'mean' ? 'primary' : 'secondary'}
            aria-pressed={mode === 'mean'}
            onClick={() => setMode('mean')}
          >
            Mean
          </Button>
        </div>
      </div>
      <div className={styles.heatBody} style={{ paddingRight: RIGHT_PX }}>
        <ul className={styles.heatLabels} style={{ width: GUTTER_PX, height }} aria-hidden>
          {series.nodes.map((node) => (
            <li
              key={node.nodeId}
              style={{ height: rowHeight(rows) }}
              className={flaggedNodes.includes(node.nodeId) ? styles.flagged : undefined}
            >
              {/* A node the rule fired on is named even when rows are too thin for names. */}
              {flaggedNodes.includes(node.nodeId) ? `▶ ${node.hostname}` : labelled ? node.hostname : ''}
            </li>
          ))}
        </ul>
        <div className={styles.heatCanvasBox}>
          <canvas
            ref={canvas}
            className={styles.heatCanvas}
            style={{ height }}
            role="img"
            aria-label={`Utilization of ${rows} nodes over time, coloured by ${mode === 'min' ? 'their lowest GPU' : 'their mean'}`}
            onMouseMove={onMove}
            onMouseLeave={() => setHover(null)}
          />
          {hover && hovered && (
            <div className={styles.heatTip} style={{ left: hover.x + 12, top: hover.y + 12 }} role="presentation">
              <strong>{hovered.hostname}</strong> · {formatGpus(hovered.gpus)}
              <br />
              {formatDateTime(series.t[hover.bucket], timeZone)}–
              {formatClock(bucketEnd(series.t[hover.bucket], series.bucketSeconds), timeZone, false)}
              <br />
              lowest {pct(hovered.min[hover.bucket])} · mean {pct(hovered.mean[hover.bucket])}
            </div>
          )}
        </div>
      </div>
      <div className={styles.heatFoot} style={{ paddingLeft: GUTTER_PX }}>
        <span className={styles.heatLegend} aria-hidden>
          0%
          <span ref={probe} className={styles.heatRamp} />
          100%
          <span className={styles.noData} /> no data
        </span>
        {lagging.length > 0 && (
          <p className="muted" data-testid="lagging-nodes">
            Lowest now:{' '}
            {lagging.map(({ node, min, mean }, k) => (
              <span key={node.nodeId}>
                {k > 0 && ', '}
                {node.hostname} {pct(min)} (mean {pct(mean)})
              </span>
            ))}
          </p>
        )}
      </div>
    </div>
  );
}
