// Row ids as PostgreSQL stores them (`integer`): whole numbers from 1 to 2,147,483,647. Everything that reads an id
// from a URL, a form or a JSON body reads it here, so that "99999999999999999999" is "no such thing" (a 404 or a
// field error) rather than a database error answered 500. Plain code, safe in client components.
import { z } from 'zod';

export const MAX_ID = 2_147_483_647;

/** The id in `value` (a number, or its digits as text), or null when it cannot be a row's id. */
export function parseId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ID ? id : null;
}

/** A form or JSON field holding an id; `message` is the refusal at the field ("must be a channel id"). */
export function idField(message = 'must be an id') {
  return z.union([z.string(), z.number()], { error: message }).transform((value, context) => {
    const id = parseId(value);
    if (id === null) {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return id;
  });
}

/** A path segment holding the id of `what` ("job"): route() answers 404 with this message when it is not one. */
export function idParam(what: string) {
  return z.string().transform((text, context) => {
    const id = parseId(text);
    if (id === null) {
      context.addIssue({ code: 'custom', message: `There is no ${what} with id "${text.slice(0, 40)}".` });
      return z.NEVER;
    }
    return id;
  });
}
