import { IntentLink } from '@/components/ui/IntentLink';
import type { ReactNode } from 'react';
import { IconArrowDown, IconArrowFlat, IconArrowUp } from './icons';
import { ToneIcon, type Tone } from './tone';
import styles from './Stat.module.css';

export type StatTrend = {
  direction: 'up' | 'down' | 'flat';
  /** The change as the reader should see it, e.g. "+4.2% vs last week". */
  label: string;
  /** Which direction is good news (spend down, availability up); omit when neither is. */
  good?: 'up' | 'down';
};

export type StatProps = {
  label: ReactNode;
  value: ReactNode;
  unit?: ReactNode;
  /** Context for the number: the target, the window, why it is coloured. */
  sublabel?: ReactNode;
  trend?: StatTrend;
  tone?: Tone;
  /** Makes the whole tile a link to the page behind the number. */
  href?: string;
  className?: string;
};

const ARROWS = { up: IconArrowUp, down: IconArrowDown, flat: IconArrowFlat } as const;
const SPOKEN = { up: 'Up', down: 'Down', flat: 'Unchanged' } as const;

function Trend({ direction, label, good }: StatTrend) {
  const Arrow = ARROWS[direction];
  const verdict = !good || direction === 'flat' ? null : direction === good ? 'better' : 'worse';
  return (
    <span className={[styles.trend, verdict && styles[verdict]].filter(Boolean).join(' ')}>
      <Arrow size={12} />
      <span className="visually-hidden">{SPOKEN[direction]}: </span>
      {label}
      {verdict && <span className="visually-hidden"> ({verdict})</span>}
    </span>
  );
}

/** A KPI tile: a label, one big number, and the context that makes it mean something. */
export function Stat({ label, value, unit, sublabel, trend, tone = 'neutral', href, className }: StatProps) {
  const classes = [styles.stat, tone !== 'neutral' && styles[tone], className].filter(Boolean).join(' ');
  const body = (
    <>
      <span className={styles.label}>
        {tone !== 'neutral' && <ToneIcon tone={tone} size={12} className={styles.toneIcon} />}
        {label}
      </span>
      <span className={styles.value}>
        {value}
        {unit && <span className={styles.unit}>{unit}</span>}
      </span>
      {(trend || sublabel) && (
        <span className={styles.footer}>
          {trend && <Trend {...trend} />}
          {sublabel && <span>{sublabel}</span>}
        </span>
      )}
    </>
  );
  return href ? (
    <IntentLink href={href} className={classes}>
      {body}
    </IntentLink>
  ) : (
    <div className={classes}>{body}</div>
  );
}
