// Route handlers read the session through lib/auth/session, which needs Next's request context. Tests replace
// it with this stand-in, which keeps the real role check; `session.user` is whoever the test signs in.
import { roleAtLeast, ROLES, type Role } from '@/lib/domain/enums';

export interface FakeUser {
  id: number;
  name: string;
  email: string;
  role: Role;
}

export const session: { user: FakeUser | null } = { user: null };

export function fakeSessionModule() {
  class UnauthenticatedError extends Error {
    readonly code = 'unauthenticated';
    readonly status = 401;
  }
  class ForbiddenError extends Error {
    readonly code = 'forbidden';
    readonly status = 403;
  }
  const authorize = (user: { role: Role } | null | undefined, required: Role) =>
    !!user && ROLES.includes(user.role) && roleAtLeast(user.role, required);
  return { authorize, UnauthenticatedError, ForbiddenError, getCurrentUser: async () => session.user };
}
