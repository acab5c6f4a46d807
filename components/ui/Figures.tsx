// A row of labelled figures (a budget's spend and forecast, an incident's times), as a definition list that wraps
// onto more lines where the row is narrow.
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';
import styles from './Figures.module.css';

export interface Figure {
  label: ReactNode;
  value: ReactNode;
  /** A line under the value: what it is out of, over what time. */
  note?: ReactNode;
}

type Props = Omit<HTMLAttributes<HTMLDListElement>, 'children'> & {
  figures: Figure[];
  /** Values in the larger type, for a card whose figures are its point. */
  large?: boolean;
  /** The narrowest a figure's column gets before the row wraps, in pixels. */
  minWidth?: number;
};

export function Figures({ figures, large = false, minWidth = 170, className, style, ...rest }: Props) {
  return (
    <dl
      className={[styles.figures, large && styles.large, className].filter(Boolean).join(' ')}
      style={{ '--figure-width': `${minWidth}px`, ...style } as CSSProperties}
      {...rest}
    >
      {figures.map((figure, index) => (
        <div key={index} className={styles.figure}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
          {figure.note}
        </div>
      ))}
    </dl>
  );
}
