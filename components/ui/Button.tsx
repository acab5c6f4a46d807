import type { ButtonHTMLAttributes, MouseEvent, ReactNode } from 'react';
import styles from './Button.module.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md' | 'lg';

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * Shows a spinner and ignores clicks while keeping focus on the button (unlike `disabled`). A form should
   * still ignore submits while pending: Enter in a field submits without clicking.
   */
  loading?: boolean;
  /** An icon before the label; replaced by the spinner while loading. */
  icon?: ReactNode;
  block?: boolean;
};

// Module-level, and only attached when the caller passed onClick (so only in client components): server
// components cannot hand functions to the browser. CSS blocks the mouse on a busy button everywhere.
const ignoreClick = (event: MouseEvent<HTMLButtonElement>) => event.preventDefault();

/** The class names of a button, for links that should look like one: `<Link className={buttonClass()}>`. */
export function buttonClass(
  {
    variant = 'secondary',
    size = 'md',
    block = false,
  }: { variant?: ButtonVariant; size?: ButtonSize; block?: boolean } = {},
  extra?: string,
): string {
  return [styles.button, styles[variant], size !== 'md' && styles[size], block && styles.block, extra]
    .filter(Boolean)
    .join(' ');
}

export function Button({
  variant = 'secondary',
  size = 'md',
  loading = false,
  icon,
  block,
  type = 'button',
  className,
  children,
  onClick,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass({ variant, size, block }, className)}
      aria-busy={loading || undefined}
      aria-disabled={loading || undefined}
      onClick={loading && onClick ? ignoreClick : onClick}
      {...rest}
    >
      {loading ? <span className={styles.spinner} aria-hidden /> : icon}
      {children}
    </button>
  );
}
