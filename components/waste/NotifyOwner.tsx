'use client';

// "Notify owner" on a row of the waste view: opens a small form for an optional note, sends the notice through the
// channels that take the team's cost alerts, and says what happened. The server measures the waste again.
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { ActionFormFrame, FieldError, FormSubmit } from '@/components/forms/FormParts';
import { newIdempotencyKey, useActionForm } from '@/components/forms/useActionForm';
import { notifyOwner } from '@/lib/actions/waste';
import styles from './waste.module.css';

export function NotifyOwner({ jobId, jobName, owner }: { jobId: number; jobName: string; owner: string | null }) {
  const router = useRouter();
  const [initialKey] = useState(newIdempotencyKey);
  const form = useActionForm(notifyOwner, {
    initialKey,
    scope: `notify-${jobId}`,
    onSuccess: () => router.refresh(),
  });
  const noteId = useId();
  return (
    <details className={styles.notify}>
      <summary aria-label={`Notify the owner of ${jobName}`}>Notify owner</summary>
      <ActionFormFrame form={form} className={styles.notifyForm}>
        <input type="hidden" name="jobId" value={jobId} />
        <label htmlFor={noteId} className="label">
          A word for {owner ?? 'its owner'} (optional)
        </label>
        <textarea
          id={noteId}
          rows={2}
          maxLength={500}
          placeholder="Could this run on fewer GPUs?"
          {...form.field('note')}
        />
        <FieldError id={form.errorId('note')} error={form.errorOf('note')} />
        <FormSubmit form={form} success="Notice sent to the team's channels." size="sm">
          Send notice
        </FormSubmit>
      </ActionFormFrame>
    </details>
  );
}
