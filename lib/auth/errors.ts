// The two ways an auth check refuses. Kept apart from session.ts (server-only) so that client components,
// such as error.tsx, can recognise them too.
import type { Role } from '@/lib/domain/enums';

/** error.tsx recognises a ForbiddenError by this prefix on `error.digest`, followed by the required role. */
export const FORBIDDEN_DIGEST_PREFIX = 'fleet-forbidden:';

/** No session at all: route handlers answer 401, pages send the visitor to sign in. */
export class UnauthenticatedError extends Error {
  readonly code = 'unauthenticated';
  readonly status = 401;
  constructor() {
    super('Sign in to continue.');
    this.name = 'UnauthenticatedError';
  }
}

/** A session whose role is below what was asked for: answer 403. */
export class ForbiddenError extends Error {
  readonly code = 'forbidden';
  readonly status = 403;
  /**
   * Next passes a thrown error's own digest through to error.tsx even in production (where the message is
   * hidden), so a page can say "this needs the admin role" rather than "something went wrong".
   */
  readonly digest: string;
  constructor(
    readonly required: Role,
    readonly actual: Role,
  ) {
    super(`This needs the ${required} role; you are signed in as ${actual}.`);
    this.name = 'ForbiddenError';
    this.digest = `${FORBIDDEN_DIGEST_PREFIX}${required}`;
  }
}
