// What automatic recovery did about an incident, in one line an on-call engineer reads at a glance:
// "Restarted from checkpoint 14:02 — running again after 3 min 10 s". Plain code, so tests drive it with data.
import type { Tone } from '@/components/ui';
import { formatClock } from '@/components/charts/time-format';
import { formatDuration } from '@/lib/domain/units';
import type { RecoveryStep } from '@/lib/queries/incidents/types';

const VERBS: Record<string, { done: string; doing: string; noun: string }> = {
  'job.restart': { done: 'Restarted', doing: 'Restarting', noun: 'Restart' },
  'node.cordon': { done: 'Cordoned the node', doing: 'Cordoning the node', noun: 'Cordon' },
  'node.drain': { done: 'Drained the node', doing: 'Draining the node', noun: 'Drain' },
  'node.reboot': { done: 'Rebooted the node', doing: 'Rebooting the node', noun: 'Reboot' },
  'node.replace': { done: 'Replaced the node', doing: 'Replacing the node', noun: 'Replacement' },
  'node.uncordon': { done: 'Returned the node to service', doing: 'Returning the node', noun: 'Uncordon' },
};

function verbs(kind: string | undefined) {
  if (!kind) return { done: 'Recovered', doing: 'Recovering', noun: 'Recovery' };
  return VERBS[kind] ?? { done: `Done: ${kind}`, doing: `Under way: ${kind}`, noun: kind };
}

export interface RecoveryLine {
  text: string;
  tone: Tone;
}

const ms = (at: string | null | undefined) => (at ? Date.parse(at) : null);

export function describeRecovery(step: RecoveryStep, now: number, timeZone: string): RecoveryLine {
  const action = step.action;
  const words = verbs(action?.kind);
  const checkpoint =
    (action?.kind ?? 'job.restart') === 'job.restart' && step.targetType !== 'node' && step.lastCheckpointAt
      ? ` from checkpoint ${formatClock(step.lastCheckpointAt, timeZone, false)}`
      : '';
  const why = (text: string | null | undefined) => (text ? `: ${text}` : '');
  const state =
    step.state ??
    (action?.state === 'succeeded' ? 'recovered' : action?.state === 'failed' ? 'failed' : action ? 'acting' : null);

  switch (state) {
    case 'recovered': {
      const start = ms(step.detectedAt) ?? ms(step.actedAt) ?? ms(action?.requestedAt);
      const end = ms(step.recoveredAt) ?? ms(action?.finishedAt);
      const back = step.targetType === 'node' ? 'back' : 'running again';
      if (step.state === null || start === null || end === null) {
        const at = action?.finishedAt ? ` at ${formatClock(action.finishedAt, timeZone, false)}` : '';
        return { text: `${words.done}${checkpoint}${at}`, tone: 'ok' };
      }
      return { text: `${words.done}${checkpoint} — ${back} after ${formatDuration(end - start)}`, tone: 'ok' };
    }
    case 'acting': {
      const since = ms(action?.requestedAt) ?? ms(step.actedAt) ?? ms(step.detectedAt) ?? now;
      return {
        text: `${words.doing}${checkpoint} — under way for ${formatDuration(Math.max(0, now - since))}`,
        tone: 'info',
      };
    }
    case 'failed':
      return { text: `${words.noun} failed${why(action?.message ?? step.message)}`, tone: 'bad' };
    case 'escalated':
      return { text: `Left to on-call${why(step.message ?? step.summary)}`, tone: 'warn' };
    case 'disabled':
      return { text: `Automatic recovery is off for this${why(step.message)}`, tone: 'neutral' };
    default:
      return { text: step.summary ?? 'Noticed by automatic recovery', tone: 'neutral' };
  }
}
