import type { HTMLAttributes, ReactNode } from 'react';
import { ToneIcon, type Tone } from './tone';
import styles from './Badge.module.css';

export type BadgeProps = HTMLAttributes<HTMLSpanElement> & {
  tone?: Tone;
  /** The tone's own shape by default; pass another icon, or `false` when the text alone says it all. */
  icon?: ReactNode | false;
  children: ReactNode;
};

/** A short status label: always text, plus a shape per tone, so colour is never the only signal. */
export function Badge({ tone = 'neutral', icon, className, children, ...rest }: BadgeProps) {
  const glyph = icon === false ? null : (icon ?? <ToneIcon tone={tone} size={12} />);
  return (
    <span
      className={[styles.badge, styles[tone], glyph === null && styles.noIcon, className].filter(Boolean).join(' ')}
      {...rest}
    >
      {glyph}
      {children}
    </span>
  );
}
