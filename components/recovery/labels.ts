// How the recovery views name causes, states and steps: always words, with a tone for the badge beside them.
import type { Tone } from '@/components/ui';
import type {
  RecoveryActionState,
  RecoveryCause,
  RecoveryStateName,
  RecoveryTargetType,
} from '@/lib/queries/recovery/types';

export const CAUSE_LABEL: Record<RecoveryCause, string> = {
  job_failed: 'Job failed',
  job_stalled: 'Job stalled (hang)',
  fatal_xid: 'Fatal XID',
  node_lost: 'Node lost',
};

export const TARGET_LABEL: Record<RecoveryTargetType, { one: string; many: string }> = {
  job: { one: 'job', many: 'Jobs' },
  node: { one: 'node', many: 'Nodes' },
};

export const RECOVERY_STATE: Record<RecoveryStateName, { tone: Tone; label: string }> = {
  acting: { tone: 'info', label: 'Acting' },
  recovered: { tone: 'ok', label: 'Recovered' },
  failed: { tone: 'bad', label: 'Failed' },
  escalated: { tone: 'warn', label: 'Escalated to on-call' },
  disabled: { tone: 'neutral', label: 'Policy off' },
};

export const ACTION_STATE: Record<RecoveryActionState, { tone: Tone; label: string }> = {
  pending: { tone: 'neutral', label: 'Pending' },
  running: { tone: 'info', label: 'Running' },
  succeeded: { tone: 'ok', label: 'Succeeded' },
  failed: { tone: 'bad', label: 'Failed' },
};

export const targetHref = (targetType: RecoveryTargetType, id: number) =>
  targetType === 'job' ? `/jobs/${id}` : `/nodes/${id}`;
