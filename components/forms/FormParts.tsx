// The small pieces every action form shows: a field's error, the form's outcome, the hidden idempotency key.
import { Banner } from '@/components/ui';
import type { ComponentProps, ReactNode } from 'react';
import type { ActionResult } from '@/lib/errors';
import type { ActionForm } from './useActionForm';

export function FieldError({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {error}
    </p>
  );
}

/** The form's outcome: a refusal not tied to one field, or a success message. */
export function FormOutcome<Data>({ result, success }: { result: ActionResult<Data> | null; success: string }) {
  if (!result) return null;
  if (result.ok) return <Banner tone="ok">{success}</Banner>;
  if (result.fieldErrors && result.code === 'invalid') {
    return <Banner tone="bad">Nothing was saved: fix the fields marked above.</Banner>;
  }
  return <Banner tone="bad">Nothing was saved. {result.error}</Banner>;
}

export function IdempotencyKey({ value }: { value: string }) {
  return <input type="hidden" name="idempotencyKey" value={value} />;
}

/**
 * The <form> of an action: submitted through the action form (pending state, field errors), carrying its
 * idempotency key, and keyed by it, so what was typed clears once it is saved and stays when it is refused.
 */
export function ActionFormFrame({
  form,
  label,
  children,
  ...attributes
}: {
  form: Pick<ActionForm, 'idempotencyKey' | 'onSubmit'>;
  label?: string;
  children: ReactNode;
} & Omit<ComponentProps<'form'>, 'onSubmit' | 'aria-label' | 'children'>) {
  return (
    <form key={form.idempotencyKey} onSubmit={form.onSubmit} aria-label={label} noValidate {...attributes}>
      <IdempotencyKey value={form.idempotencyKey} />
      {children}
    </form>
  );
}
