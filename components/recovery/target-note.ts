// A recovery against its target, in words ("Back in 3 min 40 s — within the 5-minute target"), so that the
// verdict never rests on colour. Pure, for the timeline, the table and their tests.
import type { Tone } from '@/components/ui';
import { formatDuration } from '@/lib/domain/units';
import type { RecoveryTimeline } from '@/lib/queries/recovery/types';
import { MINUTE_MS } from '@/lib/domain/time';

export interface TargetNote {
  tone: Tone;
  text: string;
  /** The time measured against the target (to recover, or elapsed while acting); null when there is none. */
  measuredMs: number | null;
}

export const targetName = (targetMs: number) => `${targetMs / MINUTE_MS}-minute target`;

/** "within the 5-minute target" or "over the 10-minute target by 2 min". */
export function againstTarget(ms: number, targetMs: number): string {
  return ms <= targetMs
    ? `within the ${targetName(targetMs)}`
    : `over the ${targetName(targetMs)} by ${formatDuration(ms - targetMs)}`;
}

export function targetNote(
  recovery: Pick<RecoveryTimeline, 'state' | 'timeToRecoverMs' | 'targetMs' | 'faultAt'>,
  now: number,
): TargetNote {
  const { targetMs } = recovery;
  if (recovery.timeToRecoverMs !== null) {
    const ms = recovery.timeToRecoverMs;
    return {
      tone: ms <= targetMs ? 'ok' : 'warn',
      text: `Back in ${formatDuration(ms)} — ${againstTarget(ms, targetMs)}`,
      measuredMs: ms,
    };
  }
  switch (recovery.state) {
    case 'acting': {
      const elapsed = Math.max(0, now - Date.parse(recovery.faultAt));
      return elapsed <= targetMs
        ? {
            tone: 'info',
            text: `Acting for ${formatDuration(elapsed)} — ${formatDuration(targetMs - elapsed)} left of the ${targetName(targetMs)}`,
            measuredMs: elapsed,
          }
        : {
            tone: 'warn',
            text: `Acting for ${formatDuration(elapsed)} — ${againstTarget(elapsed, targetMs)}`,
            measuredMs: elapsed,
          };
    }
    case 'failed':
      return { tone: 'bad', text: 'Not back: automatic recovery failed and on-call was paged', measuredMs: null };
    case 'escalated':
      return { tone: 'warn', text: 'Not restarted: the circuit breaker paged on-call instead', measuredMs: null };
    default:
      return { tone: 'neutral', text: 'Not acted on: the policy is off, so it waits for a person', measuredMs: null };
  }
}
