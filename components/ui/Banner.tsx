import type { HTMLAttributes, ReactNode } from 'react';
import { ToneIcon, type Tone } from './tone';
import styles from './Banner.module.css';

export type BannerProps = Omit<HTMLAttributes<HTMLDivElement>, 'title' | 'role'> & {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  /** A button or link to the right, e.g. "Retry". */
  action?: ReactNode;
  /**
   * 'alert' interrupts a screen reader (errors that need action now); 'status' waits its turn (stale data,
   * notices); 'none' for banners present from the first paint that need no announcement. Defaults to
   * 'alert' for the bad tone and 'status' otherwise.
   */
  announce?: 'alert' | 'status' | 'none';
};

/** A full-width message for stale data, partial failures, and errors. */
export function Banner({ tone = 'info', title, children, action, announce, className, ...rest }: BannerProps) {
  const role = announce ?? (tone === 'bad' ? 'alert' : 'status');
  return (
    <div
      role={role === 'none' ? undefined : role}
      className={[styles.banner, styles[tone], className].filter(Boolean).join(' ')}
      {...rest}
    >
      <ToneIcon tone={tone} className={styles.icon} />
      <div className={styles.content}>
        {title && <p className={styles.title}>{title}</p>}
        {children && <div>{children}</div>}
      </div>
      {action && <div className={styles.action}>{action}</div>}
    </div>
  );
}
