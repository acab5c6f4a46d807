// The fleet overview: every figure of the landing page in one call, shaped for rendering (JSON-safe: ISO
// strings, numbers, null for "unknown" so a page never shows a made-up 0). Reads rollups only (pool_minute),
// never gpu_sample, so it stays fast on 8,192 GPUs; each piece is one SQL statement and they run in parallel.
import 'server-only';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { roundCents } from '@/lib/domain/cost';
import type { IncidentSeverity, IncidentState, JobHealth, NodeState } from '@/lib/domain/enums';
import { gpuAvailabilitySli, type SloKind } from '@/lib/domain/slo';
import { wallClock, weekRange, zonedTimeToInstant } from '@/lib/domain/time';
import { allocationRatio, utilizationRatio } from '@/lib/domain/utilization';
import { bucketSeconds, type ParsedTimeRange, type RangePreset } from '@/lib/time-range';

/** Postgres cannot be reached (down, refusing, unknown database, no answer in time): pages show a banner,
 * route handlers answer 503. Any other error is a bug and stays a 500. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'database_unavailable';
  constructor(detail?: string, options?: ErrorOptions) {
    super(`The database is unreachable${detail ? `: ${detail}` : ''}.`, options);
    this.name = 'DatabaseUnavailableError';
  }
}

// Prisma's driver adapter reports connection failures as a `kind`; Postgres's own as SQLSTATE classes 08
// (connection exception), 57P0x (shutting down, cannot connect now) and 53300 (too many connections).
const UNREACHABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'AuthenticationFailed',
  'ConnectionClosed',
  'SocketTimeout',
  'TlsConnectionError',
  'TooManyConnections',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const meta = (
    error as { meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string; code?: string } } } }
  ).meta;
  const cause = meta?.driverAdapterError?.cause;
  const sqlState = cause?.originalCode ?? cause?.code ?? '';
  if (cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) return true;
  if (/^(08|57P0)/.test(sqlState) || sqlState === '53300') return true;
  const prismaCode = (error as { code?: unknown }).code;
  if (typeof prismaCode === 'string' && ['P1001', 'P1002', 'P1003', 'P1017', 'P2024'].includes(prismaCode)) return true;
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|Connection terminated|Can't reach database/i.test(error.message);
}

export interface PoolNow {
  poolId: number;
  name: string;
  gpuModel: string;
  provisionedGpus: number;
  healthyGpus: number;
  allocatedGpus: number;
  allocation: number | null;
  utilization: number | null;
}

/** The fleet at its latest minute; every figure null when no minute has been written yet. */
export interface FleetNow {
  asOf: string | null;
  provisionedGpus: number | null;
  healthyGpus: number | null;
  allocatedGpus: number | null;
  allocation: number | null;
  /** Mean utilization of allocated GPUs (0..1). */
  utilization: number | null;
  healthy: number | null;
  pools: PoolNow[];
}

/** One bucket of the chart; ratios 0..1, null where the bucket holds no data (a gap, not a zero). */
export interface SeriesPoint {
  t: number;
  allocation: number | null;
  utilization: number | null;
  healthy: number | null;
}

export interface SpendWindow {
  from: string;
  to: string;
  /** Rounded to cents. */
  amount: number;
  gpuHours: number;
  /** GPU-hours no rate card row covered: priced at nothing, shown so the gap is noticed. */
  unpricedGpuHours: number;
}

export interface SloStatus {
  id: number;
  name: string;
  kind: SloKind;
  target: number;
  windowDays: number;
  /** null: the worker has not evaluated it yet. */
  latest: { at: string; sli: number; budgetRemaining: number } | null;
}

export interface Freshness {
  source: string | null;
  dataUntil: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** The last attempt failed (the error is newer than the last success). */
  failing: boolean;
  /** No data newer than staleAfterSeconds (or no data at all). */
  stale: boolean;
  staleAfterSeconds: number;
  lagSeconds: number | null;
  workerBeatAt: string | null;
  workerAgeSeconds: number | null;
}

export interface Overview {
  generatedAt: string;
  range: { from: string; to: string; preset: RangePreset | null; bucketSeconds: number };
  timeZone: string;
  fleet: FleetNow;
  series: SeriesPoint[];
  nodes: { total: number; byState: { state: NodeState; count: number }[] };
  jobs: { active: number; byHealth: { health: JobHealth; count: number }[]; failedInRange: number };
  incidents: {
    open: number;
    bySeverity: Record<IncidentSeverity, number>;
    newest: { id: number; title: string; severity: IncidentSeverity; state: IncidentState; openedAt: string }[];
  };
  spend: { currency: string; today: SpendWindow; week: SpendWindow };
  slos: SloStatus[];
  freshness: Freshness;
}

const NODE_STATES: NodeState[] = ['ready', 'provisioning', 'cordoned', 'draining', 'rebooting', 'down', 'retired'];
// Worst first: the eye lands on what needs attention.
const ACTIVE_HEALTH: JobHealth[] = ['failed', 'stalled', 'degraded', 'recovering', 'healthy', 'pending'];
// A pool whose latest row is this much older than the newest has stopped reporting; it is not "now".
const POOL_NOW_SLACK_MS = 5 * 60_000;
const DEADLINE_MS = 8_000;

const iso = (at: Date | null | undefined) => (at ? at.toISOString() : null);
const ageSeconds = (at: Date | null, now: Date) =>
  at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null;

export interface OverviewOptions {
  /** The instant "now" stands for (tests pin it); defaults to the clock. */
  now?: Date;
}

export async function getOverview(
  range: Pick<ParsedTimeRange, 'from' | 'to'> & { preset?: RangePreset | null },
  options: OverviewOptions = {},
): Promise<Overview> {
  const now = options.now ?? new Date();
  const bucket = bucketSeconds(range);
  const work = async () => {
    const settings = readSettings();
    const [fleet, series, nodes, jobs, incidents, slos, freshness, spend, { timeZone }] = await Promise.all([
      fleetNow(),
      fleetSeries(range, bucket),
      nodesByState(),
      jobsByHealth(range),
      openIncidents(),
      sloStatus(),
      freshnessOf(now),
      settings.then((s) => spendSoFar(now, s.timeZone, s.currency)),
      settings,
    ]);
    return {
      generatedAt: now.toISOString(),
      range: {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        preset: range.preset ?? null,
        bucketSeconds: bucket,
      },
      timeZone,
      fleet,
      series,
      nodes,
      jobs,
      incidents,
      spend,
      slos,
      freshness,
    } satisfies Overview;
  };
  return withDeadline(work());
}

/** Turns "the database cannot be reached" (or does not answer in time) into one error the page can show. */
async function withDeadline<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(`no answer within ${DEADLINE_MS / 1000} s`)),
      DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) throw error;
    throw new DatabaseUnavailableError(undefined, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function validTimeZone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

async function readSettings(): Promise<{ timeZone: string; currency: string }> {
  const rows = await db.$queryRaw<{ key: string; value: string | null }[]>`
    SELECT key, value #>> '{}' AS value FROM setting WHERE key IN ('org.timeZone', 'org.currency')`;
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  return {
    timeZone: validTimeZone(value('org.timeZone')) ?? validTimeZone(env().FLEET_ORG_TIMEZONE) ?? 'UTC',
    currency: value('org.currency') ?? env().FLEET_CURRENCY,
  };
}

async function fleetNow(): Promise<FleetNow> {
  // One index probe per pool on pool_minute's primary key (pool_id, ts).
  const rows = await db.$queryRaw<
    {
      pool_id: number;
      name: string;
      gpu_model: string;
      ts: Date;
      provisioned: number;
      healthy: number;
      allocated: number;
      util_sum: number;
    }[]
  >`
    SELECT p.id AS pool_id, p.name, p.gpu_model, m.ts, m.provisioned_gpus AS provisioned, m.healthy_gpus AS healthy,
           m.allocated_gpus AS allocated, m.util_sum
    FROM pool p
    CROSS JOIN LATERAL (
      SELECT ts, provisioned_gpus, healthy_gpus, allocated_gpus, util_sum FROM pool_minute
      WHERE pool_id = p.id ORDER BY ts DESC LIMIT 1
    ) m
    ORDER BY p.name`;
  const newest = Math.max(...rows.map((row) => row.ts.getTime()));
  const current = rows.filter((row) => row.ts.getTime() >= newest - POOL_NOW_SLACK_MS);
  if (current.length === 0) {
    return {
      asOf: null,
      provisionedGpus: null,
      healthyGpus: null,
      allocatedGpus: null,
      allocation: null,
      utilization: null,
      healthy: null,
      pools: [],
    };
  }
  const sum = (pick: (row: (typeof rows)[number]) => number) => current.reduce((total, row) => total + pick(row), 0);
  const provisioned = sum((row) => row.provisioned);
  const allocated = sum((row) => row.allocated);
  const healthy = sum((row) => row.healthy);
  return {
    asOf: new Date(newest).toISOString(),
    provisionedGpus: provisioned,
    healthyGpus: healthy,
    allocatedGpus: allocated,
    allocation: allocationRatio(allocated, provisioned),
    utilization: utilizationRatio(
      sum((row) => row.util_sum),
      allocated,
    ),
    healthy: gpuAvailabilitySli(healthy, provisioned),
    pools: current.map((row) => ({
      poolId: row.pool_id,
      name: row.name,
      gpuModel: row.gpu_model,
      provisionedGpus: row.provisioned,
      healthyGpus: row.healthy,
      allocatedGpus: row.allocated,
      allocation: allocationRatio(row.allocated, row.provisioned),
      utilization: utilizationRatio(row.util_sum, row.allocated),
    })),
  };
}

/**
 * Allocation, utilization and healthy share per bucket, each a ratio of sums over the bucket's pool-minutes,
 * i.e. weighted by GPU-time (DOMAIN.md). Buckets are aligned to the epoch so a refresh does not shift them.
 */
async function fleetSeries(range: { from: Date; to: Date }, bucket: number): Promise<SeriesPoint[]> {
  const rows = await db.$queryRaw<
    { t: Date; provisioned: number; healthy: number; allocated: number; util_sum: number }[]
  >`
    SELECT date_bin(make_interval(secs => ${bucket}::float8), ts, TIMESTAMPTZ '1970-01-01 00:00:00Z') AS t,
           sum(provisioned_gpus)::float8 AS provisioned, sum(healthy_gpus)::float8 AS healthy,
           sum(allocated_gpus)::float8 AS allocated, sum(util_sum)::float8 AS util_sum
    FROM pool_minute
    WHERE ts >= ${range.from}::timestamptz AND ts < ${range.to}::timestamptz
    GROUP BY 1 ORDER BY 1`;
  const byBucket = new Map(rows.map((row) => [row.t.getTime(), row]));
  const step = bucket * 1000;
  const points: SeriesPoint[] = [];
  for (let t = Math.floor(range.from.getTime() / step) * step; t < range.to.getTime(); t += step) {
    const row = byBucket.get(t);
    points.push({
      t,
      allocation: row ? allocationRatio(row.allocated, row.provisioned) : null,
      utilization: row ? utilizationRatio(row.util_sum, row.allocated) : null,
      healthy: row ? gpuAvailabilitySli(row.healthy, row.provisioned) : null,
    });
  }
  return points;
}

async function nodesByState(): Promise<Overview['nodes']> {
  const rows = await db.$queryRaw<{ state: NodeState; count: number }[]>`
    SELECT state::text AS state, count(*)::int AS count FROM node GROUP BY state`;
  const count = (state: NodeState) => rows.find((row) => row.state === state)?.count ?? 0;
  const byState = NODE_STATES.map((state) => ({ state, count: count(state) }));
  // Retired nodes are history, not fleet.
  return { total: byState.filter((row) => row.state !== 'retired').reduce((sum, row) => sum + row.count, 0), byState };
}

// A job has ended exactly when its scheduler state is terminal (succeeded, failed, cancelled): a restart
// takes it back to recovering. Reading by state keeps both counts on job_state_idx.
async function jobsByHealth(range: { from: Date; to: Date }): Promise<Overview['jobs']> {
  const [active, failed] = await Promise.all([
    db.$queryRaw<{ health: JobHealth; count: number }[]>`
      SELECT health::text AS health, count(*)::int AS count FROM job
      WHERE state IN ('pending', 'running', 'recovering') GROUP BY health`,
    db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM job
      WHERE state = 'failed' AND ended_at >= ${range.from}::timestamptz AND ended_at < ${range.to}::timestamptz`,
  ]);
  const count = (health: JobHealth) => active.find((row) => row.health === health)?.count ?? 0;
  const others = active.filter((row) => !ACTIVE_HEALTH.includes(row.health));
  const byHealth = [...ACTIVE_HEALTH.map((health) => ({ health, count: count(health) })), ...others];
  return { active: byHealth.reduce((sum, row) => sum + row.count, 0), byHealth, failedInRange: failed[0]?.count ?? 0 };
}

async function openIncidents(): Promise<Overview['incidents']> {
  const [counts, newest] = await Promise.all([
    db.$queryRaw<{ severity: IncidentSeverity; count: number }[]>`
      SELECT severity::text AS severity, count(*)::int AS count FROM incident
      WHERE state IN ('open', 'acknowledged') GROUP BY severity`,
    db.$queryRaw<{ id: number; title: string; severity: IncidentSeverity; state: IncidentState; opened_at: Date }[]>`
      SELECT id, title, severity::text AS severity, state::text AS state, opened_at FROM incident
      WHERE state IN ('open', 'acknowledged') ORDER BY opened_at DESC, id DESC LIMIT 5`,
  ]);
  const bySeverity = { page: 0, ticket: 0 };
  for (const row of counts) bySeverity[row.severity] = row.count;
  return {
    open: bySeverity.page + bySeverity.ticket,
    bySeverity,
    newest: newest.map((row) => ({
      id: row.id,
      title: row.title,
      severity: row.severity,
      state: row.state,
      openedAt: row.opened_at.toISOString(),
    })),
  };
}

async function sloStatus(): Promise<SloStatus[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      name: string;
      kind: SloKind;
      target: number;
      window_days: number;
      at: Date | null;
      sli: number | null;
      budget_remaining: number | null;
    }[]
  >`
    SELECT s.id, s.name, s.kind::text AS kind, s.target, s.window_days, l.at, l.sli, l.budget_remaining
    FROM slo s
    LEFT JOIN LATERAL (
      SELECT at, sli, budget_remaining FROM slo_snapshot WHERE slo_id = s.id ORDER BY at DESC LIMIT 1
    ) l ON true
    WHERE s.enabled
    ORDER BY s.id`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: row.target,
    windowDays: row.window_days,
    latest:
      row.at && row.sli !== null && row.budget_remaining !== null
        ? { at: row.at.toISOString(), sli: row.sli, budgetRemaining: row.budget_remaining }
        : null,
  }));
}

async function freshnessOf(now: Date): Promise<Freshness> {
  const rows = await db.$queryRaw<
    {
      name: string | null;
      data_until: Date | null;
      last_success_at: Date | null;
      last_error_at: Date | null;
      last_error: string | null;
      beat_at: Date | null;
    }[]
  >`
    SELECT s.name, s.data_until, s.last_success_at, s.last_error_at, s.last_error,
           (SELECT max(beat_at) FROM worker_heartbeat) AS beat_at
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT * FROM data_source WHERE enabled ORDER BY data_until DESC NULLS LAST LIMIT 1
    ) s ON true`;
  const row = rows[0];
  const staleAfterSeconds = env().FLEET_STALE_AFTER_SECONDS;
  const lagSeconds = ageSeconds(row?.data_until ?? null, now);
  const failing = Boolean(row?.last_error_at && (!row.last_success_at || row.last_error_at > row.last_success_at));
  return {
    source: row?.name ?? null,
    dataUntil: iso(row?.data_until),
    lastSuccessAt: iso(row?.last_success_at),
    lastError: row?.last_error ?? null,
    lastErrorAt: iso(row?.last_error_at),
    failing,
    stale: lagSeconds === null || lagSeconds > staleAfterSeconds,
    staleAfterSeconds,
    lagSeconds,
    workerBeatAt: iso(row?.beat_at),
    workerAgeSeconds: ageSeconds(row?.beat_at ?? null, now),
  };
}

/** Spend so far today and this week (Monday 00:00 on), in the organisation's time zone; rounded to cents last. */
async function spendSoFar(now: Date, timeZone: string, currency: string): Promise<Overview['spend']> {
  const wall = wallClock(now, timeZone);
  const dayStart = zonedTimeToInstant(timeZone, wall.year, wall.month, wall.day);
  const weekStart = weekRange(now, timeZone).from;
  const none: SpendSums = { cost: 0, gpuHours: 0, unpricedGpuHours: 0 };
  const [today, earlierThisWeek] = await Promise.all([
    spendBetween(dayStart, now),
    weekStart < dayStart ? closedDaysSpend(weekStart, dayStart) : Promise.resolve(none),
  ]);
  const window = (from: Date, sums: SpendSums): SpendWindow => ({
    from: from.toISOString(),
    to: now.toISOString(),
    amount: roundCents(sums.cost),
    gpuHours: sums.gpuHours,
    unpricedGpuHours: sums.unpricedGpuHours,
  });
  return {
    currency,
    today: window(dayStart, today),
    week: window(weekStart, {
      cost: earlierThisWeek.cost + today.cost,
      gpuHours: earlierThisWeek.gpuHours + today.gpuHours,
      unpricedGpuHours: earlierThisWeek.unpricedGpuHours + today.unpricedGpuHours,
    }),
  };
}

interface SpendSums {
  cost: number;
  gpuHours: number;
  unpricedGpuHours: number;
}

// The days of this week before today are closed: their spend changes only with late data or a rate card
// edit, yet by Sunday they hold six days of allocations. Kept per process for a few minutes and refreshed
// in the background (stale while revalidating), so the page pays only for today's intervals.
const CLOSED_DAYS_TTL_MS = 5 * 60_000;
const closedDays = new Map<string, { at: number; value: Promise<SpendSums>; refreshing: boolean }>();

function closedDaysSpend(from: Date, to: Date): Promise<SpendSums> {
  const key = `${from.toISOString()}/${to.toISOString()}`;
  const hit = closedDays.get(key);
  if (hit && !hit.refreshing && Date.now() - hit.at > CLOSED_DAYS_TTL_MS) {
    hit.refreshing = true;
    spendBetween(from, to).then(
      (sums) => closedDays.set(key, { at: Date.now(), value: Promise.resolve(sums), refreshing: false }),
      () => (hit.refreshing = false),
    );
  }
  if (hit) return hit.value;
  closedDays.clear(); // a new day or week: the old entry is never asked for again
  const value = spendBetween(from, to);
  closedDays.set(key, { at: Date.now(), value, refreshing: false });
  value.catch(() => closedDays.delete(key));
  return value;
}

/**
 * Cost = sum over allocation intervals of hours x the rate of that GPU (DOMAIN.md Cost), exactly as
 * lib/domain/cost.ts's costOfIntervals prices it, but in SQL so that only sums leave the database.
 * - The rate card is cut into periods that do not overlap, per GPU model and pricing class, with a period
 *   priced NULL wherever no row applies; where rows overlap the latest-starting one wins, as rateAt() says.
 * - The intervals overlapping [from, to) are found through indexes, in three disjoint parts: started inside,
 *   started before and closed after `from` (allocation_from_to_idx), still open (allocation_open_gpu_key).
 * - Each interval is clipped to [from, to) and to each price period it meets; float8 seconds keep the sum
 *   cheap (the error is far below a cent) and no GROUP BY means no sort.
 */
async function spendBetween(from: Date, to: Date): Promise<SpendSums> {
  const [row] = await db.$queryRaw<{ cost: number; gpu_hours: number; unpriced_gpu_hours: number }[]>`
    WITH edges AS (
      SELECT DISTINCT gpu_model, pricing_class, '-infinity'::timestamptz AS at FROM pool
      UNION SELECT gpu_model, pricing_class, effective_from FROM rate_card
      UNION SELECT gpu_model, pricing_class, effective_to FROM rate_card WHERE effective_to IS NOT NULL
    ), periods AS (
      SELECT gpu_model, pricing_class, at AS p_from,
             coalesce(lead(at) OVER (PARTITION BY gpu_model, pricing_class ORDER BY at), 'infinity') AS p_to
      FROM edges
    ), priced AS MATERIALIZED (
      SELECT pe.gpu_model, pe.pricing_class, pe.p_from, pe.p_to,
             (SELECT r.price_per_gpu_hour FROM rate_card r
               WHERE r.gpu_model = pe.gpu_model AND r.pricing_class = pe.pricing_class
                 AND r.effective_from <= pe.p_from AND (r.effective_to IS NULL OR r.effective_to > pe.p_from)
               ORDER BY r.effective_from DESC LIMIT 1)::float8 AS price
      FROM periods pe
      WHERE pe.p_to > ${from}::timestamptz AND pe.p_from < ${to}::timestamptz
    ), gpu_prices AS MATERIALIZED (
      SELECT g.id AS gpu_id, pr.p_from, pr.p_to, pr.price
      FROM priced pr
      JOIN pool p ON p.gpu_model = pr.gpu_model AND p.pricing_class = pr.pricing_class
      JOIN node n ON n.pool_id = p.id
      JOIN gpu g ON g.node_id = n.id
    ), held AS (
      SELECT gpu_id, greatest("from", ${from}::timestamptz) AS f, least(coalesce("to", ${to}::timestamptz), ${to}::timestamptz) AS t
      FROM allocation WHERE "from" >= ${from}::timestamptz AND "from" < ${to}::timestamptz
      UNION ALL
      SELECT gpu_id, ${from}::timestamptz, least("to", ${to}::timestamptz)
      FROM allocation WHERE "from" < ${from}::timestamptz AND "to" > ${from}::timestamptz
      UNION ALL
      SELECT gpu_id, ${from}::timestamptz, ${to}::timestamptz
      FROM allocation WHERE "from" < ${from}::timestamptz AND "to" IS NULL
    ), pieces AS (
      SELECT gp.price, date_part('epoch', least(h.t, gp.p_to) - greatest(h.f, gp.p_from)) AS seconds
      FROM held h JOIN gpu_prices gp ON gp.gpu_id = h.gpu_id AND gp.p_from < h.t AND gp.p_to > h.f
    )
    SELECT coalesce(sum(seconds * price), 0) / 3600 AS cost,
           coalesce(sum(seconds), 0) / 3600 AS gpu_hours,
           coalesce(sum(seconds) FILTER (WHERE price IS NULL), 0) / 3600 AS unpriced_gpu_hours
    FROM pieces`;
  return { cost: row.cost, gpuHours: row.gpu_hours, unpricedGpuHours: row.unpriced_gpu_hours };
}
