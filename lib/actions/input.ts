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
