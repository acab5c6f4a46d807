// How the recovery views name causes, states and steps: always words, with a tone for the badge beside them.
import { STATUS, type Status } from '@/components/ui/status';
import type { RecoveryState } from '@/lib/domain/enums';
import type { RecoveryCause, RecoveryTargetType } from '@/lib/queries/recovery/types';

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

export const RECOVERY_STATE: Record<RecoveryState, Status> = {
  acting: { tone: 'info', label: 'Acting' },
  recovered: { tone: 'ok', label: 'Recovered' },
  failed: STATUS.failed,
  escalated: { tone: 'warn', label: 'Escalated to on-call' },
  disabled: { tone: 'neutral', label: 'Policy off' },
};

export const targetHref = (targetType: RecoveryTargetType, id: number) =>
  targetType === 'job' ? `/jobs/${id}` : `/nodes/${id}`;
