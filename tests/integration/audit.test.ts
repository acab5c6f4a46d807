// The audit log's read: each filter narrows to what it names, action families, the console against a person,
// text search, pages that neither skip nor repeat an event, the filter menus' values, and bad links named.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import {
  auditFacets,
  listAuditEvents,
  parseAuditCursor,
  parseAuditFilters,
  type AuditFilters,
  type AuditRow,
} from '@/lib/queries/audit-log';

const NOW = new Date('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
const DAY = { from: ago(24), to: NOW };

type Seed = {
  hoursAgo: number;
  actor: 'system' | 1 | 2;
  action: string;
  target?: [string, string];
  reason?: string;
  message?: string;
  result?: 'ok' | 'denied' | 'invalid' | 'failed';
  input?: object;
};

const EMAILS = { 1: 'Alice.Admin@fleet.local', 2: 'otto@fleet.local' } as const;

const SEEDS: Seed[] = [
  { hoursAgo: 30, actor: 1, action: 'rate.create', target: ['rate_card', 'H800/spot'] }, // outside the last day
  { hoursAgo: 20, actor: 'system', action: 'job.restart', target: ['job', '7'], reason: 'Stalled for 10 minutes' },
  { hoursAgo: 19, actor: 2, action: 'job.restart', target: ['job', '8'], reason: 'Loss spike, restart from ckpt' },
  { hoursAgo: 18, actor: 2, action: 'job.cancel', target: ['job', '7'], message: 'Cancelled at 100% of budget' },
  { hoursAgo: 17, actor: 'system', action: 'node.cordon', target: ['node', '3'], reason: 'XID 79 on GPU 2' },
  { hoursAgo: 16, actor: 2, action: 'node.drain', target: ['node', '3'], result: 'denied', message: 'Needs operator' },
  { hoursAgo: 15, actor: 'system', action: 'incident.open', target: ['incident', '12'], reason: 'Budget at 100%' },
  { hoursAgo: 14, actor: 1, action: 'jobs.export', reason: 'restart review' },
  {
    hoursAgo: 13,
    actor: 1,
    action: 'channel.create',
    target: ['notification_channel', 'ops'],
    result: 'invalid',
    input: { name: 'ops', url: 'not a url' },
  },
  { hoursAgo: 12, actor: 2, action: 'job.restart', target: ['job', '7'], result: 'failed', message: 'Executor down' },
];

beforeAll(async () => {
  await db.user.createMany({
    data: [
      { id: 1, email: EMAILS[1], name: 'Alice', role: 'admin' },
      { id: 2, email: EMAILS[2], name: 'Otto', role: 'operator' },
    ],
  });
  // One at a time, so that ids follow the order of the list.
  for (const seed of SEEDS) {
    await db.auditEvent.create({
      data: {
        at: ago(seed.hoursAgo),
        actorKind: seed.actor === 'system' ? 'system' : 'user',
        actorId: seed.actor === 'system' ? null : seed.actor,
        actorLabel: seed.actor === 'system' ? 'system' : EMAILS[seed.actor],
        action: seed.action,
        targetType: seed.target?.[0],
        targetId: seed.target?.[1],
        reason: seed.reason,
        message: seed.message,
        input: seed.input,
        result: seed.result ?? 'ok',
      },
    });
  }
});

const actions = (rows: AuditRow[]) => rows.map((row) => row.action);
const list = async (filters: AuditFilters, range = DAY) => (await listAuditEvents(range, filters)).rows;

describe('filtering the audit log', () => {
  it('lists the range newest first, leaving out what happened before it', async () => {
    const rows = await list({});
    expect(rows).toHaveLength(9);
    expect(rows.map((row) => row.at)).toEqual([...rows.map((row) => row.at)].sort().reverse());
    expect(actions(rows)).not.toContain('rate.create');
    expect(actions(await list({}, { from: ago(48), to: NOW }))).toContain('rate.create');
  });

  it('tells the console itself from a person, and finds a person by email whatever its case', async () => {
    const system = await list({ actor: 'system' });
    expect(actions(system)).toEqual(['incident.open', 'node.cordon', 'job.restart']);
    expect(system.every((row) => row.actor.kind === 'system' && row.actor.id === null)).toBe(true);
    const alice = await list({ actor: 'alice.admin@fleet.local' });
    expect(actions(alice)).toEqual(['channel.create', 'jobs.export']);
    expect(alice[0].actor).toEqual({ kind: 'user', id: 1, label: EMAILS[1] });
    expect(await list({ actor: 'nobody@fleet.local' })).toEqual([]);
  });

  it('matches an action exactly, or a whole family with job.*', async () => {
    expect(actions(await list({ action: 'job.restart' }))).toEqual(['job.restart', 'job.restart', 'job.restart']);
    // A family is the part before the dot: jobs.export is not a job action.
    expect(actions(await list({ action: 'job.*' }))).toEqual([
      'job.restart',
      'job.cancel',
      'job.restart',
      'job.restart',
    ]);
    expect(actions(await list({ action: 'node.*' }))).toEqual(['node.drain', 'node.cordon']);
    expect(await list({ action: 'job' })).toEqual([]);
  });

  it('narrows by target type, and by type and id together', async () => {
    expect(actions(await list({ targetType: 'node' }))).toEqual(['node.drain', 'node.cordon']);
    const job7 = await list({ targetType: 'job', targetId: '7' });
    expect(job7.map((row) => [row.action, row.targetId])).toEqual([
      ['job.restart', '7'],
      ['job.cancel', '7'],
      ['job.restart', '7'],
    ]);
  });

  it('narrows by result, and keeps the input of a refused change', async () => {
    expect(actions(await list({ result: 'failed' }))).toEqual(['job.restart']);
    expect(actions(await list({ result: 'denied' }))).toEqual(['node.drain']);
    const [invalid] = await list({ result: 'invalid' });
    expect(invalid.input).toEqual({ name: 'ops', url: 'not a url' });
  });

  it('searches reason and message without regard to case, taking % literally', async () => {
    expect(actions(await list({ q: 'RESTART' }))).toEqual(['jobs.export', 'job.restart']);
    expect(actions(await list({ q: 'executor' }))).toEqual(['job.restart']);
    expect(actions(await list({ q: '100%' }))).toEqual(['incident.open', 'job.cancel']);
    expect(await list({ q: '1%0' })).toEqual([]);
  });

  it('combines filters: every one must hold', async () => {
    const rows = await list({ actor: 'otto@fleet.local', action: 'job.*', targetId: '7', result: 'ok' });
    expect(rows.map((row) => [row.action, row.targetId, row.result])).toEqual([['job.cancel', '7', 'ok']]);
  });
});

describe('pages of the audit log', () => {
  const RANGE = { from: ago(200), to: ago(100) };
  const ids = (rows: AuditRow[]) => rows.map((row) => Number(row.id));

  beforeAll(async () => {
    await db.auditEvent.createMany({
      data: Array.from({ length: 23 }, (_, index) => ({
        at: ago(199 - index),
        actorKind: 'system' as const,
        actorLabel: 'system',
        action: index % 2 ? 'node.cordon' : 'job.restart',
        result: 'ok' as const,
      })),
    });
  });

  it('walks back and forth through every event once, even as new events arrive', async () => {
    const seen: number[][] = [];
    let page = await listAuditEvents(RANGE, {}, null, 5);
    expect(page.newer).toBeNull();
    seen.push(ids(page.rows));
    while (page.older) {
      if (seen.length === 2) {
        // A new event mid-walk lands at the top, not between pages.
        await db.auditEvent.create({
          data: { at: ago(101), actorKind: 'system', actorLabel: 'system', action: 'job.restart', result: 'ok' },
        });
      }
      page = await listAuditEvents(RANGE, {}, { before: page.older }, 5);
      seen.push(ids(page.rows));
    }
    expect(seen.map((rows) => rows.length)).toEqual([5, 5, 5, 5, 3]);
    const flat = seen.flat();
    expect(new Set(flat).size).toBe(23);
    expect(flat).toEqual([...flat].sort((a, b) => b - a));

    // And forward again from the oldest page: the same pages, then the new event on top.
    const back: number[][] = [];
    while (page.newer) {
      page = await listAuditEvents(RANGE, {}, { after: page.newer }, 5);
      back.unshift(ids(page.rows));
    }
    expect(back.slice(-4)).toEqual(seen.slice(0, 4));
    expect(back[0]).toHaveLength(1);
    expect(back[0][0]).toBeGreaterThan(flat[0]);
  });

  it('pages within a filter, without counting events it leaves out', async () => {
    const first = await listAuditEvents(RANGE, { action: 'node.cordon' }, null, 10);
    expect(first.rows).toHaveLength(10);
    const second = await listAuditEvents(RANGE, { action: 'node.cordon' }, { before: first.older! }, 10);
    expect(second.rows).toHaveLength(1);
    expect(second.older).toBeNull();
    expect(second.newer).toBe(second.rows[0].id);
    expect(actions([...first.rows, ...second.rows]).every((action) => action === 'node.cordon')).toBe(true);
  });
});

describe('the filter menus', () => {
  it('lists the actions and actors of the range, and every target type', async () => {
    const facets = await auditFacets(DAY);
    expect(facets.actions).toEqual([
      'channel.create',
      'incident.open',
      'job.cancel',
      'job.restart',
      'jobs.export',
      'node.cordon',
      'node.drain',
    ]);
    expect(facets.actors).toEqual(['system', 'alice.admin@fleet.local', 'otto@fleet.local']);
    expect(facets.targetTypes).toEqual(['incident', 'job', 'node', 'notification_channel', 'rate_card']);
    const quiet = await auditFacets({ from: ago(32), to: ago(29) });
    expect(quiet).toMatchObject({ actions: ['rate.create'], actors: ['alice.admin@fleet.local'] });
  });
});

describe('reading the URL', () => {
  it('reads every filter, the range and a page', () => {
    const search = new URLSearchParams({
      from: '2026-11-23T00:00:00Z',
      to: '2026-11-24T00:00:00Z',
      actor: 'Otto@Fleet.local',
      action: 'job.*',
      targetType: 'job',
      targetId: '7',
      result: 'failed',
      q: ' executor ',
      before: '120',
    });
    const parsed = parseAuditFilters(search, NOW);
    expect(parsed.issues).toEqual([]);
    expect(parsed.range).toMatchObject({ from: new Date('2026-11-23T00:00:00Z'), preset: null });
    expect(parsed.filters).toEqual({
      actor: 'otto@fleet.local',
      action: 'job.*',
      targetType: 'job',
      targetId: '7',
      result: 'failed',
      q: 'executor',
    });
    expect(parseAuditCursor(search)).toEqual({ cursor: { before: '120' }, issues: [] });
  });

  it('defaults to the last 7 days and no filters', () => {
    const parsed = parseAuditFilters({}, NOW);
    expect(parsed).toEqual({ range: { from: ago(7 * 24), to: NOW, preset: '7d' }, filters: {}, issues: [] });
  });

  it('names each bad value, leaving it out and keeping the rest', () => {
    const parsed = parseAuditFilters(
      { actor: 'bob', action: 'job.', result: 'maybe', targetType: 'Job Card', range: '2y', targetId: '7' },
      NOW,
    );
    expect(parsed.filters).toEqual({ targetId: '7' });
    expect(parsed.range.preset).toBe('7d');
    expect(Object.fromEntries(parsed.issues.map((issue) => [issue.field, issue.message]))).toEqual({
      range: 'Invalid time range: `range` must be one of 1h, 6h, 24h, 7d, 30d.',
      actor: '`actor` must be system or a person\'s email address (got "bob").',
      action: '`action` must be an action such as job.restart, or a family such as job.* (got "job.").',
      targetType: '`targetType` must be a type such as job, node or incident (got "Job Card").',
      result: '`result` must be one of ok, denied, invalid, failed (got "maybe").',
    });
    expect(parseAuditCursor({ before: '12abc' })).toEqual({
      cursor: null,
      issues: [{ field: 'before', message: '`before` must be an event id, a whole number above 0.' }],
    });
  });
});
