'use client';

// The buttons that act on a job, node or pool, each opening its confirmation dialog. Shown to operators and
// admins only; the server checks the role again whatever the page shows. `compact` draws icon-and-word
// buttons for a table row (restart for jobs, cordon and drain for nodes, scale for pools).
import { useSession } from 'next-auth/react';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui';
import { roleAtLeast } from '@/lib/domain/enums';
import { OPERATIONS, type OperationKind, type TargetType } from '@/lib/ops/kinds';
import type { RequestedAction } from '@/lib/ops/request';
import { ConfirmDialog } from './ConfirmDialog';
import { OperationIcon } from './icons';
import { SHORT_LABEL, TARGET_NOUN, buttonLabel } from './labels';
import { useRefreshOnSettle } from './useRefreshOnSettle';
import styles from './actions.module.css';

export interface ActionTarget {
  type: TargetType;
  id: number;
  /** The job's name, node's hostname or pool's name, as the dialog and the buttons' names say it. */
  label?: string;
  /** For scaling: the replicas or nodes it is set to now. */
  desired?: number | null;
}

const COMPACT: Record<TargetType, OperationKind[]> = {
  job: ['job.restart'],
  node: ['node.cordon', 'node.drain'],
  pool: ['pool.scale'],
};
const FULL: Record<TargetType, OperationKind[]> = {
  job: ['job.restart', 'job.cancel'],
  node: ['node.cordon', 'node.drain', 'node.reboot', 'node.replace'],
  pool: ['pool.scale'],
};

export interface ActionButtonsProps {
  target: ActionTarget;
  /** The operations that fit the target now; by default the usual ones for its type. */
  operations?: OperationKind[];
  compact?: boolean;
  /** From the server session's role; left out, the browser's copy of the session decides which buttons show. */
  canAct?: boolean;
  /** The incident the action answers, for its timeline. */
  incidentId?: number;
}

export function ActionButtons({ target, operations, compact = false, canAct, incidentId }: ActionButtonsProps) {
  const session = useSession();
  const follow = useRefreshOnSettle();
  const [open, setOpen] = useState<OperationKind | null>(null);
  const [requested, setRequested] = useState('');
  const wrapper = useRef<HTMLDivElement>(null);
  const sessionRole = session.data?.user?.role;
  const allowed = canAct ?? (sessionRole ? roleAtLeast(sessionRole, 'operator') : false);
  const label = target.label ?? `${TARGET_NOUN[target.type]} ${target.id}`;
  const kinds = (operations ?? (compact ? COMPACT : FULL)[target.type]).filter(
    (kind) => OPERATIONS[kind].target === target.type,
  );

  if (!allowed) {
    if (compact || canAct === undefined) return null;
    return (
      <p className="hint" data-testid="actions-need-operator">
        Acting on this {TARGET_NOUN[target.type]} needs the operator role.
      </p>
    );
  }
  if (kinds.length === 0) return null;

  const closed = () => {
    const kind = open;
    setOpen(null);
    if (kind) wrapper.current?.querySelector<HTMLButtonElement>(`[data-operation="${kind}"]`)?.focus();
  };
  const done = (action: RequestedAction) => {
    follow(action);
    setRequested(`${buttonLabel(action.kind)} ${action.target.label} asked.`);
  };

  return (
    <div ref={wrapper} className={compact ? styles.compactButtons : 'row'}>
      {kinds.map((kind) => (
        <Button
          key={kind}
          data-operation={kind}
          size={compact ? 'sm' : 'md'}
          variant={compact ? 'ghost' : 'secondary'}
          icon={<OperationIcon kind={kind} />}
          aria-haspopup="dialog"
          aria-label={`${compact ? SHORT_LABEL[kind] : buttonLabel(kind)} ${label}`}
          onClick={() => setOpen(kind)}
        >
          {compact ? SHORT_LABEL[kind] : buttonLabel(kind)}
        </Button>
      ))}
      <span role="status" className={compact ? 'visually-hidden' : styles.requested}>
        {requested}
      </span>
      {open && (
        <ConfirmDialog
          kind={open}
          target={{ ...target, label }}
          incidentId={incidentId}
          onClose={closed}
          onDone={done}
        />
      )}
    </div>
  );
}
