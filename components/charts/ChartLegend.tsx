// The legend above a chart: each series' line (solid or dashed) or area swatch and its name, and on its right the
// chart's controls (reset zoom). Hidden from screen readers: each chart's caption says the same in words.
import type { ReactNode } from 'react';
import styles from './charts.module.css';

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  dash?: string;
  /** A filled square, for areas and bars. */
  square?: boolean;
}

export function ChartLegend({ items, children }: { items: readonly LegendItem[]; children?: ReactNode }) {
  return (
    <div className={styles.toolbar}>
      <ul className={styles.legend} aria-hidden data-testid="chart-legend">
        {items.map((item) => (
          <li key={item.key}>
            {item.square ? (
              <span className={styles.legendSwatch} style={{ background: item.color }} />
            ) : (
              <svg width="16" height="8">
                <line x1="0" y1="4" x2="16" y2="4" stroke={item.color} strokeWidth="2" strokeDasharray={item.dash} />
              </svg>
            )}
            {item.label}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
