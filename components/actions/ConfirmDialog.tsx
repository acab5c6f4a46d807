'use client';

// A modal <dialog> that confirms one operation. The browser's modal dialog keeps focus inside it and makes the
// page behind inert; Escape closes it (not while sending), and the opener gets focus back. It mounts once per
// opening, so each opening has its own idempotency key.
import { useEffect, useId, useRef, useState } from 'react';
import { newIdempotencyKey } from '@/components/forms/useActionForm';
import { OPERATIONS, type OperationKind } from '@/lib/ops/kinds';
import type { RequestedAction } from '@/lib/ops/request';
import type { ActionTarget } from './ActionButtons';
import { buttonLabel } from './labels';
import { OperationForm } from './OperationForm';
import styles from './actions.module.css';

interface Props {
  kind: OperationKind;
  target: ActionTarget & { label: string };
  incidentId?: number;
  /** After the dialog has closed, however it closed. */
  onClose(): void;
  onDone(action: RequestedAction): void;
}

export function ConfirmDialog({ kind, target, incidentId, onClose, onDone }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element || element.open) return;
    element.showModal();
    element.querySelector<HTMLElement>('[data-initial-focus]')?.focus();
  }, []);

  const close = () => dialog.current?.close();

  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-testid="confirm-dialog"
      onCancel={(event) => {
        // Escape while the request is on its way would hide its answer; the request itself cannot be recalled.
        if (sending) event.preventDefault();
      }}
      onClose={onClose}
    >
      <div className={styles.dialogBody}>
        <header className={styles.dialogHeader}>
          <h2 id={titleId} className={styles.dialogTitle}>
            {buttonLabel(kind)} {target.label}?
          </h2>
          <p id={descriptionId} className="muted">
            {OPERATIONS[kind].description}
          </p>
        </header>
        <OperationForm
          kind={kind}
          target={target}
          idempotencyKey={idempotencyKey}
          incidentId={incidentId}
          onPendingChange={setSending}
          onDismiss={close}
          onDone={(action) => {
            onDone(action);
            close();
          }}
        />
      </div>
    </dialog>
  );
}
