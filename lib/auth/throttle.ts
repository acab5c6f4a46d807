// Password guessing is slowed per account and per client address, with delays that grow with each failure, kept in
// PostgreSQL so that every web process agrees. Every attempt is counted before the password is checked (so a burst
// of parallel guesses is counted whole), a success clears the account's count, and counts fade after an hour
// without failures. An unknown email is counted like a known one: the answers never tell which accounts exist.
import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { env } from '@/lib/env';

/** Failures allowed before delays begin: a person mistypes; an office behind one address mistypes more. */
const FREE_FAILURES = { account: 5, client: 20 } as const;
/** The delay after the first failure past the free ones; it doubles with each further failure, up to the cap. */
const FIRST_DELAY_S = 1;
const MAX_DELAY_S = 15 * 60;
/** Counts older than this (no failure since) start again from nothing. */
const FORGET_AFTER = '1 hour';

type Scope = keyof typeof FREE_FAILURES;

/** The wait after `failures` counted failures, in seconds (0 while they are free). */
export function delayAfter(scope: Scope, failures: number): number {
  const over = failures - FREE_FAILURES[scope];
  return over < 0 ? 0 : Math.min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** over);
}

/**
 * The client's address: the entry FLEET_PROXY_HOPS from the right of X-Forwarded-For, which the nearest proxy (or
 * Next itself, when there is none) appends. Directly exposed, a client can write that header itself; the
 * per-account limit does not depend on it.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const entries = [raw ?? '']
    .flat()
    .join(',')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.at(-Math.min(env().FLEET_PROXY_HOPS, entries.length))?.slice(0, 100) ?? 'unknown';
}

const keysOf = (email: string, client: string) => [
  { scope: 'account' as const, key: `account:${email.trim().toLowerCase().slice(0, 254)}` },
  { scope: 'client' as const, key: `client:${client}` },
];

export type Attempt = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts a sign-in attempt for the account and the client, or refuses it while either must still wait. A refusal
 * is audited once per counted failure (the first refusal after it), so waiting clients cannot grow the log.
 */
export async function countAttempt(email: string, client: string, at: Date = new Date()): Promise<Attempt> {
  const keys = keysOf(email, client);
  return db.$transaction(async (tx) => {
    // Both rows are locked in a fixed order, so parallel attempts queue here and each sees the one before it.
    await tx.$executeRaw`
      INSERT INTO sign_in_throttle (key, failures, last_at) VALUES (${keys[0].key}, 0, ${at}), (${keys[1].key}, 0, ${at})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN sign_in_throttle.last_at < ${at}::timestamptz - ${FORGET_AFTER}::interval THEN 0
                        ELSE sign_in_throttle.failures END`;
    const rows = await tx.$queryRaw<{ key: string; failures: number; waited_s: number; audited: boolean }[]>`
      SELECT key, failures, extract(epoch FROM ${at}::timestamptz - last_at)::float8 AS waited_s,
             audited_at IS NOT NULL AND audited_at >= last_at AS audited
      FROM sign_in_throttle WHERE key IN (${keys[0].key}, ${keys[1].key}) ORDER BY key FOR UPDATE`;
    let wait = 0;
    let unaudited = false;
    for (const row of rows) {
      const scope = keys.find((key) => key.key === row.key)!.scope;
      const left = delayAfter(scope, row.failures) - row.waited_s;
      if (left > 0) {
        wait = Math.max(wait, left);
        unaudited ||= !row.audited;
      }
    }
    if (wait > 0) {
      if (unaudited) {
        await tx.$executeRaw`UPDATE sign_in_throttle SET audited_at = ${at} WHERE key IN (${keys[0].key}, ${keys[1].key})`;
        await recordAudit(
          {
            actor: { id: null, email },
            action: 'auth.throttled',
            input: { client },
            result: 'denied',
            message: `too many failed sign-ins: the next attempt may come in ${Math.ceil(wait)} s`,
          },
          tx,
        );
      }
      return { allowed: false, retryAfterSeconds: Math.ceil(wait) };
    }
    // Counted as a failure until it succeeds: a burst of parallel guesses is counted whole.
    await tx.$executeRaw`
      UPDATE sign_in_throttle SET failures = failures + 1, last_at = ${at}
      WHERE key IN (${keys[0].key}, ${keys[1].key})`;
    return { allowed: true };
  });
}

/** A correct password: the account starts again from nothing, and the client's count takes this attempt back. */
export async function clearAttempts(email: string, client: string): Promise<void> {
  const [account, address] = keysOf(email, client);
  await db.$executeRaw`DELETE FROM sign_in_throttle WHERE key = ${account.key}`;
  await db.$executeRaw`UPDATE sign_in_throttle SET failures = greatest(failures - 1, 0) WHERE key = ${address.key}`;
}
