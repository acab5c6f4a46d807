// The database side of signing in: checking a password, provisioning single-sign-on users,
// re-reading a role, and auditing every attempt. next-auth's callbacks in options.ts call these.
import bcrypt from 'bcryptjs';
import { recordAudit } from '@/lib/audit/record';
import { applyProviderRole } from './users';
import { clearAttempts } from './throttle';
import { db } from '@/lib/db';
import type { Role } from '@/lib/domain/enums';

export type SignedInAccount = { id: number; name: string; email: string; role: Role };

/** Thrown when the database cannot answer; the sign-in form shows "unavailable", not "wrong password". */
export const SIGN_IN_UNAVAILABLE = 'Unavailable';

// A real bcrypt hash (cost 10) to compare against when the email is unknown, so that the response time
// does not tell an attacker which emails have accounts.
const DUMMY_HASH = '$2b$10$gfjxi6Wod74bPu6HwG0kley1a0aYCyGE2vewl47Jk2YzDNvJ3Qnn6';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

function findByEmail(email: string) {
  // Case-insensitive: people type their address however they like.
  return db.user.findFirst({ where: { email: { equals: email, mode: 'insensitive' } }, orderBy: { id: 'asc' } });
}

export async function recordSignIn(entry: {
  email: string;
  userId?: number;
  provider: string;
  result: 'ok' | 'denied';
  message?: string;
  /** The client's address, when known (throttle.ts). */
  client?: string;
}): Promise<void> {
  await recordAudit({
    actor: { id: entry.userId ?? null, email: entry.email },
    action: 'auth.sign_in',
    targetType: 'user',
    targetId: entry.userId === undefined ? undefined : String(entry.userId),
    input: { provider: entry.provider, ...(entry.client ? { client: entry.client } : {}) },
    result: entry.result,
    message: entry.message,
  });
}

async function markSignedIn(userId: number): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
}

/**
 * Email + password. Returns null for every kind of refusal, so the caller cannot tell them apart. The attempt was
 * counted by the sign-in throttle before this (throttle.ts); a correct password clears the account's count.
 */
export async function verifyPassword(
  rawEmail: string,
  password: string,
  client: string,
): Promise<SignedInAccount | null> {
  const email = normalizeEmail(rawEmail);
  if (!email || !password) return null;
  try {
    const user = await findByEmail(email);
    const passwordMatches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    const refusal = !user
      ? 'unknown email'
      : !user.passwordHash
        ? 'account has no password (single sign-on only)'
        : !passwordMatches
          ? 'wrong password'
          : user.disabled
            ? 'account disabled'
            : null;
    if (!user || refusal) {
      await recordSignIn({
        email,
        userId: user?.id,
        provider: 'credentials',
        result: 'denied',
        message: refusal ?? undefined,
        client,
      });
      return null;
    }
    await markSignedIn(user.id);
    await clearAttempts(email, client);
    await recordSignIn({ email, userId: user.id, provider: 'credentials', result: 'ok', client });
    return { id: user.id, name: user.name, email: user.email, role: user.role };
  } catch (error) {
    console.error('[auth] password sign-in failed', error);
    throw new Error(SIGN_IN_UNAVAILABLE);
  }
}

/**
 * Single sign-on: the identity provider vouches for the email; the first sign-in creates the user. `role` is what
 * the provider's groups give (oidc-roles.ts), applied at every sign-in, or null to keep the stored role (no role
 * map); 'none' refuses the person. Returns null (denied) for a disabled user, an unverified email, or 'none'.
 */
export async function admitOidcUser(
  identity: { email: string; name: string; emailVerified: boolean },
  provider: string,
  role: Role | 'none' | null,
  fallbackRole: Role | 'none',
): Promise<SignedInAccount | null> {
  const email = normalizeEmail(identity.email);
  // An unverified email could be anyone's, including an existing admin's: never link on it.
  if (!identity.emailVerified) {
    await recordSignIn({ email, provider, result: 'denied', message: 'identity provider did not verify the email' });
    return null;
  }
  const existing = await findByEmail(email);
  const wanted = role ?? existing?.role ?? fallbackRole;
  if (wanted === 'none') {
    await recordSignIn({
      email,
      userId: existing?.id,
      provider,
      result: 'denied',
      message: 'no group of the role map',
    });
    return null;
  }
  const user = existing ?? (await db.user.create({ data: { email, name: identity.name || email, role: wanted } }));
  if (user.disabled) {
    await recordSignIn({ email, userId: user.id, provider, result: 'denied', message: 'account disabled' });
    return null;
  }
  const granted = user.role === wanted ? user.role : await applyProviderRole(user.id, email, user.role, wanted);
  await markSignedIn(user.id);
  await recordSignIn({ email, userId: user.id, provider, result: 'ok' });
  return { id: user.id, name: user.name, email: user.email, role: granted };
}

export async function findAccountByEmail(email: string): Promise<SignedInAccount | null> {
  const user = await findByEmail(normalizeEmail(email));
  return user && !user.disabled ? { id: user.id, name: user.name, email: user.email, role: user.role } : null;
}
