// Where the GPU-hours went over a range (DOMAIN.md, "Where the GPU-hours go"): each job's allocated time and cost
// from the one pricing query, against the classes the collector wrote to job_hourly, priced by the domain
// (priceLedger), then summed by team, project, pool, cluster, kind or job. Pools add their unallocated time.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { LEDGER_CLASSES, priceLedger, sumLedgers, type LedgerClass, type LedgerFigures } from '@/lib/domain/ledger';
import { HOUR_MS, type TimeRange } from '@/lib/domain/time';
import type { JobKind } from '@/lib/domain/enums';
import type { LedgerGroup } from '@/lib/ledger-params';
import { pricedPieces } from '@/lib/pricing/sql';
import { poolCapacity, poolSpareHours } from '@/lib/queries/costs/pools';

export type { LedgerGroup } from '@/lib/ledger-params';

export interface LedgerRow extends LedgerFigures {
  key: string;
  label: string;
  /** The team a project or job belongs to, for its label. */
  team?: string;
}

export interface LedgerReport {
  range: TimeRange;
  total: LedgerFigures;
  rows: LedgerRow[];
  /**
   * Per pool: provisioned GPU-hours no job held, and their price (pools only; empty otherwise); of them, those of
   * nodes held as warm spares, kept on purpose for recovery.
   */
  unallocated: {
    key: string;
    label: string;
    gpuHours: number;
    cost: number;
    spareGpuHours: number;
    spareCost: number;
  }[];
}

/** The ledger is kept per UTC hour: a range is read from the start of the hour it begins in. */
export function ledgerRange(range: TimeRange): TimeRange {
  const from = range.from.getTime();
  return { from: new Date(from - (from % HOUR_MS)), to: range.to };
}

interface Row {
  job_id: number;
  pool_id: number;
  pool: string;
  cluster: string;
  team: string;
  project: string;
  kind: string;
  name: string;
  gpu_hours: number;
  cost: number;
  unpriced_gpu_hours: number;
  job_gpu_hours: number;
  productive: number | null;
  redone: number | null;
  recovery: number | null;
  checkpoint: number | null;
  straggler: number | null;
  idle: number | null;
  unknown: number | null;
  down: number | null;
}

const keyOf: Record<LedgerGroup, (row: Row) => [string, string, string?]> = {
  team: (row) => [row.team, row.team],
  project: (row) => [`${row.team}/${row.project}`, row.project, row.team],
  pool: (row) => [String(row.pool_id), row.pool],
  cluster: (row) => [row.cluster, row.cluster],
  kind: (row) => [row.kind, row.kind],
  job: (row) => [String(row.job_id), row.name, row.team],
};

/**
 * Every job-pool's allocated time and cost over the range, with its job's ledger classes (GPU-hours), the job's
 * classes shared out to its pools by their share of its allocated time.
 */
async function jobPools(range: TimeRange, where: Prisma.Sql): Promise<Row[]> {
  const sums = LEDGER_CLASSES.map((cls) => Prisma.raw(`sum(h.ledger_${cls}) / 60 AS ${cls}`));
  return db.$queryRaw<Row[]>`
    ${pricedPieces(range.from, range.to)}, alloc AS (
      SELECT job_id, pool_id, sum(seconds) / 3600 AS gpu_hours,
             coalesce(sum(seconds * price), 0) / 3600 AS cost,
             coalesce(sum(seconds) FILTER (WHERE price IS NULL), 0) / 3600 AS unpriced_gpu_hours
      FROM pieces GROUP BY job_id, pool_id
    ), per_job AS (
      SELECT job_id, sum(gpu_hours) AS job_gpu_hours FROM alloc GROUP BY job_id
    ), classes AS (
      SELECT h.job_id, ${Prisma.join(sums)}, sum(h.ledger_down) / 60 AS down
      FROM job_hourly h
      WHERE h.hour >= ${range.from}::timestamptz AND h.hour < ${range.to}::timestamptz
        AND h.job_id IN (SELECT job_id FROM per_job)
      GROUP BY h.job_id
    )
    SELECT a.job_id, a.pool_id, p.name AS pool, c.name AS cluster, t.name AS team, pr.name AS project,
           j.kind::text AS kind, j.name, a.gpu_hours, a.cost, a.unpriced_gpu_hours, pj.job_gpu_hours,
           ${Prisma.join(LEDGER_CLASSES.map((cls) => Prisma.raw(`l.${cls}`)))}, l.down
    FROM alloc a
    JOIN per_job pj ON pj.job_id = a.job_id
    JOIN job j ON j.id = a.job_id
    JOIN pool p ON p.id = a.pool_id
    JOIN cluster c ON c.id = j.cluster_id
    JOIN team t ON t.id = j.team_id
    JOIN project pr ON pr.id = j.project_id
    LEFT JOIN classes l ON l.job_id = a.job_id
    WHERE true ${where}`;
}

function figuresOf(row: Row): LedgerFigures {
  const share = row.job_gpu_hours > 0 ? row.gpu_hours / row.job_gpu_hours : 0;
  const classes = Object.fromEntries(LEDGER_CLASSES.map((cls) => [cls, (row[cls] ?? 0) * share])) as Record<
    LedgerClass,
    number
  >;
  return priceLedger({
    allocatedGpuHours: row.gpu_hours,
    cost: row.cost,
    unpricedGpuHours: row.unpriced_gpu_hours,
    classes,
    downGpuHours: (row.down ?? 0) * share,
  });
}

export interface LedgerFilter {
  jobId?: number;
  /** One cluster, by name. */
  cluster?: string;
  teamId?: number;
  kind?: JobKind;
}

function whereOf(filter: LedgerFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter.jobId !== undefined) parts.push(Prisma.sql`AND j.id = ${filter.jobId}`);
  if (filter.cluster !== undefined) parts.push(Prisma.sql`AND c.name = ${filter.cluster}`);
  if (filter.teamId !== undefined) parts.push(Prisma.sql`AND j.team_id = ${filter.teamId}`);
  if (filter.kind !== undefined) parts.push(Prisma.sql`AND j.kind = ${filter.kind}::"JobKind"`);
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

async function poolsOf(cluster: string): Promise<Set<number>> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT p.id FROM pool p JOIN cluster c ON c.id = p.cluster_id WHERE c.name = ${cluster}`;
  return new Set(rows.map((row) => row.id));
}

/** The ledger over a range, in rows of the group asked for (largest allocation first), and in total. */
export async function ledgerBy(range: TimeRange, group: LedgerGroup, filter: LedgerFilter = {}): Promise<LedgerReport> {
  const read = ledgerRange(range);
  // Unallocated capacity belongs to pools, not to teams or kinds: given for the whole fleet or one cluster only.
  const byPools = Object.entries(filter).every(([key, value]) => key === 'cluster' || value === undefined);
  const [rows, capacity, clusterPools] = await Promise.all([
    jobPools(read, whereOf(filter)),
    group === 'pool' && byPools ? Promise.all([poolCapacity(read), poolSpareHours(read)]) : Promise.resolve(null),
    filter.cluster === undefined ? Promise.resolve(null) : poolsOf(filter.cluster),
  ]);
  const groups = new Map<string, { label: string; team?: string; list: LedgerFigures[] }>();
  for (const row of rows) {
    const [key, label, team] = keyOf[group](row);
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { label, team, list: [] }));
    entry.list.push(figuresOf(row));
  }
  const grouped: LedgerRow[] = [...groups].map(([key, { label, team, list }]) => ({
    key,
    label,
    ...(team ? { team } : {}),
    ...sumLedgers(list),
  }));
  grouped.sort((a, b) => b.allocatedGpuHours - a.allocatedGpuHours || a.label.localeCompare(b.label));
  // A pool's unallocated time: its provisioned time (covered minutes) less what jobs held, each priced.
  const [pools, spares] = capacity ?? [[], new Map<number, { gpuHours: number; cost: number }>()];
  const unallocated = pools
    .filter((pool) => !clusterPools || clusterPools.has(pool.poolId))
    .map((pool) => {
      const held = grouped.find((row) => row.key === String(pool.poolId));
      const gpuHours = Math.max(0, pool.provisionedGpuHours - (held?.allocatedGpuHours ?? 0));
      const cost = Math.max(0, pool.provisionedCost - (held?.cost ?? 0));
      const spare = spares.get(pool.poolId);
      return {
        key: String(pool.poolId),
        label: pool.name,
        gpuHours,
        cost,
        spareGpuHours: Math.min(gpuHours, spare?.gpuHours ?? 0),
        spareCost: Math.min(cost, spare?.cost ?? 0),
      };
    });
  return { range: read, total: sumLedgers(grouped), rows: grouped, unallocated };
}
