// The one tooltip card of every chart: a title and a row per series (its swatch, name and value), in the theme's
// surface colours, so light and dark read alike.
import styles from './charts.module.css';

export interface TooltipRow {
  key: string;
  label: string;
  color: string;
  value: string;
  /** A square swatch, for areas and bars; a short line otherwise. */
  square?: boolean;
}

export function TooltipCard({ title, rows }: { title: string; rows: readonly TooltipRow[] }) {
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTitle}>{title}</p>
      {rows.map((row) => (
        <p key={row.key} className={styles.tooltipRow}>
          <span
            className={row.square ? `${styles.swatch} ${styles.swatchSquare}` : styles.swatch}
            style={{ background: row.color }}
            aria-hidden
          />
          {row.label}
          <span className="num">{row.value}</span>
        </p>
      ))}
    </div>
  );
}
