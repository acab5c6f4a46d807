// What the job's chart marks: its failures, stalls, restarts (asked by a person or by automatic recovery),
// preemptions and XIDs, from the timeline its page already loaded. Starts and checkpoints stay on the strip below.
import type { ChartMark, MarkTone } from '@/components/charts/marks';
import type { JobEventKind } from '@/lib/domain/enums';
import type { JobTimeline } from '@/lib/queries/jobs/types';
import { EVENT_KIND } from './labels';

const UNMARKED: ReadonlySet<JobEventKind> = new Set(['submitted', 'started', 'checkpoint', 'scaled']);

export function jobMarks(timeline: JobTimeline): ChartMark[] {
  return timeline.entries.flatMap((entry): ChartMark[] => {
    if (entry.type !== 'event' || UNMARKED.has(entry.kind)) return [];
    const { label, tone } = EVENT_KIND[entry.kind];
    return [
      {
        at: Date.parse(entry.at),
        title: label,
        detail: entry.message,
        tone: tone === 'neutral' ? 'info' : (tone as MarkTone),
      },
    ];
  });
}
