// An action's raw input as a plain object: from a form (FormData, repeated names become lists) or from a call.
export function readInput(raw: unknown): Record<string, unknown> {
  if (typeof FormData !== 'undefined' && raw instanceof FormData) {
    const fields: Record<string, unknown> = {};
    for (const [name, value] of raw.entries()) {
      // React adds its own hidden fields to forms bound to server actions.
      if (name.startsWith('$ACTION_')) continue;
      const text = typeof value === 'string' ? value : value.name;
      const previous = fields[name];
      fields[name] = previous === undefined ? text : Array.isArray(previous) ? [...previous, text] : [previous, text];
    }
    return fields;
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return { ...(raw as Record<string, unknown>) };
  return {};
}

/** Longer than any field the console has: a backstop for schemas, and a bound on what a refusal's audit keeps. */
export const MAX_FIELD_CHARS = 10_000;

/**
 * Fields no schema should even read: text over 10,000 characters, or holding a NUL character (which PostgreSQL
 * cannot store). Refused at the field before the schema reads them.
 */
export function oversizedFields(fields: Record<string, unknown>): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(fields)) {
    for (const text of [value].flat()) {
      if (typeof text !== 'string') continue;
      if (text.length > MAX_FIELD_CHARS) {
        errors[name] = [`must be at most ${MAX_FIELD_CHARS.toLocaleString('en-US')} characters`];
      } else if (text.includes('\u0000')) {
        errors[name] = ['holds a NUL character (\\u0000), which the console does not accept'];
      }
    }
  }
  return Object.keys(errors).length ? errors : null;
}
