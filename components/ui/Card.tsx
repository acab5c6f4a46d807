import { useId, type HTMLAttributes, type ReactNode } from 'react';
import styles from './Card.module.css';

export type CardProps = Omit<HTMLAttributes<HTMLElement>, 'title'> & {
  title?: ReactNode;
  description?: ReactNode;
  /** Buttons or links at the right of the header. */
  actions?: ReactNode;
  footer?: ReactNode;
  /** No padding around the body: for tables and charts that run edge to edge. */
  flush?: boolean;
  /** The heading level of the title, to keep the page outline right (default 2). */
  headingLevel?: 2 | 3 | 4;
};

/** A titled panel. With a title it is a labelled region (a `section` named by its heading). */
export function Card({
  title,
  description,
  actions,
  footer,
  flush = false,
  headingLevel = 2,
  className,
  children,
  ...rest
}: CardProps) {
  const titleId = useId();
  const Heading = `h${headingLevel}` as const;
  const hasHeader = title !== undefined || actions !== undefined;
  const Root = title !== undefined ? 'section' : 'div';
  return (
    <Root
      className={[styles.card, className].filter(Boolean).join(' ')}
      aria-labelledby={title !== undefined ? titleId : undefined}
      {...rest}
    >
      {hasHeader && (
        <div className={styles.header}>
          <div className={styles.headings}>
            {title !== undefined && (
              <Heading id={titleId} className={styles.title}>
                {title}
              </Heading>
            )}
            {description && <p className={styles.description}>{description}</p>}
          </div>
          {actions && <div className={styles.actions}>{actions}</div>}
        </div>
      )}
      <div className={[styles.body, flush && styles.flush].filter(Boolean).join(' ')}>{children}</div>
      {footer && <div className={styles.footer}>{footer}</div>}
    </Root>
  );
}
