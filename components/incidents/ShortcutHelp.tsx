'use client';

// The on-call page's keyboard shortcuts, in a modal dialog that `?` opens and Escape closes.
import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui';
import styles from './incidents.module.css';

export const SHORTCUTS: { keys: string[]; does: string; operatorOnly?: boolean }[] = [
  { keys: ['j', '↓'], does: 'Next incident' },
  { keys: ['k', '↑'], does: 'Previous incident' },
  { keys: ['a'], does: 'Acknowledge the selected incident', operatorOnly: true },
  { keys: ['Enter', 'o'], does: 'Open the selected incident' },
  { keys: ['?'], does: 'Show or hide these shortcuts' },
];

export function Kbd({ children }: { children: string }) {
  return <kbd className={styles.kbd}>{children}</kbd>;
}

export function ShortcutHelp({ open, onClose, canAct }: { open: boolean; onClose(): void; canAct: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className={styles.dialog} aria-labelledby="shortcut-help-title" onClose={onClose}>
      <h2 id="shortcut-help-title" className="section-title">
        Keyboard shortcuts
      </h2>
      <dl className={styles.shortcuts}>
        {SHORTCUTS.filter((shortcut) => canAct || !shortcut.operatorOnly).map((shortcut) => (
          <div key={shortcut.does} style={{ display: 'contents' }}>
            <dt>
              {shortcut.keys.map((key) => (
                <Kbd key={key}>{key}</Kbd>
              ))}
            </dt>
            <dd>{shortcut.does}</dd>
          </div>
        ))}
      </dl>
      <Button onClick={onClose} autoFocus>
        Close
      </Button>
    </dialog>
  );
}
