// Sessions are JWTs (any web process can read them), and each names a row of user_session. Signing out, a role
// change or a deactivated account ends the row; every process re-reads a session's row at most every
// SESSION_CHECK_MS, so a stolen or signed-out cookie stops working everywhere within that time.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db, type Tx } from '@/lib/db';
import type { Role } from '@/lib/domain/enums';

export const SESSION_CHECK_MS = 15_000;

export interface SessionState {
  userId: number;
  role: Role;
  name: string;
  email: string;
}

const SESSION_ID = z.uuid();

const recent = new Map<string, { state: SessionState | null; readAt: number }>();

/** A new session for a sign-in; its id goes into the token. */
export async function startSession(userId: number, provider: string): Promise<string> {
  const id = randomUUID();
  await db.userSession.create({ data: { id, userId, provider } });
  return id;
}

/** The session's account as it is now, or null once the session has ended or the account is disabled. */
export async function sessionState(sessionId: string): Promise<SessionState | null> {
  const cached = recent.get(sessionId);
  if (cached && Date.now() - cached.readAt < SESSION_CHECK_MS) return cached.state;
  if (!SESSION_ID.safeParse(sessionId).success) return null;
  // One statement: the relation read through the client is two, and every chart's poll comes through here.
  const [row] = await db.$queryRaw<SessionState[]>`
    SELECT u.id AS "userId", u.role::text AS role, u.name, u.email
    FROM user_session s JOIN app_user u ON u.id = s.user_id
    WHERE s.id = ${sessionId}::uuid AND s.ended_at IS NULL AND NOT u.disabled`;
  const state = row ?? null;
  if (recent.size > 10_000) recent.clear();
  recent.set(sessionId, { state, readAt: Date.now() });
  return state;
}

/** Signing out: this session ends, here at once and in other processes within SESSION_CHECK_MS. */
export async function endSession(sessionId: string, reason: string): Promise<void> {
  recent.delete(sessionId);
  await db.userSession.updateMany({
    where: { id: sessionId, endedAt: null },
    data: { endedAt: new Date(), endedReason: reason },
  });
}

/** Every session of the person ends (a role change, a deactivation); returns how many were open. */
export async function endSessionsOf(userId: number, reason: string, tx: Tx = db): Promise<number> {
  for (const [id, entry] of recent) if (entry.state?.userId === userId) recent.delete(id);
  const { count } = await tx.userSession.updateMany({
    where: { userId, endedAt: null },
    data: { endedAt: new Date(), endedReason: reason },
  });
  return count;
}
