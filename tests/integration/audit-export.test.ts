// The audit log as CSV: every matching event (not one page) for admins, nobody else; bad filters named; and the
// export itself written to the log it exports.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { session } from './fake-session';

vi.mock('@/lib/auth/session', async () => (await import('./fake-session')).fakeSessionModule());
const { GET: exportCsv } = await import('@/app/api/audit/export/route');

const admin = { id: 1, name: 'A', email: 'admin@fleet.local', role: 'admin' as const };
const operator = { id: 2, name: 'O', email: 'operator@fleet.local', role: 'operator' as const };
const viewer = { id: 3, name: 'V', email: 'viewer@fleet.local', role: 'viewer' as const };

const FROM = '2026-11-01T00:00:00.000Z';
const TO = '2026-11-08T00:00:00.000Z';
const EVENTS = 2_345; // more than one batch of the export
const HEADER = 'id,at,actor_kind,actor,action,target_type,target_id,reason,result,message,input,repeats,last_at';

const download = (query: Record<string, string>) =>
  exportCsv(
    new Request(`http://console.test/api/audit/export?${new URLSearchParams({ from: FROM, to: TO, ...query })}`),
  );
const lines = async (response: Response) => (await response.text()).trimEnd().split('\n');
const exportsLogged = () => db.auditEvent.findMany({ where: { action: 'audit.export' }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  await db.user.createMany({ data: [admin, operator, viewer] });
  const start = Date.parse(FROM);
  await db.auditEvent.createMany({
    data: Array.from({ length: EVENTS }, (_, index) => ({
      at: new Date(start + index * 60_000),
      actorKind: index % 3 ? ('user' as const) : ('system' as const),
      actorId: index % 3 ? 2 : null,
      actorLabel: index % 3 ? operator.email : 'system',
      action: index % 5 ? 'job.restart' : 'node.cordon',
      targetType: index % 5 ? 'job' : 'node',
      targetId: String(index % 40),
      reason: index === 7 ? '=HYPERLINK("http://evil.example")' : `reason ${index}`,
      result: 'ok' as const,
      input: index === 7 ? { note: 'a, "quoted" note' } : undefined,
    })),
  });
  // Outside the range: never in the file.
  await db.auditEvent.create({
    data: {
      at: new Date('2026-10-01T00:00:00Z'),
      actorKind: 'system',
      actorLabel: 'system',
      action: 'job.restart',
      result: 'ok',
    },
  });
});
beforeEach(() => {
  session.user = admin;
});

describe('exporting the audit log', () => {
  it('gives an admin every event of the range, newest first, with a header row and ISO times', async () => {
    const response = await download({});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="audit-20261101T0000Z-20261108T0000Z.csv"',
    );
    const [header, ...rows] = await lines(response);
    expect(header).toBe(HEADER);
    expect(rows).toHaveLength(EVENTS);
    const ids = rows.map((row) => Number(row.split(',')[0]));
    expect(new Set(ids).size).toBe(EVENTS);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(rows[0]).toMatch(
      /^\d+,2026-11-02T15:04:00\.000Z,user,operator@fleet\.local,job\.restart,job,24,reason 2344,ok,,,1,$/,
    );
  });

  it('applies the same filters as the page, and keeps formulas and JSON inert', async () => {
    const [, ...rows] = await lines(await download({ actor: 'system', action: 'node.*' }));
    // Every 15th event is both the console's and a node's.
    expect(rows).toHaveLength(Math.ceil(EVENTS / 15));
    expect(rows.every((row) => row.includes(',system,system,node.cordon,node,'))).toBe(true);

    const [, seventh] = await lines(await download({ targetType: 'job', targetId: '7', q: 'hyperlink' }));
    expect(seventh).toContain(`,"'=HYPERLINK(""http://evil.example"")",ok,,`);
    expect(seventh).toContain('"{""note"":""a, \\""quoted\\"" note""}"');
  });

  it('records each export with the filters it used, after reading, so a file never lists its own download', async () => {
    await db.auditEvent.deleteMany({ where: { action: 'audit.export' } });
    const wide = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const text = await (await download({ ...wide, action: 'audit.*' })).text();
    expect(text.trimEnd()).toBe(HEADER);
    const [logged] = await exportsLogged();
    expect(logged).toMatchObject({
      actorKind: 'user',
      actorId: admin.id,
      actorLabel: admin.email,
      result: 'ok',
      input: { from: wide.from, to: wide.to, action: 'audit.*' },
    });
    const [, again] = await lines(await download({ ...wide, action: 'audit.*' }));
    expect(again.split(',')[0]).toBe(String(logged.id));
  });

  it.each([
    ['operator', operator],
    ['viewer', viewer],
  ])('refuses an %s with 403, and logs the refusal', async (_, user) => {
    session.user = user;
    const response = await download({});
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
    const refused = (await exportsLogged()).filter((event) => event.actorId === user.id);
    expect(refused).toMatchObject([{ result: 'denied' }]);
  });

  it('answers a bad filter with 400, naming the field, and exports nothing', async () => {
    const response = await download({ result: 'maybe', action: 'job.restart' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 'invalid_filter',
        message: '`result` must be one of ok, denied, invalid, failed (got "maybe").',
        fields: { result: ['`result` must be one of ok, denied, invalid, failed (got "maybe").'] },
      },
    });
    const range = await download({ from: 'yesterday' });
    expect(range.status).toBe(400);
    expect(await range.json()).toMatchObject({ error: { fields: { range: [expect.stringContaining('`from`')] } } });
  });

  it('asks for a session', async () => {
    session.user = null;
    expect((await download({})).status).toBe(401);
  });
});
