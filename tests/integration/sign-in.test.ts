// Password guessing and stolen sessions, on the real database: delays that grow per account and per client address
// (the same for unknown emails), counted whole under a burst, audited without flooding the log; and sessions that
// end everywhere when their holder signs out, is deactivated or changes role.
import bcrypt from 'bcryptjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { clearAttempts, countAttempt, delayAfter } from '@/lib/auth/throttle';
import { verifyPassword } from '@/lib/auth/accounts';
import { endSession, endSessionsOf, SESSION_CHECK_MS, sessionState, startSession } from '@/lib/auth/sessions';

const PASSWORD = 'correct horse battery staple';
const ada = { id: 1, email: 'ada@fleet.local', name: 'Ada', role: 'operator' as const };

beforeAll(async () => {
  await db.user.create({ data: { ...ada, passwordHash: await bcrypt.hash(PASSWORD, 4) } });
});
beforeEach(async () => {
  await db.auditEvent.deleteMany();
});

/** The throttle's clock, moved by each test: delays are measured on it, so no test depends on how fast it runs. */
let clock = Date.parse('2026-12-01T10:00:00Z');
const later = (seconds: number) => (clock += seconds * 1000);

/** Tries a password as the sign-in endpoint does: counted first, checked only when allowed. */
async function attempt(email: string, password: string, client = '198.51.100.7') {
  const counted = await countAttempt(email, client, new Date(clock));
  if (!counted.allowed) return { status: 429, retryAfter: counted.retryAfterSeconds };
  return { status: (await verifyPassword(email, password, client)) ? 200 : 401 };
}

describe('the sign-in throttle', () => {
  beforeEach(() => later(3 * 3600)); // counts fade after an hour: each test starts afresh

  it('lets 5 failures through, then makes each next attempt wait twice as long, up to 15 minutes', () => {
    expect([0, 4, 5, 6, 7, 10, 14, 15, 40].map((failures) => delayAfter('account', failures))).toEqual([
      0, 0, 1, 2, 4, 32, 512, 900, 900,
    ]);
    expect(delayAfter('client', 19)).toBe(0);
    expect(delayAfter('client', 20)).toBe(1);
  });

  it('refuses the right password too while an account must wait, and answers an unknown email the same way', async () => {
    for (const email of [ada.email, 'nobody@fleet.local']) {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push((await attempt(email, 'wrong')).status);
      expect(answers).toEqual([401, 401, 401, 401, 401]);
      expect(await attempt(email, PASSWORD)).toEqual({ status: 429, retryAfter: 1 });
      later(1);
      expect((await attempt(email, 'wrong')).status).toBe(401);
      later(1);
      expect(await attempt(email, PASSWORD)).toEqual({ status: 429, retryAfter: 1 });
      later(1);
      expect((await attempt(email, 'wrong')).status).toBe(401);
      expect(await attempt(email, PASSWORD)).toEqual({ status: 429, retryAfter: 4 });
      later(3 * 3600);
    }
  });

  it('after 30 wrong passwords in a row, the right one is refused until the delay has passed', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await attempt(ada.email, 'wrong')).status).toBe(401);
      later(900); // each guess waits out its delay, as a patient attacker would
    }
    later(-900);
    expect(await attempt(ada.email, PASSWORD)).toEqual({ status: 429, retryAfter: 900 });
    later(900);
    expect((await attempt(ada.email, PASSWORD)).status).toBe(200);
    // A success starts the account again from nothing.
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${ada.email}` } })).toBeNull();
  });

  it('counts a burst of parallel guesses whole', async () => {
    const at = new Date(clock);
    const answers = await Promise.all(Array.from({ length: 12 }, () => countAttempt(ada.email, '203.0.113.9', at)));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(5);
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: `account:${ada.email}` } });
    expect(row.failures).toBe(5);
  });

  it('slows one client address trying many accounts', async () => {
    // Counting alone decides this; no password needs checking (each attempt counts until it succeeds).
    const client = '192.0.2.44';
    const at = new Date(clock);
    for (let i = 0; i < 20; i++)
      expect(await countAttempt(`user${i}@fleet.local`, client, at)).toEqual({ allowed: true });
    expect(await countAttempt('user20@fleet.local', client, at)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another address is not slowed by this one.
    expect(await countAttempt('user20@fleet.local', '192.0.2.45', at)).toEqual({ allowed: true });
  });

  it('audits each start of a wait once, not every refused attempt', async () => {
    for (let i = 0; i < 5; i++) await attempt(ada.email, 'wrong');
    for (let i = 0; i < 10; i++) expect((await attempt(ada.email, 'wrong')).status).toBe(429);
    later(1);
    expect((await attempt(ada.email, 'wrong')).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await attempt(ada.email, 'wrong')).status).toBe(429);
    const throttled = await db.auditEvent.findMany({ where: { action: 'auth.throttled', actorLabel: ada.email } });
    // Two waits began; within a minute of each other, one row counts them.
    expect(throttled.map((row) => [row.actorLabel, row.result, row.repeats])).toEqual([[ada.email, 'denied', 2]]);
    const failures = await db.auditEvent.findMany({
      where: { action: 'auth.sign_in', result: 'denied', actorLabel: ada.email },
    });
    expect(failures.map((row) => row.repeats)).toEqual([6]);
  });

  it('gives back the attempt a correct password used', async () => {
    const client = '198.51.100.8';
    await attempt(ada.email, 'wrong', client);
    expect((await attempt(ada.email, PASSWORD, client)).status).toBe(200);
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: `client:${client}` } });
    expect(row.failures).toBe(1);
    await clearAttempts(ada.email, client);
  });
});

describe('sessions', () => {
  afterEach(() => vi.useRealTimers());

  it('ends at sign-out, for this process at once', async () => {
    const id = await startSession(ada.id, 'credentials');
    expect(await sessionState(id)).toMatchObject({ userId: ada.id, role: 'operator' });
    await endSession(id, 'signed out');
    expect(await sessionState(id)).toBeNull();
    expect(await db.userSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ endedReason: 'signed out' });
  });

  it('ends in every process within the check interval when another process ends it', async () => {
    const id = await startSession(ada.id, 'credentials');
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await sessionState(id)).not.toBeNull();
    // Another web process signs the person out: only the database knows.
    await db.userSession.update({ where: { id }, data: { endedAt: new Date(), endedReason: 'signed out' } });
    vi.setSystemTime(Date.now() + SESSION_CHECK_MS);
    expect(await sessionState(id)).toBeNull();
  });

  it("ends all of a person's sessions on a role change or deactivation, and refuses a disabled account's", async () => {
    const first = await startSession(ada.id, 'credentials');
    const second = await startSession(ada.id, 'oidc');
    expect(await sessionState(first)).not.toBeNull();
    expect(await endSessionsOf(ada.id, 'role changed to viewer')).toBe(2);
    expect(await sessionState(first)).toBeNull();
    expect(await sessionState(second)).toBeNull();

    const third = await startSession(ada.id, 'credentials');
    await db.user.update({ where: { id: ada.id }, data: { disabled: true } });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + SESSION_CHECK_MS);
    expect(await sessionState(third)).toBeNull();
    await db.user.update({ where: { id: ada.id }, data: { disabled: false } });
  });

  it('refuses a session id that never existed, or is not one at all', async () => {
    expect(await sessionState('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await sessionState("x' OR true --")).toBeNull();
    expect(await sessionState('')).toBeNull();
  });
});
