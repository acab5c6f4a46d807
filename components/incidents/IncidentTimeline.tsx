// Everything that happened to an incident in time order: signals, state changes, notes, the actions taken about it
// with their state now, and each notification with whether it was delivered (and the error when it was not).
import { formatDateTime } from '@/components/charts/time-format';
import { Badge, EmptyState, type Tone } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import type { TimelineItem } from '@/lib/queries/incidents/types';
import { ACTION_STATE } from '@/components/actions/labels';
import { DELIVERY_STATE, EVENT_KIND } from './labels';
import styles from './incidents.module.css';

const ACTION_WORDS: Record<string, string> = {
  'job.restart': 'Restart',
  'node.cordon': 'Cordon',
  'node.drain': 'Drain',
  'node.reboot': 'Reboot',
  'node.replace': 'Replace',
  'node.uncordon': 'Uncordon',
};

function Body({ item, timeZone }: { item: TimelineItem; timeZone: string }) {
  switch (item.type) {
    case 'event':
      return (
        <div className={styles.entryBody}>
          <span className={item.kind === 'note' ? styles.entryNote : undefined}>{item.message}</span>
          {item.actor && item.kind === 'note' && <span className={styles.entryMeta}>by {item.actor}</span>}
        </div>
      );
    case 'action':
      return (
        <div className={styles.entryBody}>
          <span>
            {ACTION_WORDS[item.kind] ?? item.kind} {item.target}{' '}
            <Badge tone={ACTION_STATE[item.state].tone}>{ACTION_STATE[item.state].label}</Badge>
          </span>
          {item.message && (
            <span className={item.state === 'failed' ? styles.entryError : undefined}>{item.message}</span>
          )}
          <span className={styles.entryMeta}>
            by {item.actor}: {item.reason}
            {item.finishedAt && ` · finished ${formatDateTime(item.finishedAt, timeZone)}`}
          </span>
        </div>
      );
    case 'notification':
      return (
        <div className={styles.entryBody}>
          <span>
            {item.channel} <span className="muted">({item.channelKind})</span>{' '}
            <Badge tone={DELIVERY_STATE[item.state].tone}>{DELIVERY_STATE[item.state].label}</Badge>
          </span>
          {item.error && <span className={styles.entryError}>{item.error}</span>}
          <span className={styles.entryMeta}>
            {item.subject}
            {item.attempts > 1 && ` · ${formatCount(item.attempts)} attempts`}
          </span>
        </div>
      );
  }
}

function label(item: TimelineItem): { text: string; tone: Tone } {
  if (item.type === 'action') return { text: 'Action', tone: 'info' };
  if (item.type === 'notification') return { text: 'Notification', tone: 'neutral' };
  return { text: EVENT_KIND[item.kind].label, tone: EVENT_KIND[item.kind].tone };
}

export function IncidentTimeline({ items, timeZone }: { items: TimelineItem[]; timeZone: string }) {
  if (!items.length) return <EmptyState title="Nothing on the timeline yet" />;
  return (
    <ol className={styles.timeline} aria-label="Timeline, oldest first" data-testid="incident-timeline">
      {items.map((item) => {
        const { text, tone } = label(item);
        return (
          <li key={item.id} className={styles.entry} data-type={item.type}>
            <time dateTime={item.at} className={styles.entryTime}>
              {formatDateTime(item.at, timeZone)}
            </time>
            <span>
              <Badge tone={tone}>{text}</Badge>
            </span>
            <Body item={item} timeZone={timeZone} />
          </li>
        );
      })}
    </ol>
  );
}
