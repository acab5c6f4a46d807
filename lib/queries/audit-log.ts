// The audit log: every change, by a person or by the console itself, filtered by the URL's parameters and read
// newest first, a page at a time. Pages are keyset pages on the event id (`before`/`after`), so a page never skips
// or repeats an event while new ones arrive, and reading page 500 costs what page 1 does.
import 'server-only';
import { z } from 'zod';
import { db, Prisma } from '@/lib/db';
import { AUDIT_RESULTS, type ActorKind, type AuditResult } from '@/lib/domain/enums';
import { likePattern } from '@/lib/queries/jobs/filters';
import { parseTimeRangeOr, presetRange, type ParsedTimeRange, type RangePreset } from '@/lib/time-range';
import { paramValue, type ParamIssue, type SearchParamsLike } from '@/lib/url-state';

/** Changes are rare next to metrics: a week is the range that usually holds what someone is looking for. */
export const AUDIT_DEFAULT_PRESET: RangePreset = '7d';
export const AUDIT_PAGE_SIZE = 50;
/** The console itself, as the `actor` filter names it. */
export const SYSTEM_ACTOR = 'system';

export interface AuditFilters {
  /** `system`, or a person's email address (matched without regard to case). */
  actor?: string;
  /** Exact (`job.restart`) or a family (`job.*`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: AuditResult;
  /** Matched against the reason and the message, without regard to case. */
  q?: string;
}

export const FILTER_KEYS = ['actor', 'action', 'targetType', 'targetId', 'result', 'q'] as const;
export type AuditFilterKey = (typeof FILTER_KEYS)[number];

/** Older events than `before`, or newer than `after` (event ids); neither is the newest page. */
export type AuditCursor = { before: string } | { after: string } | null;

export interface ParsedAuditFilters {
  range: ParsedTimeRange;
  filters: AuditFilters;
  /** Values that could not be read; each was left out (the default used) and is named here. */
  issues: ParamIssue[];
}

const ACTION = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*(?:\.\*)?$/;

const FIELDS = {
  actor: z
    .string()
    .max(254, '`actor` is at most 254 characters')
    .refine((value) => value === SYSTEM_ACTOR || z.email().safeParse(value).success, {
      error: (issue) => `\`actor\` must be system or a person's email address (got "${String(issue.input)}")`,
    }),
  action: z
    .string()
    .max(100, '`action` is at most 100 characters')
    .regex(ACTION, {
      error: (issue) =>
        `\`action\` must be an action such as job.restart, or a family such as job.* (got "${String(issue.input)}")`,
    }),
  targetType: z
    .string()
    .max(50, '`targetType` is at most 50 characters')
    .regex(/^[a-z][a-z0-9_]*$/, {
      error: (issue) => `\`targetType\` must be a type such as job, node or incident (got "${String(issue.input)}")`,
    }),
  targetId: z.string().max(200, '`targetId` is at most 200 characters'),
  result: z.enum(AUDIT_RESULTS, {
    error: (issue) => `\`result\` must be one of ${AUDIT_RESULTS.join(', ')} (got "${String(issue.input)}")`,
  }),
  q: z.string().max(200, '`q` is at most 200 characters'),
};

const EVENT_ID = /^[1-9]\d{0,17}$/;

/** A later value of a parameter overrides an earlier one, and spaces around it are not part of it. */
const read = (search: SearchParamsLike, key: string) => paramValue(search, key, { last: true, trim: true });

/** The range and filters of an audit URL; never throws. A bad value is left out and named in `issues`. */
export function parseAuditFilters(search: SearchParamsLike, now: Date = new Date()): ParsedAuditFilters {
  const issues: ParamIssue[] = [];
  const parsedRange = parseTimeRangeOr(search, AUDIT_DEFAULT_PRESET, now);
  if (!parsedRange.ok) issues.push({ field: 'range', message: parsedRange.message });
  const range = parsedRange.ok ? parsedRange.range : presetRange(AUDIT_DEFAULT_PRESET, now);

  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const raw = read(search, key);
    if (raw === undefined) continue;
    const result = FIELDS[key].safeParse(key === 'actor' ? raw.toLowerCase() : raw);
    if (result.success) Object.assign(filters, { [key]: result.data });
    else issues.push({ field: key, message: `${result.error.issues[0].message}.` });
  }
  return { range, filters, issues };
}

/** The page asked for by `before` or `after`; a bad value is named and the newest page shown. */
export function parseAuditCursor(search: SearchParamsLike): { cursor: AuditCursor; issues: ParamIssue[] } {
  const before = read(search, 'before');
  const after = read(search, 'after');
  const issues: ParamIssue[] = [];
  const valid = (field: string, value: string | undefined) => {
    if (value === undefined) return false;
    if (EVENT_ID.test(value)) return true;
    issues.push({ field, message: `\`${field}\` must be an event id, a whole number above 0.` });
    return false;
  };
  if (before !== undefined && after !== undefined) {
    issues.push({ field: 'after', message: '`before` and `after` cannot be used together; `before` was used.' });
    return { cursor: valid('before', before) ? { before } : null, issues };
  }
  if (valid('before', before)) return { cursor: { before: before! }, issues };
  if (valid('after', after)) return { cursor: { after: after! }, issues };
  return { cursor: null, issues };
}

/** The query string of a filtered view: fixed instants for an export, or the range as the page names it. */
export function auditQuery(
  range: Pick<ParsedTimeRange, 'from' | 'to' | 'preset'>,
  filters: AuditFilters,
  options: { fixed?: boolean; cursor?: AuditCursor } = {},
): URLSearchParams {
  const query =
    range.preset && !options.fixed
      ? new URLSearchParams({ range: range.preset })
      : new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString() });
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined) query.set(key, value);
  }
  if (options.cursor && 'before' in options.cursor) query.set('before', options.cursor.before);
  if (options.cursor && 'after' in options.cursor) query.set('after', options.cursor.after);
  return query;
}

export interface AuditRow {
  id: string;
  at: string;
  actor: { kind: ActorKind; id: number | null; label: string };
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  input: unknown;
  result: AuditResult;
  message: string | null;
  /** A refusal repeated within a minute counts here (1 for a single event); `lastAt` is the latest. */
  repeats: number;
  lastAt: string | null;
}

export interface AuditFacets {
  /** Actions with at least one event in the range, sorted. */
  actions: string[];
  /** Who acted in the range: `system` first when the console did, then people by email. */
  actors: string[];
  /** Every target type the log has ever named. */
  targetTypes: string[];
}

export interface AuditPage {
  rows: AuditRow[];
  /** The cursor of the next older page, or null at the oldest. */
  older: string | null;
  /** The cursor of the next newer page, or null at the newest. */
  newer: string | null;
  facets: AuditFacets;
}

function conditions(range: Pick<ParsedTimeRange, 'from' | 'to'>, filters: AuditFilters): Prisma.Sql {
  const parts = [Prisma.sql`e.at >= ${range.from} AND e.at < ${range.to}`];
  if (filters.actor === SYSTEM_ACTOR) parts.push(Prisma.sql`e.actor_kind = 'system'`);
  else if (filters.actor) {
    parts.push(Prisma.sql`e.actor_kind = 'user' AND lower(e.actor_label) = ${filters.actor.toLowerCase()}`);
  }
  if (filters.action?.endsWith('.*')) {
    parts.push(Prisma.sql`starts_with(e.action, ${filters.action.slice(0, -1)})`);
  } else if (filters.action) parts.push(Prisma.sql`e.action = ${filters.action}`);
  if (filters.targetType) parts.push(Prisma.sql`e.target_type = ${filters.targetType}`);
  if (filters.targetId) parts.push(Prisma.sql`e.target_id = ${filters.targetId}`);
  if (filters.result) parts.push(Prisma.sql`e.result::text = ${filters.result}`);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    parts.push(Prisma.sql`(e.reason ILIKE ${pattern} OR e.message ILIKE ${pattern})`);
  }
  return Prisma.join(parts, ' AND ');
}

interface Row {
  id: string;
  at: Date;
  actor_kind: ActorKind;
  actor_id: number | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  reason: string | null;
  input: unknown;
  result: AuditResult;
  message: string | null;
  repeats: number;
  last_at: Date | null;
}

const toRow = (row: Row): AuditRow => ({
  id: row.id,
  at: row.at.toISOString(),
  actor: { kind: row.actor_kind, id: row.actor_id, label: row.actor_label },
  action: row.action,
  targetType: row.target_type,
  targetId: row.target_id,
  reason: row.reason,
  input: row.input,
  result: row.result,
  message: row.message,
  repeats: row.repeats,
  lastAt: row.last_at?.toISOString() ?? null,
});

async function select(where: Prisma.Sql, order: 'ASC' | 'DESC', limit: number): Promise<AuditRow[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id::text AS id, e.at, e.actor_kind::text AS actor_kind, e.actor_id, e.actor_label, e.action,
           e.target_type, e.target_id, e.reason, e.input, e.result::text AS result, e.message,
           e.repeats, e.last_at
    FROM audit_event e WHERE ${where}
    ORDER BY e.id ${Prisma.raw(order)} LIMIT ${limit}`;
  return rows.map(toRow);
}

async function anyWhere(where: Prisma.Sql): Promise<boolean> {
  const [row] = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM audit_event e WHERE ${where}) AS found`;
  return row.found;
}

/** One page of matching events, newest first, with the cursors either side and the filter menus' values. */
export async function listAuditEvents(
  range: Pick<ParsedTimeRange, 'from' | 'to'>,
  filters: AuditFilters,
  cursor: AuditCursor = null,
  pageSize: number = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  const where = conditions(range, filters);
  const idBelow = (id: string) => Prisma.sql`${where} AND e.id < ${id}::bigint`;
  const idAbove = (id: string) => Prisma.sql`${where} AND e.id > ${id}::bigint`;
  const readPage = async () => {
    // One row past the page says whether there is more in that direction.
    if (cursor && 'after' in cursor) {
      const rows = (await select(idAbove(cursor.after), 'ASC', pageSize + 1)).reverse();
      const more = rows.length > pageSize;
      const page = more ? rows.slice(1) : rows;
      const edge = page.at(-1)?.id ?? String(BigInt(cursor.after) + 1n);
      return { page, newer: more ? page[0].id : null, older: (await anyWhere(idBelow(edge))) ? edge : null };
    }
    const rows = await select(cursor ? idBelow(cursor.before) : where, 'DESC', pageSize + 1);
    const more = rows.length > pageSize;
    const page = more ? rows.slice(0, pageSize) : rows;
    const older = more ? page[page.length - 1].id : null;
    if (!cursor) return { page, older, newer: null };
    const edge = page[0]?.id ?? String(BigInt(cursor.before) - 1n);
    return { page, older, newer: (await anyWhere(idAbove(edge))) ? edge : null };
  };
  const [{ page, older, newer }, facets] = await Promise.all([readPage(), auditFacets(range)]);
  return { rows: page, older, newer, facets };
}

/**
 * Every matching event, newest first, in batches of `batchSize`: for exports of any length, one bounded query at
 * a time. Events written while it reads are newer than the first batch, so they are never half-included.
 */
export async function* allAuditEvents(
  range: Pick<ParsedTimeRange, 'from' | 'to'>,
  filters: AuditFilters,
  batchSize = 1000,
): AsyncGenerator<AuditRow[]> {
  const where = conditions(range, filters);
  let before: string | null = null;
  for (;;) {
    const batch = await select(before ? Prisma.sql`${where} AND e.id < ${before}::bigint` : where, 'DESC', batchSize);
    if (batch.length) yield batch;
    if (batch.length < batchSize) return;
    before = batch[batch.length - 1].id;
  }
}

/**
 * The filter menus' values. Each list walks its index one distinct value at a time (a loose index scan), so it
 * costs a few index probes per value, however many events the log holds.
 */
export async function auditFacets(range: Pick<ParsedTimeRange, 'from' | 'to'>): Promise<AuditFacets> {
  const [actions, people, system, targetTypes] = await Promise.all([
    db.$queryRaw<{ action: string }[]>`
      WITH RECURSIVE seen AS (
        (SELECT action FROM audit_event ORDER BY action LIMIT 1)
        UNION ALL
        SELECT (SELECT e.action FROM audit_event e WHERE e.action > seen.action ORDER BY e.action LIMIT 1)
        FROM seen WHERE seen.action IS NOT NULL
      )
      SELECT seen.action FROM seen
      WHERE seen.action IS NOT NULL AND EXISTS (
        SELECT 1 FROM audit_event e WHERE e.action = seen.action AND e.at >= ${range.from} AND e.at < ${range.to})`,
    db.$queryRaw<{ label: string }[]>`
      WITH RECURSIVE seen AS (
        (SELECT actor_id FROM audit_event WHERE actor_id IS NOT NULL ORDER BY actor_id LIMIT 1)
        UNION ALL
        SELECT (SELECT e.actor_id FROM audit_event e WHERE e.actor_id > seen.actor_id ORDER BY e.actor_id LIMIT 1)
        FROM seen WHERE seen.actor_id IS NOT NULL
      )
      SELECT latest.label FROM seen CROSS JOIN LATERAL (
        SELECT e.actor_label AS label FROM audit_event e
        WHERE e.actor_id = seen.actor_id AND e.at >= ${range.from} AND e.at < ${range.to}
        ORDER BY e.at DESC LIMIT 1) latest`,
    db.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM audit_event e
        WHERE e.actor_id IS NULL AND e.actor_kind = 'system' AND e.at >= ${range.from} AND e.at < ${range.to}
      ) AS found`,
    db.$queryRaw<{ target_type: string }[]>`
      WITH RECURSIVE seen AS (
        (SELECT target_type FROM audit_event WHERE target_type IS NOT NULL ORDER BY target_type LIMIT 1)
        UNION ALL
        SELECT (SELECT e.target_type FROM audit_event e WHERE e.target_type > seen.target_type
                ORDER BY e.target_type LIMIT 1)
        FROM seen WHERE seen.target_type IS NOT NULL
      )
      SELECT target_type FROM seen WHERE target_type IS NOT NULL`,
  ]);
  const emails = [...new Set(people.map((row) => row.label.toLowerCase()))].sort();
  return {
    actions: actions.map((row) => row.action),
    actors: [...(system[0].found ? [SYSTEM_ACTOR] : []), ...emails],
    targetTypes: targetTypes.map((row) => row.target_type),
  };
}
