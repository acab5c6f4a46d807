// The small pieces every action form shows: a field's error, the form's outcome and its submit button, the hidden
// idempotency key.
import { Banner, Button } from '@/components/ui';
import type { ButtonProps } from '@/components/ui/Button';
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

/** The end of an action form: its outcome above its submit button, which spins while the form is pending. */
export function FormSubmit({
  form,
  success,
  variant = 'primary',
  size,
  children,
}: {
  form: Pick<ActionForm, 'result' | 'pending'>;
  /** What the outcome says once the action succeeded. */
  success: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  children: ReactNode;
}) {
  return (
    <>
      <FormOutcome result={form.result} success={success} />
      <div>
        <Button type="submit" variant={variant} size={size} loading={form.pending}>
          {children}
        </Button>
      </div>
    </>
  );
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
