// The words and tones of the statuses that jobs, actions and recoveries share, so that one that failed reads
// "Failed" in the bad tone wherever it is shown.
import type { Tone } from './tone';

export interface Status {
  label: string;
  tone: Tone;
}

export const STATUS = {
  pending: { label: 'Pending', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  recovering: { label: 'Recovering', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'ok' },
  failed: { label: 'Failed', tone: 'bad' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
} as const satisfies Record<string, Status>;
