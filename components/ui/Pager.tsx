// A list's pages as links (shareable, and usable without script): the bar below its table, and its steps.
import { IntentLink } from '@/components/ui/IntentLink';
import type { ReactNode } from 'react';
import { buttonClass } from './Button';
import styles from './Pager.module.css';

/** The bar, named for screen readers ("Pages of jobs"): what is shown, then the steps, then anything else. */
export function Pager({ label, children }: { label: string; children: ReactNode }) {
  return (
    <nav className={styles.pager} aria-label={label}>
      {children}
    </nav>
  );
}

/** The steps of a pager, side by side. */
export function PageSteps({ children }: { children: ReactNode }) {
  return <div className={styles.steps}>{children}</div>;
}

/** One step: a link drawn as a small button, or a dimmed one that goes nowhere where `href` is null. */
export function PageStep({ label, href }: { label: string; href: string | null }) {
  if (href === null) {
    return (
      <span className={buttonClass({ size: 'sm', variant: 'ghost' }, styles.disabled)} aria-disabled="true">
        {label}
      </span>
    );
  }
  return (
    <IntentLink href={href} className={buttonClass({ size: 'sm' })} scroll={false}>
      {label}
    </IntentLink>
  );
}
