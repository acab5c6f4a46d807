// Machine callers (Alertmanager's webhook) authenticate with a bearer token from the environment.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface BearerToken {
  /** The environment variable that holds it, named in refusals. */
  name: string;
  /** The token expected now; undefined turns the route off (503). */
  value: () => string | undefined;
  /** How the audit log names the caller: 'alertmanager'. */
  actor: string;
}

/** Equal-length digests, so the comparison takes the same time whatever the token sent. */
function tokenMatches(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/** Why the request's token is refused, or null when it matches. */
export function bearerMatches(request: Request, expected: string): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  if (!match) return 'No bearer token';
  return tokenMatches(match[1], expected) ? null : 'Wrong bearer token';
}
