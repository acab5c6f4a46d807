'use client';

// A form bound to a server action built with action(): pending state, the result, field errors, and an
// idempotency key per submission that survives a double click and is renewed after a success.
import { useActionState, useState, useTransition, type FormEvent } from 'react';
import type { ActionResult } from '@/lib/errors';

/** A random UUID (v4) that also works where crypto.randomUUID does not (pages served over plain http). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type ServerAction<Data> = (state: ActionResult<Data> | null, formData: FormData) => Promise<ActionResult<Data>>;

export function useActionForm<Data>(
  serverAction: ServerAction<Data>,
  /** scope: prefixes the ids of field messages, for pages with several copies of one form. */
  options: { initialKey: string; scope?: string; onSuccess?: (data: Data) => void },
) {
  const [key, setKey] = useState(options.initialKey);
  const [pending, startTransition] = useTransition();
  const [result, dispatch] = useActionState<ActionResult<Data> | null, FormData>(async (previous, formData) => {
    const answer = await serverAction(previous, formData);
    if (answer.ok) {
      // The next submission is a new request. The form is keyed by it (<form key={idempotencyKey}>), so what
      // was typed is cleared once it is saved, and kept when it is refused.
      setKey(newIdempotencyKey());
      options.onSuccess?.(answer.data);
    }
    return answer;
  }, null);

  // Submitting through a transition (not the form's action prop) keeps what was typed when the server refuses it.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };

  const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const idOf = (name: string) => `${options.scope ?? 'form'}-${name}`;
  const errorId = (name: string) => `${idOf(name)}-error`;
  return {
    onSubmit,
    pending,
    result,
    idempotencyKey: key,
    /** Props for an input: its error state and the id of its message. */
    field: (name: string) => ({
      name,
      'aria-invalid': fieldErrors[name] ? true : undefined,
      'aria-describedby': fieldErrors[name] ? errorId(name) : undefined,
    }),
    /** The id of a field's control, unique on the page with `scope`. */
    idOf,
    errorId,
    errorOf: (name: string) => fieldErrors[name]?.join('; ') ?? null,
  };
}

/** A form as useActionForm returns it; Field (components/forms/Field.tsx) draws its fields. */
export type ActionForm = ReturnType<typeof useActionForm>;
