import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemo } from '@/lib/db/seed';
import { db } from '@/lib/db';
import { Collector } from '@/lib/worker/collector';
import { newSimulator, openSimulator, type SimulatorConfig } from '@/lib/worker/simulator-session';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET, POST } = await import('@/app/api/simulator/faults/route');

const config: SimulatorConfig = { seed: 11, nodes: 8, backfillDays: 1 };
const MINUTE = 60_000;
const users = {
  viewer: { id: 1, name: 'V', email: 'viewer@fleet.local', role: 'viewer' as const },
  operator: { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' as const },
};

const post = (body: unknown) =>
  POST(
    new Request('http://console.test/api/simulator/faults', {
      method: 'POST',
      headers: { origin: 'http://console.test', 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

describe('fault injection', () => {
  let pool: pg.Pool;
  let collector: Collector;
  let runningJob: string;

  beforeAll(async () => {
    await seedDemo(db, await newSimulator(config).topology(), { pricesFrom: new Date(Date.now() - 3 * 86_400_000) });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    collector = new Collector(pool, { openSource: (p) => openSimulator(p, config), backfillSampleHours: 1 });
    await collector.lead();
    await collector.advance(new Date());
    const { rows } = await pool.query(
      `SELECT external_id FROM job WHERE state = 'running' ORDER BY kind = 'inference', gpus_requested DESC LIMIT 1`,
    );
    runningJob = rows[0].external_id;
  });
  afterAll(async () => {
    await collector.resign();
    await pool.end();
  });

  it('refuses viewers and anonymous callers, and changes nothing', async () => {
    session.user = null;
    expect((await post({ kind: 'hang', target: runningJob })).status).toBe(401);
    session.user = users.viewer;
    const response = await post({ kind: 'hang', target: runningJob });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(await db.simCommand.count()).toBe(0);
    const denied = await db.auditEvent.findFirst({ where: { action: 'simulator.fault', result: 'denied' } });
    expect(denied?.actorLabel).toBe('viewer@fleet.local');
  });

  it('answers malformed input with a clear error at the field', async () => {
    session.user = users.operator;
    const bad = await post({ kind: 'meteor', target: '' });
    expect(bad.status).toBe(422);
    const { error } = await bad.json();
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(['kind', 'target']));
    expect((await post('{not json')).status).toBe(400);
    expect(await db.simCommand.count()).toBe(0);
  });

  it('queues a fault once however often the same request is sent, and the worker applies it once', async () => {
    session.user = users.operator;
    const idempotencyKey = randomUUID();
    const first = await post({ kind: 'fatal_xid', target: runningJob, code: 79, idempotencyKey });
    const second = await post({ kind: 'fatal_xid', target: runningJob, code: 79, idempotencyKey });
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    const [a, b] = [(await first.json()).command, (await second.json()).command];
    expect(b.id).toBe(a.id);
    expect(await db.simCommand.count()).toBe(1);

    const cursor = (await pool.query('SELECT data_until FROM data_source')).rows[0].data_until as Date;
    await collector.advance(new Date(cursor.getTime() + 2 * MINUTE));

    const command = await db.simCommand.findFirstOrThrow();
    expect(command.appliedAt).not.toBeNull();
    expect(command.result).toMatchObject({ ok: true });
    const fault = await pool.query(`SELECT code, fatal FROM gpu_fault WHERE kind = 'xid' AND code = 79 AND fatal`);
    expect(fault.rowCount).toBe(1);
    const node = await pool.query(
      `SELECT n.state FROM node n JOIN gpu_fault f ON f.node_id = n.id WHERE f.code = 79 AND f.fatal LIMIT 1`,
    );
    expect(node.rows[0].state).toBe('down');

    // A later step does not apply it again.
    await collector.advance(new Date(cursor.getTime() + 4 * MINUTE));
    expect((await pool.query(`SELECT count(*)::int AS n FROM gpu_fault WHERE code = 79 AND fatal`)).rows[0].n).toBe(1);

    const listed = await (await GET(new Request('http://console.test/api/simulator/faults'))).json();
    expect(listed.commands[0]).toMatchObject({ id: a.id, kind: 'fault' });
  });
});
