// Reading what a caller sent, defensively: a body read only up to a limit, and NUL characters (which PostgreSQL
// cannot store in text) found before they reach a query.

/** The body as text, or null once it passes `limit` bytes: nothing larger is read into memory. */
export async function readCapped(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Where the first NUL character sits in `value` (strings, keys, lists and objects), as words; null if none. */
export function findNul(value: unknown, where: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? `The ${where}` : null;
  if (!value || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${where}[${key}]` : `${where}.${key}`;
    if (key.includes('\u0000')) return `A name in the ${where}`;
    const found =
      typeof item === 'string' ? (item.includes('\u0000') ? `The field ${path}` : null) : findNul(item, path);
    if (found) return found;
  }
  return null;
}
