'use client';

// The latest actions on a target (or on every target of a type), kept fresh: every few seconds while one is
// pending or running, so its outcome shows without a reload, and now and then otherwise.
import { useNow } from '@/components/live/useNow';
import { Banner, Card, Skeleton } from '@/components/ui';
import type { TargetType } from '@/lib/ops/kinds';
import { ActionTable } from './ActionTable';
import { TARGET_NOUN } from './labels';
import { useRecentActions } from './queries';
import styles from './actions.module.css';

interface Props {
  target: { type: TargetType; id?: number; label?: string };
  limit?: number;
  title?: string;
}

export function RecentActions({ target, limit = 5, title = 'Recent actions' }: Props) {
  const { data, error, isPending } = useRecentActions(target.type, target.id, limit);
  const clock = useNow(0, 5_000);
  const all = target.id === undefined;
  const noun = TARGET_NOUN[target.type];
  const caption = all ? `Recent actions on ${noun}s` : `Recent actions on ${target.label ?? `this ${noun}`}`;
  return (
    <Card
      title={title}
      description={`The latest ${limit} asked of ${all ? `any ${noun}` : `this ${noun}`}, newest first`}
      flush
      data-testid="recent-actions"
    >
      {isPending ? (
        <div role="status" className={styles.loading}>
          <span className="visually-hidden">Loading recent actions</span>
          <Skeleton lines={3} />
        </div>
      ) : !data ? (
        <Banner tone="bad" title="The recent actions could not be read" className={styles.cardBanner}>
          {error?.message} Retrying.
        </Banner>
      ) : (
        <>
          {error && (
            <Banner tone="warn" title="The list could not be refreshed" className={styles.cardBanner}>
              {error.message} It shows the actions as they were; retrying.
            </Banner>
          )}
          <ActionTable
            actions={data.actions}
            targetType={target.type}
            showTarget={all}
            timeZone={data.timeZone}
            now={Math.max(clock, Date.parse(data.generatedAt))}
            caption={caption}
          />
        </>
      )}
    </Card>
  );
}
