// The weekly report for management (DOMAIN.md Cost): where the GPU money went in a week, Monday to Sunday in
// the organisation's time zone, against the week before; what was wasted and why; SLOs and incidents; and the
// savings it recommends. Built from the same queries as the costs page, so both agree to the cent.
import 'server-only';
import { db, type Prisma } from '@/lib/db';
import { rateAt, roundCents } from '@/lib/domain/cost';
import { recommendSavings, type SavingsJob } from '@/lib/domain/savings';
import { getBudgets } from '@/lib/queries/budgets';
import { costBreakdown } from '@/lib/queries/costs/breakdown';
import { hasFleetData } from '@/lib/queries/costs/pools';
import { spendByProject } from '@/lib/queries/costs/projects';
import { readRates } from '@/lib/pricing/rates';
import { shapeCostsView, spendFigures } from '@/lib/queries/costs/view';
import type { CostGroupRow } from '@/lib/queries/costs/types';
import { ledgerBy } from '@/lib/queries/ledger/ledger';
import { readSettings } from '@/lib/settings/org';
import { reportLedger } from './ledger';
import { checkpointIntervals, incidentsOpened, sloAttainment } from './queries';
import type { ReportGroupRow, WeeklyReport } from './types';
import { parseWeek, weekOverWeek, type ReportWeek } from './week';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import { DAY_MS } from '@/lib/domain/time';

export type * from './types';

const TOP_JOBS = 10;

/**
 * The week's report of every cluster, or of one: its spend, capacity, interruptions and incidents (an incident of no
 * cluster counts in each). A cluster's report holds that cluster's SLOs and budgets and the organisation's.
 */
export async function buildWeeklyReport(
  week: ReportWeek,
  now: Date = new Date(),
  scope: ClusterScope = ALL_CLUSTERS,
): Promise<WeeklyReport> {
  const { timeZone, currency } = await readSettings();
  // A week still running is read up to now, and compared with the same span of the week before.
  const range = {
    from: week.from,
    to: new Date(Math.min(week.to.getTime(), Math.max(week.from.getTime() + 1, now.getTime()))),
  };
  const previousFrom = parseWeek(previousStart(week), timeZone)!.from;
  const previousRange = {
    from: previousFrom,
    to: new Date(previousFrom.getTime() + (range.to.getTime() - range.from.getTime())),
  };
  // Budgets stand as of the report's end: month to date then, and the forecast from then.
  const budgetsAsOf = new Date(range.to.getTime() - 1);
  const ledgerFilter = { cluster: scope.cluster ?? undefined };
  const [breakdown, previous, slos, incidents, checkpoints, rates, budgets, ledger, previousLedger, previousKnown] =
    await Promise.all([
      costBreakdown(range, timeZone, { scope }, now),
      spendByProject(previousRange, scope),
      sloAttainment(range, scope),
      incidentsOpened(range, scope),
      checkpointIntervals(range),
      readRates(),
      getBudgets(budgetsAsOf, scope),
      ledgerBy(range, 'pool', ledgerFilter),
      ledgerBy(previousRange, 'pool', ledgerFilter),
      hasFleetData(previousRange, scope),
    ]);
  const shape = { timeZone, currency, teams: [], options: {} };
  const teamsView = shapeCostsView(breakdown, { ...shape, by: 'team', jobLimit: 0 });
  const projectsView = shapeCostsView(breakdown, { ...shape, by: 'project', jobLimit: TOP_JOBS });
  // A week before the console's history began is unknown, not free: its figures are null.
  const previousBy = (key: 'teamId' | 'projectId', id: number) =>
    previousKnown
      ? roundCents(previous.filter((row) => row[key] === id).reduce((sum, row) => sum + row.cost, 0))
      : null;
  const withChange = (row: CostGroupRow, previousSpend: number | null): ReportGroupRow => ({
    id: row.id,
    name: row.name,
    team: row.team,
    spend: row.spend,
    gpuHours: row.gpuHours,
    unpricedGpuHours: row.unpricedGpuHours,
    utilization: row.utilization,
    wasteGpuHours: row.wasteGpuHours,
    wasteCost: row.wasteCost,
    costPerUsefulGpuHour: row.costPerUsefulGpuHour,
    previousSpend,
    change: weekOverWeek(row.spend, previousSpend),
    idleShare: row.idleShare,
    interruptionCost: row.interruptionCost,
  });
  const previousTotal = previousKnown ? roundCents(previous.reduce((sum, row) => sum + row.cost, 0)) : null;
  const totals = teamsView.totals;

  const spot = (gpuModel: string) =>
    rateAt(rates, gpuModel, 'spot', new Date(week.to.getTime() - 1))?.pricePerGpuHour ?? null;
  const savingsJobs: SavingsJob[] = breakdown.jobs.map((job) => ({
    jobId: job.jobId,
    label: `${job.name} (${job.externalId})`,
    kind: job.kind,
    gpuModel: job.gpuModel,
    pricingClass: job.pricingClass,
    cost: job.cost,
    gpuHours: job.gpuHours,
    sampledGpuMinutes: job.sampledGpuMinutes,
    idleGpuMinutes: job.idleGpuMinutes,
    utilization: job.utilization,
    desiredReplicas: job.desiredReplicas,
    checkpointEveryMinutes: checkpoints.get(job.jobId) ?? null,
  }));
  const recommendations = recommendSavings(savingsJobs, spot).map((rule) => ({
    ...rule,
    weeklyAmount: roundCents(rule.weeklyAmount),
    items: rule.items.map((item) => ({ ...item, amount: roundCents(item.amount) })),
  }));

  const provisionedGpuHours = breakdown.pools.reduce((sum, pool) => sum + pool.provisionedGpuHours, 0);
  const resolved = incidents.filter((incident) => incident.timeToRecoverMs !== null);
  return {
    version: 1,
    week: { start: week.start, label: week.label, from: week.from.toISOString(), to: week.to.toISOString(), timeZone },
    generatedAt: now.toISOString(),
    cluster: scope.cluster,
    complete: now.getTime() >= week.to.getTime(),
    currency,
    spend: {
      total: totals.spend,
      previous: previousTotal,
      change: weekOverWeek(totals.spend, previousTotal),
      gpuHours: totals.gpuHours,
      unpricedGpuHours: totals.unpricedGpuHours,
    },
    ledger: reportLedger(ledger, previousKnown ? previousLedger : null),
    teams: teamsView.groups.map((row) => withChange(row, previousBy('teamId', row.id))),
    projects: projectsView.groups.map((row) => withChange(row, previousBy('projectId', row.id))),
    topJobs: projectsView.jobs,
    usage: {
      ...spendFigures(breakdown.total),
      allocation: provisionedGpuHours > 0 ? totals.gpuHours / provisionedGpuHours : null,
      provisionedGpuHours,
    },
    idle: {
      cost: totals.idleCost,
      gpuHours: totals.idleGpuHours,
      unpricedGpuHours: totals.unpricedIdleGpuHours,
      pools: teamsView.pools.map((pool) => ({
        name: pool.name,
        idleGpuHours: pool.idleGpuHours,
        idleCost: pool.idleCost,
        unpricedIdleGpuHours: pool.unpricedIdleGpuHours,
      })),
    },
    interruptions: {
      count: totals.interruptions,
      lostGpuHours: totals.lostGpuHours,
      cost: totals.interruptionCost,
      top: [...breakdown.interruptions]
        .sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0))
        .slice(0, 5)
        .map((row) => ({
          job: row.externalId,
          name: row.name,
          at: row.at.toISOString(),
          kind: row.kind,
          gpus: row.gpus,
          lostGpuHours: row.lostGpuHours,
          cost: row.cost === null ? null : roundCents(row.cost),
        })),
    },
    slos: slos.map((slo) => ({ ...slo, met: slo.attainment === null ? null : slo.attainment >= slo.target })),
    incidents: {
      opened: incidents.length,
      pages: incidents.filter((incident) => incident.severity === 'page').length,
      tickets: incidents.filter((incident) => incident.severity === 'ticket').length,
      resolved: resolved.length,
      meanTimeToRecoverMs: resolved.length
        ? resolved.reduce((sum, incident) => sum + incident.timeToRecoverMs!, 0) / resolved.length
        : null,
      list: [...incidents]
        .sort((a, b) => (b.timeToRecoverMs ?? Infinity) - (a.timeToRecoverMs ?? Infinity))
        .slice(0, 10),
    },
    savings: {
      total: roundCents(recommendations.reduce((sum, rule) => sum + rule.weeklyAmount, 0)),
      recommendations,
    },
    budgets: {
      asOf: budgetsAsOf.toISOString(),
      rows: budgets.budgets.map((budget) => ({
        id: budget.id,
        name: budget.name,
        scope: budget.scope.kind === 'team' ? budget.scope.name : `${budget.scope.team} / ${budget.scope.name}`,
        cluster: budget.cluster,
        month: budget.period.month,
        amount: budget.amount,
        monthToDate: budget.spend,
        forecast: budget.forecast,
        state: budget.state,
      })),
    },
  };
}

/** The Monday a week before, YYYY-MM-DD. */
function previousStart(week: ReportWeek): string {
  const monday = new Date(`${week.start}T00:00:00Z`);
  return new Date(monday.getTime() - 7 * DAY_MS).toISOString().slice(0, 10);
}

/** Builds the week's report and keeps it (report table), replacing an earlier one for the same week. */
export async function generateWeeklyReport(week: ReportWeek, now: Date = new Date()) {
  const data = await buildWeeklyReport(week, now);
  // Interfaces are not index signatures; the report is plain JSON by construction.
  const json = data as unknown as Prisma.InputJsonObject;
  const row = await db.report.upsert({
    where: { kind_periodStart: { kind: 'weekly', periodStart: week.from } },
    create: {
      kind: 'weekly',
      periodStart: week.from,
      periodEnd: week.to,
      timeZone: data.week.timeZone,
      generatedAt: now,
      data: json,
    },
    update: { periodEnd: week.to, timeZone: data.week.timeZone, generatedAt: now, data: json },
  });
  return { id: row.id, report: data };
}
