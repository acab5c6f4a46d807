// Who is asking, for server components, route handlers and server actions. These are the real checks;
// the proxy only redirects.
import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { ROLES, roleAtLeast, type Role } from '@/lib/domain/enums';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { authOptions } from './options';

export { ForbiddenError, UnauthenticatedError };

export type SessionUser = { id: number; name: string; email: string; role: Role };

/**
 * Whether `user` holds at least `required`. Pure, and closed by default: no user, or a role it does not
 * know (an old token, a typo), is refused.
 */
export function authorize(user: { role: Role } | null | undefined, required: Role): boolean {
  if (!user || !ROLES.includes(user.role) || !ROLES.includes(required)) return false;
  return roleAtLeast(user.role, required);
}

/** The signed-in user, or null. Read once per request however many components ask. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
});

/** For pages and layouts: the user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}

/** For actions and route handlers: the user if their role suffices, else a typed error to map to 401/403. */
export async function requireRole(required: Role): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthenticatedError();
  if (!authorize(user, required)) throw new ForbiddenError(required, user.role);
  return user;
}
