// The people who may sign in, for the users page: role, whether they can, how, when they last did, and how many
// sessions they hold now.
import 'server-only';
import { db } from '@/lib/db';
import type { Role } from '@/lib/domain/enums';

export interface UserRow {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  /** Signs in with a password (else single sign-on only). */
  password: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  /** Sessions not ended and younger than a session's lifetime. */
  openSessions: number;
}

/** A session token lives 7 days (lib/auth/options.ts); older rows are over whether or not they were ended. */
const SESSION_LIFETIME = '7 days';

export async function listUsers(): Promise<UserRow[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      name: string;
      email: string;
      role: Role;
      disabled: boolean;
      password: boolean;
      created_at: Date;
      last_sign_in_at: Date | null;
      open_sessions: number;
    }[]
  >`
    SELECT u.id, u.name, u.email, u.role::text AS role, u.disabled, u.password_hash IS NOT NULL AS password,
           u.created_at, u.last_sign_in_at,
           (SELECT count(*)::int FROM user_session s
             WHERE s.user_id = u.id AND s.ended_at IS NULL AND s.created_at > now() - ${SESSION_LIFETIME}::interval)
             AS open_sessions
    FROM app_user u
    ORDER BY u.disabled, u.role = 'admin' DESC, u.role = 'operator' DESC, lower(u.name)`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    active: !row.disabled,
    password: row.password,
    createdAt: row.created_at.toISOString(),
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    openSessions: row.open_sessions,
  }));
}
