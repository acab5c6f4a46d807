'use client';

// Deletes a channel after a second, explicit click; Escape or Cancel steps back.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ActionFormFrame } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button, buttonClass } from '@/components/ui';
import { deleteChannel } from '@/lib/actions/channels';

export function ChannelDelete({ id, name, initialKey }: { id: number; name: string; initialKey: string }) {
  const form = useActionForm(deleteChannel, { initialKey, scope: `delete-channel-${id}` });
  const [confirming, setConfirming] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const refusal = form.result && !form.result.ok ? form.result.error : null;

  // Focus follows the question: to Cancel (the safe choice) when it opens, back to Delete when it closes.
  // Native buttons here, as they take a ref.
  useEffect(() => {
    if (confirming) cancel.current?.focus();
    else if (wasConfirming.current) opener.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        ref={opener}
        type="button"
        className={buttonClass({ size: 'sm', variant: 'ghost' })}
        onClick={() => setConfirming(true)}
        aria-label={`Delete ${name}`}
      >
        Delete
      </button>
    );
  }
  const questionId = `delete-channel-${id}-question`;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') setConfirming(false);
  };
  return (
    <ActionFormFrame
      form={form}
      onKeyDown={onKeyDown}
      role="group"
      aria-labelledby={questionId}
      className="stack"
      style={{ gap: 'var(--space-1)' }}
    >
      <input type="hidden" name="id" value={id} />
      <p id={questionId}>Delete {name} and its delivery history?</p>
      <div className="row">
        <Button type="submit" size="sm" variant="danger" loading={form.pending}>
          Delete channel
        </Button>
        <button ref={cancel} type="button" className={buttonClass({ size: 'sm' })} onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
      {refusal && <p className="field-error">{refusal}</p>}
    </ActionFormFrame>
  );
}
