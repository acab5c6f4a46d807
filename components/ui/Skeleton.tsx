import type { CSSProperties } from 'react';
import styles from './Skeleton.module.css';

export type SkeletonProps = {
  width?: CSSProperties['width'];
  height?: CSSProperties['height'];
  radius?: CSSProperties['borderRadius'];
  /** Several text-like bars, the last one shorter. */
  lines?: number;
  className?: string;
};

/**
 * A placeholder shape. Hidden from assistive technology: the loading container around it should say
 * "Loading" once (role="status"), not every bar.
 */
export function Skeleton({ width = '100%', height = 12, radius, lines, className }: SkeletonProps) {
  if (lines && lines > 1) {
    return (
      <span className={[styles.lines, className].filter(Boolean).join(' ')} aria-hidden>
        {Array.from({ length: lines }, (_, index) => (
          <span
            key={index}
            className={styles.skeleton}
            style={{ width: index === lines - 1 ? '60%' : width, height, borderRadius: radius }}
          />
        ))}
      </span>
    );
  }
  return (
    <span
      className={[styles.skeleton, className].filter(Boolean).join(' ')}
      style={{ width, height, borderRadius: radius }}
      aria-hidden
    />
  );
}
