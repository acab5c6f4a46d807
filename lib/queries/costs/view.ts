// The costs page: a breakdown shaped for reading, every amount rounded to cents at the end.
import 'server-only';
import { db } from '@/lib/db';
import { roundCents, shareIdleCost } from '@/lib/domain/cost';
import { localDays, type TimeRange } from '@/lib/domain/time';
import { usageFigures, type UsageSums } from '@/lib/domain/usage';
import { readSettings } from '@/lib/settings/org';
import { costBreakdown, type CostBreakdown, type CostFilter } from './breakdown';
import type { CostGrouping, CostsView, DailySpend, SpendFigures } from './types';

export type * from './types';

const cents = (amount: number | null) => (amount === null ? null : roundCents(amount));

export function spendFigures(usage: UsageSums): SpendFigures {
  const figures = usageFigures(usage);
  return {
    spend: roundCents(usage.cost),
    gpuHours: usage.gpuHours,
    unpricedGpuHours: usage.unpricedGpuHours,
    utilization: figures.utilization,
    wasteGpuHours: figures.wasteGpuHours,
    wasteCost: cents(figures.wasteCost),
    costPerUsefulGpuHour: cents(figures.costPerUsefulGpuHour),
  };
}

export interface CostsOptions extends CostFilter {
  by?: CostGrouping;
  /** How many jobs to list, most expensive first (all when omitted). */
  jobLimit?: number;
  now?: Date;
}

export async function getCostsView(range: TimeRange, options: CostsOptions = {}): Promise<CostsView> {
  const { timeZone, currency } = await readSettings();
  const by = options.by ?? 'team';
  const [breakdown, teams] = await Promise.all([
    costBreakdown(range, timeZone, { teamId: options.teamId, kind: options.kind, scope: options.scope }, options.now),
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ]);
  return shapeCostsView(breakdown, { by, timeZone, currency, teams, jobLimit: options.jobLimit, options });
}

/** Shapes a breakdown for reading: one breakdown serves both groupings (the weekly report shows both). */
export function shapeCostsView(
  breakdown: CostBreakdown,
  context: {
    by: CostGrouping;
    timeZone: string;
    currency: string;
    teams: { id: number; name: string }[];
    jobLimit?: number;
    options: CostFilter;
  },
): CostsView {
  const { by } = context;
  const groupsIn = by === 'team' ? breakdown.byTeam : breakdown.byProject;
  const groupOfJob = (job: { teamId: number; projectId: number }) => (by === 'team' ? job.teamId : job.projectId);
  // Idle cost is the fleet's, shared out in proportion to spend; jobs a filter leaves out keep their share.
  const shown = [...groupsIn].map(([id, group]) => ({ key: id as number | null, spend: group.usage.cost }));
  const rest = breakdown.fleetCost - shown.reduce((sum, row) => sum + row.spend, 0);
  const shared = shareIdleCost([...shown, { key: null, spend: rest }], breakdown.idle.cost);
  const idleShares = new Map(shared.rows.map((row) => [row.key, row.idleShare]));
  // The part of the fleet's idle capacity the view carries: all of it, or the kept jobs' share by spend.
  const filtered = context.options.teamId !== undefined || context.options.kind !== undefined;
  const keptShare = !filtered ? 1 : breakdown.fleetCost > 0 ? breakdown.total.cost / breakdown.fleetCost : 0;
  const interruptionsBy = new Map<number, number>();
  for (const row of breakdown.interruptions) {
    const key = groupOfJob(row);
    interruptionsBy.set(key, (interruptionsBy.get(key) ?? 0) + (row.cost ?? 0));
  }
  const groups = [...groupsIn]
    .map(([id, group]) => {
      const idleShare = idleShares.get(id) ?? 0;
      return {
        id,
        name: group.name,
        team: 'team' in group ? (group.team as string) : null,
        ...spendFigures(group.usage),
        idleShare: roundCents(idleShare),
        spendWithIdle: roundCents(group.usage.cost + idleShare),
        interruptionCost: roundCents(interruptionsBy.get(id) ?? 0),
      };
    })
    .sort((a, b) => b.spend - a.spend || a.name.localeCompare(b.name));
  const interruptionCost = breakdown.interruptions.reduce((sum, row) => sum + (row.cost ?? 0), 0);
  return {
    range: { from: breakdown.range.from.toISOString(), to: breakdown.range.to.toISOString() },
    timeZone: context.timeZone,
    currency: context.currency,
    by,
    filter: { teamId: context.options.teamId ?? null, kind: context.options.kind ?? null },
    totals: {
      ...spendFigures(breakdown.total),
      idleCost: roundCents(breakdown.idle.cost * keptShare),
      idleGpuHours: breakdown.idle.gpuHours * keptShare,
      unpricedIdleGpuHours: breakdown.idle.unpricedGpuHours * keptShare,
      interruptionCost: roundCents(interruptionCost),
      lostGpuHours: breakdown.interruptions.reduce((sum, row) => sum + row.lostGpuHours, 0),
      interruptions: breakdown.interruptions.length,
      unpricedInterruptions: breakdown.interruptions.filter((row) => row.cost === null).length,
    },
    groups,
    daily: dailySeries(breakdown, by, context.timeZone),
    pools: breakdown.pools.map((pool) => ({
      id: pool.poolId,
      name: pool.name,
      gpuModel: pool.gpuModel,
      pricingClass: pool.pricingClass,
      provisionedGpuHours: pool.provisionedGpuHours,
      provisionedCost: roundCents(pool.provisionedCost),
      unpricedProvisionedGpuHours: pool.unpricedProvisionedGpuHours,
      allocatedGpuHours: pool.allocatedGpuHours,
      spend: roundCents(pool.allocatedCost),
      unpricedGpuHours: pool.unpricedGpuHours,
      idleGpuHours: pool.idleGpuHours,
      idleCost: roundCents(pool.idleCost),
      unpricedIdleGpuHours: pool.unpricedIdleGpuHours,
    })),
    jobs: breakdown.jobs.slice(0, context.jobLimit ?? breakdown.jobs.length).map((job) => ({
      id: job.jobId,
      externalId: job.externalId,
      name: job.name,
      kind: job.kind,
      team: job.team,
      project: job.project,
      gpuModel: job.gpuModel,
      pricingClass: job.pricingClass,
      ...spendFigures(breakdown.usageOf(job)),
    })),
    teams: context.teams,
  };
}

/** Every local day of the range, each group's spend on it (0 where it spent nothing), biggest spenders first. */
function dailySeries(breakdown: CostBreakdown, by: CostGrouping, timeZone: string): DailySpend {
  const groupsIn = by === 'team' ? breakdown.byTeam : breakdown.byProject;
  const series = [...groupsIn]
    .sort(([, a], [, b]) => b.usage.cost - a.usage.cost)
    .map(([id, group]) => ({ id, name: group.name }));
  const index = new Map(series.map((row, i) => [row.id, i]));
  const local = localDays(breakdown.range, timeZone);
  const days = local.map((row) => row.day);
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const sums = days.map(() => series.map(() => 0));
  for (const row of breakdown.daily) {
    const column = index.get(by === 'team' ? row.teamId : row.projectId);
    const day = dayIndex.get(row.day);
    if (column !== undefined && day !== undefined) sums[day][column] += row.cost;
  }
  return {
    days,
    partial: local.map((row) => row.partial),
    series,
    values: sums.map((row) => row.map(roundCents)),
  };
}
