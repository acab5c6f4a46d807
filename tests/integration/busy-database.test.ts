// A slow, crowded database makes an action slower, never wrong. Reproduced here as it happened on a loaded CI
// machine: every connection of the pool busy for longer than a transaction used to wait to start (a double-submitted
// action then answered "internal"), and a twin's idempotency key locked by a request that takes its time.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { session, type FakeUser } from './fake-session';

// A small pool, so that the test can keep all of it busy, as a loaded machine does.
process.env.FLEET_DB_POOL = '2';
vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { db } = await import('@/lib/db');
const { action } = await import('@/lib/actions/action');

const admin: FakeUser = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' };
const createTeam = action({
  name: 'team.create',
  role: 'admin',
  input: z.object({ name: z.string().min(2) }),
  async run({ input, tx }) {
    const team = await tx.team.create({ data: { name: input.name } });
    return { id: team.id, name: team.name };
  },
});

beforeAll(async () => {
  await db.user.create({ data: { id: admin.id, email: admin.email, name: admin.name, role: admin.role } });
  session.user = admin;
});

/** Keeps every connection of the pool inside a transaction for `ms`, as slow requests on a loaded machine do. */
function occupyPool(ms: number) {
  return Promise.all(
    [1, 2].map(() =>
      db.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_sleep(${ms / 1000})`;
        },
        { timeout: ms + 30_000 },
      ),
    ),
  );
}

describe('a crowded database', () => {
  it('answers a double submit once, the same to both, after waiting for a connection', async () => {
    const busy = occupyPool(4_000);
    // Both sent while every connection is taken, longer than Prisma's own 2 s wait to start a transaction.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const idempotencyKey = randomUUID();
    const [first, twin] = await Promise.all([
      createTeam({ name: 'ml-infra', idempotencyKey }),
      createTeam({ name: 'ml-infra', idempotencyKey }),
    ]);
    await busy;
    expect(first).toMatchObject({ ok: true, data: { name: 'ml-infra' } });
    expect(twin).toEqual(first);
    expect(await db.team.count({ where: { name: 'ml-infra' } })).toBe(1);
  });
});

describe('a request holding the idempotency key', () => {
  let blocker: pg.Client;
  beforeAll(async () => {
    blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    return () => blocker.end();
  });

  /** The first of two twins, still at work: its key is claimed in a transaction not yet committed. */
  async function firstTwinAtWork(key: string, name: string) {
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO action_request (key, action, actor_id, input) VALUES ($1, 'team.create', $2, $3::jsonb)`,
      [key, admin.id, JSON.stringify({ name })],
    );
  }

  it('makes the twin wait, then answers it with the first one’s result', async () => {
    const key = randomUUID();
    await firstTwinAtWork(key, 'research');
    const twin = createTeam({ name: 'research', idempotencyKey: key });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await blocker.query(`INSERT INTO team (name) VALUES ('research')`);
    await blocker.query(
      `UPDATE action_request SET result = '{"data": {"id": 99, "name": "research"}}' WHERE key = $1`,
      [key],
    );
    await blocker.query('COMMIT');
    expect(await twin).toEqual({ ok: true, data: { id: 99, name: 'research' } });
    expect(await db.team.count({ where: { name: 'research' } })).toBe(1);
  });

  it('gives up after a bounded wait with "busy", changing nothing, and the same request succeeds later', async () => {
    const key = randomUUID();
    await firstTwinAtWork(key, 'platform');
    const answer = await createTeam({ name: 'platform', idempotencyKey: key });
    expect(answer).toMatchObject({ ok: false, code: 'busy', error: expect.stringContaining('Try again') });
    await blocker.query('ROLLBACK');
    expect(await db.team.count({ where: { name: 'platform' } })).toBe(0);
    expect(await createTeam({ name: 'platform', idempotencyKey: key })).toMatchObject({ ok: true });
    const failed = await db.auditEvent.findFirst({ where: { action: 'team.create', result: 'failed' } });
    expect(failed?.message).toContain('busy');
  });
});
