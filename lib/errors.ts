// What every server action answers (plain data the client reads, never an exception), and the refusal that work
// below the actions (operations, recovery) throws for the action to answer with.
export type FieldErrors = Record<string, string[]>;

/** `busy`: the console could not finish in time and changed nothing; the same request may be sent again. */
export type ActionErrorCode =
  'unauthenticated' | 'forbidden' | 'invalid' | 'not_found' | 'conflict' | 'unavailable' | 'busy' | 'internal';

export type ActionResult<Data> =
  { ok: true; data: Data } | { ok: false; code: ActionErrorCode; error: string; fieldErrors?: FieldErrors };

/** Thrown by an action's work for a refusal the reader can act on ("overlaps the period from 1 Nov"). */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly code: ActionErrorCode = 'invalid',
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }

  /** A refusal that belongs to one field of the form. */
  static field(field: string, message: string): ActionError {
    return new ActionError('Some fields are not valid.', 'invalid', { [field]: [message] });
  }

  toResult(): { ok: false; code: ActionErrorCode; error: string; fieldErrors?: FieldErrors } {
    return {
      ok: false,
      code: this.code,
      error: this.message,
      ...(this.fieldErrors ? { fieldErrors: this.fieldErrors } : {}),
    };
  }
}
