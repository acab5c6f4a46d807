'use client';

// The markers above a time chart's plot, one per group of nearby events, and the dashed lines they stand on.
// A marker names its events on hover and on keyboard focus, in the tooltip card every chart uses, and links to
// an event's page where it has one.
import { IntentLink } from '@/components/ui/IntentLink';
import { ReferenceLine } from 'recharts';
import { formatDateTime } from './time-format';
import { groupMarks, markColor, type ChartMark, type MarkGroup } from './marks';
import styles from './charts.module.css';

interface Props {
  marks: readonly ChartMark[];
  from: number;
  to: number;
  timeZone: string;
  /** The plot's inset from the figure's edges (the y axis' gutter and the right margin), so markers line up. */
  left: number;
  right: number;
}

const SHOWN_PER_GROUP = 6;

function MarkRow({ mark, timeZone }: { mark: ChartMark; timeZone: string }) {
  return (
    <li className={styles.markRow}>
      <span className={styles.markSwatch} style={{ background: markColor(mark.tone) }} aria-hidden />
      <span>
        {mark.href ? <IntentLink href={mark.href}>{mark.title}</IntentLink> : mark.title}
        <span className={styles.markTime}> · {formatDateTime(mark.at, timeZone)}</span>
        {mark.detail && <span className={styles.markDetail}>{mark.detail}</span>}
      </span>
    </li>
  );
}

function Marker({ group, timeZone, index }: { group: MarkGroup; timeZone: string; index: number }) {
  const { marks } = group;
  const name = marks.length === 1 ? marks[0].title : `${marks.length} events`;
  const tipId = `mark-tip-${index}-${group.at}`;
  return (
    <span
      className={styles.mark}
      style={{ left: `${group.x * 100}%` }}
      // Towards the right edge the card opens leftwards, so it stays on screen.
      data-side={group.x > 0.6 ? 'left' : 'right'}
    >
      <span
        className={styles.markGlyph}
        style={{ background: markColor(group.tone) }}
        tabIndex={0}
        role="img"
        aria-label={`${name}, ${formatDateTime(group.at, timeZone)}`}
        aria-describedby={tipId}
        data-testid="chart-mark"
      >
        {marks.length > 1 ? marks.length : ''}
      </span>
      <span className={`${styles.tooltip} ${styles.markTip}`} id={tipId} role="tooltip">
        <ul>
          {marks.slice(0, SHOWN_PER_GROUP).map((mark, i) => (
            <MarkRow key={i} mark={mark} timeZone={timeZone} />
          ))}
        </ul>
        {marks.length > SHOWN_PER_GROUP && <p className={styles.markTime}>and {marks.length - SHOWN_PER_GROUP} more</p>}
      </span>
    </span>
  );
}

/** The lane of markers, drawn above the chart. Nothing when no event falls in the range. */
export function ChartMarks({ marks, from, to, timeZone, left, right }: Props) {
  const groups = groupMarks(marks, from, to);
  if (!groups.length) return null;
  return (
    <div className={styles.markLane} style={{ marginLeft: left, marginRight: right }} data-testid="chart-marks">
      {groups.map((group, i) => (
        <Marker key={`${group.at}-${i}`} group={group} timeZone={timeZone} index={i} />
      ))}
    </div>
  );
}

/** The marks' lines inside the chart: call it among the chart's children. */
export function markLines(marks: readonly ChartMark[], from: number, to: number) {
  return groupMarks(marks, from, to).map((group) => (
    <ReferenceLine
      key={`mark-${group.at}`}
      x={group.at}
      stroke={markColor(group.tone)}
      strokeDasharray="3 3"
      strokeOpacity={0.7}
      ifOverflow="hidden"
    />
  ));
}
