// What our callbacks put in the JWT and the session, so that every reader gets them typed.
import type { Role } from '@/lib/domain/enums';

declare module 'next-auth' {
  interface Session {
    /** Absent when the account was disabled or deleted since the token was issued. */
    user?: { id: number; name: string; email: string; role: Role };
  }

  interface User {
    role?: Role;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** The app_user id; absent once the account is revoked. */
    uid?: number;
    role?: Role;
    /** The user_session row this token belongs to; ended sessions are refused. */
    sid?: string;
  }
}
