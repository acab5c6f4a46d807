// How operations and their actions read on buttons, in dialogs and in the recent-actions list. Client-safe.
import { STATUS, type Status } from '@/components/ui/status';
import { OPERATIONS, type OperationKind, type TargetType } from '@/lib/ops/kinds';
import type { ActionState } from '@/lib/domain/enums';

export const ACTION_STATE: Record<ActionState, Status> = {
  pending: STATUS.pending,
  running: STATUS.running,
  succeeded: STATUS.succeeded,
  failed: STATUS.failed,
};

export const isActive = (state: ActionState) => state === 'pending' || state === 'running';

/** A page button's label: the operation's own, but "Cancel job", which a dialog's dismiss button cannot be mistaken for. */
export function buttonLabel(kind: OperationKind): string {
  return kind === 'job.cancel' ? 'Cancel job' : OPERATIONS[kind].label;
}

/** Short labels for compact buttons in table rows. */
export const SHORT_LABEL: Record<OperationKind, string> = {
  'job.restart': 'Restart',
  'job.cancel': 'Cancel',
  'service.scale': 'Scale',
  'node.cordon': 'Cordon',
  'node.uncordon': 'Uncordon',
  'node.drain': 'Drain',
  'node.reboot': 'Reboot',
  'node.replace': 'Replace',
  'pool.scale': 'Scale',
};

/** Operations that stop or evict running work: their confirm button is drawn as dangerous. */
export const DISRUPTIVE: ReadonlySet<OperationKind> = new Set([
  'job.restart',
  'job.cancel',
  'node.drain',
  'node.reboot',
  'node.replace',
]);

export const isScale = (kind: OperationKind): kind is 'service.scale' | 'pool.scale' =>
  kind === 'service.scale' || kind === 'pool.scale';

/** What the count of a scaling operation counts. */
export const COUNT_NOUN: Record<'service.scale' | 'pool.scale', string> = {
  'service.scale': 'replicas',
  'pool.scale': 'nodes',
};

export const TARGET_NOUN: Record<TargetType, string> = { job: 'job', node: 'node', pool: 'pool' };

/** The label of an action in a list: "Cordon", "Scale pool to 6 nodes". */
export function actionLabel(kind: string, count: number | null): string {
  const info = OPERATIONS[kind as OperationKind];
  if (!info) return kind;
  if (count !== null && isScale(kind as OperationKind)) {
    return `${info.label} to ${count} ${COUNT_NOUN[kind as 'service.scale' | 'pool.scale']}`;
  }
  return info.label;
}
