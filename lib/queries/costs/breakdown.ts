// Everything the costs page and the weekly report say about a window, from one set of queries run in
// parallel: per-job cost and utilization, spend per day and project, per pool, idle capacity, interruptions.
// Unrounded: callers round to cents last (lib/domain/cost.ts).
import 'server-only';
import type { ClusterScope } from '@/lib/clusters/scope';
import type { JobKind } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import { addUsage, groupUsage, jobUsage, NO_USAGE, type UsageSums } from '@/lib/domain/usage';
import { dailySpendByProject, type DailyProjectSpend } from './daily';
import { interruptionCosts, type InterruptionCost } from './interruptions';
import { jobCosts, type JobCost } from './jobs';
import { poolCapacity, spendByPool } from './pools';
import type { PoolCapacity } from './types';

export interface CostFilter {
  teamId?: number;
  kind?: JobKind;
  /** One cluster, or every cluster (the default): not a filter of the jobs but the fleet the figures are of. */
  scope?: ClusterScope;
}

export interface PoolBreakdown extends PoolCapacity {
  allocatedCost: number;
  allocatedGpuHours: number;
  unpricedGpuHours: number;
}

export interface CostBreakdown {
  range: TimeRange;
  jobs: JobCost[];
  usageOf: (job: JobCost) => UsageSums;
  total: UsageSums;
  /** Spend of every job in the range, whatever the filter: idle cost is shared out against it. */
  fleetCost: number;
  byTeam: Map<number, { name: string; usage: UsageSums }>;
  byProject: Map<number, { name: string; teamId: number; team: string; usage: UsageSums }>;
  pools: PoolBreakdown[];
  /** The whole fleet's idle cost (a filtered view shares it out; see idleShare in the view). */
  idle: { cost: number; gpuHours: number; unpricedGpuHours: number };
  daily: DailyProjectSpend[];
  interruptions: InterruptionCost[];
}

const usageOf = (job: JobCost) => jobUsage(job.cost, job.gpuHours, job.unpricedGpuHours, job.utilization);

export async function costBreakdown(
  range: TimeRange,
  timeZone: string,
  filter: CostFilter = {},
  now: Date = new Date(),
): Promise<CostBreakdown> {
  const [allJobs, allDaily, capacity, allInterruptions] = await Promise.all([
    jobCosts(range, filter.scope),
    dailySpendByProject(range, timeZone, filter.scope),
    poolCapacity(range, filter.scope),
    interruptionCosts(range, now, filter.scope),
  ]);
  const keep = (job: Pick<JobCost, 'teamId' | 'kind'>) =>
    (filter.teamId === undefined || job.teamId === filter.teamId) &&
    (filter.kind === undefined || job.kind === filter.kind);
  const jobs = allJobs.filter(keep);
  const poolSpend = spendByPool(allJobs);

  const pools = capacity.map((pool): PoolBreakdown => {
    const fleet = poolSpend.filter((row) => row.poolId === pool.poolId);
    const mine = fleet.filter((row) => keep({ teamId: row.teamId, kind: row.jobKind }));
    const sum = (rows: typeof fleet, pick: (row: (typeof fleet)[number]) => number) =>
      rows.reduce((total, row) => total + pick(row), 0);
    return {
      ...pool,
      allocatedCost: sum(mine, (row) => row.cost),
      allocatedGpuHours: sum(mine, (row) => row.gpuHours),
      unpricedGpuHours: sum(mine, (row) => row.unpricedGpuHours),
    };
  });

  const teams = new Map<number, { name: string; usage: UsageSums }>();
  for (const [teamId, usage] of groupUsage(jobs, (job) => job.teamId, usageOf)) {
    teams.set(teamId, { name: jobs.find((job) => job.teamId === teamId)!.team, usage });
  }
  const projects = new Map<number, { name: string; teamId: number; team: string; usage: UsageSums }>();
  for (const [projectId, usage] of groupUsage(jobs, (job) => job.projectId, usageOf)) {
    const job = jobs.find((row) => row.projectId === projectId)!;
    projects.set(projectId, { name: job.project, teamId: job.teamId, team: job.team, usage });
  }

  return {
    range,
    jobs,
    usageOf,
    total: jobs.reduce((total, job) => addUsage(total, usageOf(job)), NO_USAGE),
    fleetCost: allJobs.reduce((total, job) => total + job.cost, 0),
    byTeam: teams,
    byProject: projects,
    pools,
    idle: {
      cost: pools.reduce((total, pool) => total + pool.idleCost, 0),
      gpuHours: pools.reduce((total, pool) => total + pool.idleGpuHours, 0),
      unpricedGpuHours: pools.reduce((total, pool) => total + pool.unpricedIdleGpuHours, 0),
    },
    daily: allDaily.filter((row) => keep({ teamId: row.teamId, kind: row.jobKind })),
    interruptions: allInterruptions.filter((row) => keep({ teamId: row.teamId, kind: row.jobKind })),
  };
}
