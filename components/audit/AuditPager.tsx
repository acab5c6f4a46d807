// "Newer" and "Older" as links (shareable, usable without script): keyset pages, so they never skip or repeat
// an event while new ones arrive.
import { IntentLink } from '@/components/ui/IntentLink';
import { PageStep, PageSteps, Pager } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';

export interface AuditPagerProps {
  shown: number;
  /** Links to the next newer and older pages, or null where there is none. */
  newerHref: string | null;
  olderHref: string | null;
  /** A link back to the newest events, when this is not the newest page. */
  newestHref: string | null;
}

export function AuditPager({ shown, newerHref, olderHref, newestHref }: AuditPagerProps) {
  return (
    <Pager label="Pages of audit events">
      <p className="muted num" aria-live="polite">
        {shown === 0
          ? 'No events on this page'
          : `${formatCount(shown)} ${shown === 1 ? 'event' : 'events'}, newest first`}
        {newestHref && (
          <>
            {' · '}
            <IntentLink href={newestHref} scroll={false}>
              Back to the newest
            </IntentLink>
          </>
        )}
      </p>
      <PageSteps>
        <PageStep label="Newer" href={newerHref} />
        <PageStep label="Older" href={olderHref} />
      </PageSteps>
    </Pager>
  );
}
