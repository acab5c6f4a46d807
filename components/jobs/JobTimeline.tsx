// Events, checkpoints and restarts in the range on one timeline: a strip on the chart's time axis (checkpoints
// as ticks, events as marks in their tone) and the list of them, newest first.
import { Badge, EmptyState, ToneIcon } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import type { JobTimeline as Timeline, TimelineEntry } from '@/lib/queries/jobs/types';
import { formatDateTime } from '@/components/charts/time-format';
import { GUTTER_PX, RIGHT_PX, xOf } from './chart-layout';
import { EVENT_KIND } from './labels';
import styles from './job.module.css';

interface Props {
  timeline: Timeline;
  from: number;
  to: number;
  timeZone: string;
}

function Strip({ timeline, from, to, timeZone }: Props) {
  const events = timeline.entries.filter((entry) => entry.type === 'event');
  return (
    <div className={styles.strip} style={{ marginLeft: GUTTER_PX, marginRight: RIGHT_PX }} aria-hidden>
      <span className={styles.stripAxis} />
      {timeline.checkpointTimes.map((at) => (
        <span key={`c${at}`} className={styles.checkpointTick} style={{ left: `${xOf(at, from, to) * 100}%` }} />
      ))}
      {events.map((entry, k) => {
        const { tone, label } = EVENT_KIND[entry.kind];
        return (
          <span
            key={`e${k}`}
            className={`${styles.eventMark} tone-${tone}`}
            style={{ left: `${xOf(Date.parse(entry.at), from, to) * 100}%` }}
            title={`${label} · ${formatDateTime(entry.at, timeZone)}${entry.message ? ` · ${entry.message}` : ''}`}
          >
            <ToneIcon tone={tone} size={12} />
          </span>
        );
      })}
    </div>
  );
}

function Entry({ entry, timeZone }: { entry: TimelineEntry; timeZone: string }) {
  const time = (
    <time dateTime={entry.at} className={`num muted ${styles.entryTime}`}>
      {formatDateTime(entry.at, timeZone)}
    </time>
  );
  if (entry.type === 'checkpoint') {
    return (
      <li className={styles.entry}>
        {time}
        <Badge tone="neutral" icon={false}>
          Checkpoint
        </Badge>
        <span>
          step {formatCount(entry.step)}
          {entry.sizeGib !== null && <span className="muted"> · {formatCount(entry.sizeGib)} GiB</span>}
        </span>
      </li>
    );
  }
  const { tone, label } = EVENT_KIND[entry.kind];
  return (
    <li className={styles.entry} data-kind={entry.kind}>
      {time}
      <Badge tone={tone}>{label}</Badge>
      <span>{entry.message}</span>
    </li>
  );
}

export function JobTimeline(props: Props) {
  const { timeline, timeZone } = props;
  if (timeline.total === 0) {
    return <EmptyState title="Nothing happened in this range" description="No event, checkpoint or restart." />;
  }
  return (
    <div className="stack" data-testid="job-timeline">
      <Strip {...props} />
      <ol className={styles.entries} aria-label="Events, checkpoints and restarts, newest first">
        {timeline.entries.map((entry, k) => (
          <Entry key={k} entry={entry} timeZone={timeZone} />
        ))}
      </ol>
      {timeline.total > timeline.entries.length && (
        <p className={`muted ${styles.more}`}>
          The newest {formatCount(timeline.entries.length)} of {formatCount(timeline.total)}; a shorter range shows the
          older ones.
        </p>
      )}
    </div>
  );
}
