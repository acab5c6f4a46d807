import type { ReactNode } from 'react';
import { IconInfo } from './icons';
import styles from './EmptyState.module.css';

export type EmptyStateProps = {
  title: ReactNode;
  /** Why it is empty and what would fill it. */
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
};

export function EmptyState({ title, description, action, icon, className }: EmptyStateProps) {
  return (
    <div className={[styles.empty, className].filter(Boolean).join(' ')}>
      <span className={styles.icon} aria-hidden>
        {icon ?? <IconInfo size={18} />}
      </span>
      <p className={styles.title}>{title}</p>
      {description && <p className={styles.description}>{description}</p>}
      {action && <div className={styles.action}>{action}</div>}
    </div>
  );
}
