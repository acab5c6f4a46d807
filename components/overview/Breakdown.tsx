// Counts by state as one stacked bar plus a legend that names every state with its icon, count and share.
import { IntentLink } from '@/components/ui/IntentLink';
import { ToneIcon, type Tone } from '@/components/ui';
import { formatCount, formatPercent } from '@/lib/domain/units';
import styles from './overview.module.css';

export interface BreakdownItem {
  key: string;
  label: string;
  tone: Tone;
  count: number;
  /** The list behind the count. */
  href?: string;
}

export function Breakdown({ items, label }: { items: BreakdownItem[]; label: string }) {
  const total = items.reduce((sum, item) => sum + item.count, 0);
  return (
    <div className="stack">
      <div className={styles.stack} aria-hidden>
        {total > 0 &&
          items
            .filter((item) => item.count > 0)
            .map((item) => (
              <span
                key={item.key}
                className={`fill tone-${item.tone}`}
                style={{ flexGrow: item.count }}
                title={`${item.label}: ${item.count}`}
              />
            ))}
      </div>
      <ul className={styles.legendList} aria-label={label}>
        {items.map((item) => (
          <li key={item.key} className={item.count === 0 ? styles.zero : undefined} data-state={item.key}>
            <ToneIcon tone={item.tone} size={12} className={`tone-${item.tone}`} />
            {item.href ? (
              <IntentLink href={item.href} className={styles.legendLabel}>
                {item.label}
              </IntentLink>
            ) : (
              <span className={styles.legendLabel}>{item.label}</span>
            )}
            <span className="num">{formatCount(item.count)}</span>
            <span className={`num ${styles.share}`}>
              {total > 0 ? formatPercent(item.count / total, { digits: 0 }) : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
