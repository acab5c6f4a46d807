// "Newer" and "Older" as links (shareable, usable without script): keyset pages, so they never skip or repeat
// an event while new ones arrive.
import Link from 'next/link';
import { buttonClass } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import styles from './audit.module.css';

export interface AuditPagerProps {
  shown: number;
  /** Links to the next newer and older pages, or null where there is none. */
  newerHref: string | null;
  olderHref: string | null;
  /** A link back to the newest events, when this is not the newest page. */
  newestHref: string | null;
}

function Step({ label, href }: { label: string; href: string | null }) {
  if (!href) {
    return (
      <span className={buttonClass({ size: 'sm', variant: 'ghost' }, styles.disabled)} aria-disabled="true">
        {label}
      </span>
    );
  }
  return (
    <Link href={href} className={buttonClass({ size: 'sm' })} scroll={false}>
      {label}
    </Link>
  );
}

export function AuditPager({ shown, newerHref, olderHref, newestHref }: AuditPagerProps) {
  return (
    <nav className={styles.pager} aria-label="Pages of audit events">
      <p className="muted num" aria-live="polite">
        {shown === 0
          ? 'No events on this page'
          : `${formatCount(shown)} ${shown === 1 ? 'event' : 'events'}, newest first`}
        {newestHref && (
          <>
            {' · '}
            <Link href={newestHref} scroll={false}>
              Back to the newest
            </Link>
          </>
        )}
      </p>
      <div className={styles.pagerSteps}>
        <Step label="Newer" href={newerHref} />
        <Step label="Older" href={olderHref} />
      </div>
    </nav>
  );
}
