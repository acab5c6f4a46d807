// What every route handler gets from route(), tried as an attacker would: a form posted from another site with an
// operator's cookie, bodies that are not JSON, NUL characters, ids past PostgreSQL's integer, a range in year 0,
// another person's idempotency key. Each is a 4xx that names the problem and changes nothing.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const faults = await import('@/app/api/simulator/faults/route');
const nodes = await import('@/app/api/nodes/[id]/route');
const jobs = await import('@/app/api/jobs/[id]/route');
const jobList = await import('@/app/api/jobs/route');
const overview = await import('@/app/api/overview/route');

const CONSOLE = 'http://console.test';
const operators = {
  ana: { id: 2, name: 'Ana', email: 'ana@fleet.local', role: 'operator' as const },
  bo: { id: 4, name: 'Bo', email: 'bo@fleet.local', role: 'operator' as const },
};

function postFault(body: unknown, headers: Record<string, string> = {}) {
  return faults.POST(
    new Request(`${CONSOLE}/api/simulator/faults`, {
      method: 'POST',
      headers: { origin: CONSOLE, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

const get = (handler: typeof nodes.GET, path: string, params: Record<string, string> = {}) =>
  handler(new Request(`${CONSOLE}${path}`), { params: Promise.resolve(params) });

const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  await db.user.createMany({
    data: Object.values(operators).map(({ id, name, email, role }) => ({ id, name, email, role })),
  });
});

describe('a route that changes something', () => {
  const fault = { kind: 'hang', target: 'job-000001' };

  it('refuses a form posted from another site with a signed-in cookie, and audits it', async () => {
    session.user = operators.ana;
    const attempts: Record<string, string>[] = [
      // The attack as found: a text/plain form from another port of the same host.
      { origin: 'http://console.test:4000', 'content-type': 'text/plain' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of attempts) {
      const response = await postFault(fault, headers);
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toMatchObject({ code: 'cross_origin' });
    }
    const noOrigin = await faults.POST(
      new Request(`${CONSOLE}/api/simulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      }),
    );
    expect(noOrigin.status).toBe(403);
    expect((await errorOf(noOrigin)).message).toMatch(/names no Origin/);
    expect(await db.simCommand.count()).toBe(0);
    const denied = await db.auditEvent.findMany({ where: { action: 'simulator.fault', result: 'denied' } });
    expect(denied.map((row) => [row.actorLabel, row.repeats])).toEqual([['ana@fleet.local', 6]]);
  });

  it('refuses a body that is not JSON from its own pages too', async () => {
    session.user = operators.ana;
    const plain = await postFault(JSON.stringify(fault), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(await errorOf(plain)).toMatchObject({ code: 'unsupported_media_type' });
    const form = await postFault('kind=hang&target=job-000001', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(await db.simCommand.count()).toBe(0);
  });

  it('refuses a NUL character in the body, naming the field', async () => {
    session.user = operators.ana;
    const response = await postFault({ kind: 'hang', target: 'job\u0000' });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      code: 'invalid_characters',
      message: expect.stringContaining('body.target'),
    });
    expect(await db.simCommand.count()).toBe(0);
  });

  it('accepts JSON from its own pages, and audits the success itself', async () => {
    session.user = operators.ana;
    const response = await postFault({ ...fault, idempotencyKey: randomUUID() });
    expect(response.status).toBe(202);
    const ok = await db.auditEvent.findMany({ where: { action: 'simulator.fault', result: 'ok' } });
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actorLabel: 'ana@fleet.local', targetType: 'simulator', targetId: 'job-000001' });
  });

  it("keeps each person's idempotency keys their own", async () => {
    const idempotencyKey = randomUUID();
    session.user = operators.ana;
    const first = await postFault({ kind: 'hang', target: 'job-000002', idempotencyKey });
    expect(first.status).toBe(202);
    const anas = (await first.json()).command;

    // Bo sends the same key with another fault: his own command, never Ana's.
    session.user = operators.bo;
    const other = await postFault({ kind: 'thermal', target: 'gpu-a-003', idempotencyKey });
    expect(other.status).toBe(202);
    const bos = (await other.json()).command;
    expect(bos.id).not.toBe(anas.id);
    expect(bos).toMatchObject({ requestedBy: 'bo@fleet.local', params: { kind: 'thermal', target: 'gpu-a-003' } });

    // Ana's key with another fault is a conflict; with the same fault, her first command.
    session.user = operators.ana;
    const reused = await postFault({ kind: 'job_failure', target: 'job-000002', idempotencyKey });
    expect(reused.status).toBe(409);
    const again = await postFault({ kind: 'hang', target: 'job-000002', idempotencyKey });
    expect(again.status).toBe(200);
    expect((await again.json()).command.id).toBe(anas.id);
  });
});

describe('a route that reads', () => {
  it('answers ids past what PostgreSQL stores as not found, naming the id', async () => {
    session.user = operators.ana;
    for (const id of ['2147483648', '99999999999999999999', '1e3', '0', '-4']) {
      const response = await get(nodes.GET, `/api/nodes/${id}`, { id });
      expect(response.status).toBe(404);
      expect((await errorOf(response)).message).toContain(`"${id}"`);
    }
    const job = await get(jobs.GET, '/api/jobs/2147483648', { id: '2147483648' });
    expect(job.status).toBe(404);
    const real = await get(nodes.GET, '/api/nodes/2147483647', { id: '2147483647' });
    expect(real.status).toBe(404);
    expect((await errorOf(real)).message).toBe('There is no node with id 2147483647.');
  });

  it.each([
    {
      what: 'a time range in year 0',
      handler: overview.GET,
      path: '/api/overview?from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z',
      status: 422,
      code: 'invalid_range',
      naming: 'between the years 1970 and 9999',
    },
    {
      what: 'a NUL character in a search',
      handler: jobList.GET,
      path: '/api/jobs?q=mmlu%00',
      status: 400,
      code: 'invalid_characters',
      naming: 'query.q',
    },
  ])('answers $what with $status naming it', async ({ handler, path, status, code, naming }) => {
    session.user = operators.ana;
    const response = await get(handler, path);
    expect(response.status).toBe(status);
    expect(await errorOf(response)).toMatchObject({ code, message: expect.stringContaining(naming) });
  });
});
