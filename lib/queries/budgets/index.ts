// Every budget's standing this month, as the budgets page shows it and the worker's alerts judge it: spend so
// far, the last 7 days' run rate, the forecast (DOMAIN.md Budgets), thresholds crossed, alerts fired, burn chart.
// A budget of one cluster counts that cluster's spend alone, and its run rate over that cluster's data.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { poolInCluster } from '@/lib/db/scope';
import { ALL_CLUSTERS, type ClusterScope } from '@/lib/clusters/scope';
import { budgetForecast, crossedThresholds, roundCents, type CrossedThreshold } from '@/lib/domain/cost';
import { budgetState, burnSeries, type BudgetState, type BurnPoint } from '@/lib/domain/budget';
import { DAY_MS, localDays, monthRange, zonedTimeToInstant, wallClock } from '@/lib/domain/time';
import { dailySpendByProject } from '@/lib/queries/costs/daily';
import { spendByProject } from '@/lib/queries/costs/projects';
import { readSettings } from '@/lib/settings/org';
import type { BudgetBasis } from '@/lib/domain/enums';

export interface BudgetStatus {
  id: number;
  name: string;
  scope: { kind: 'team' | 'project'; id: number; name: string; team: string; teamId: number };
  /** The cluster whose spend it counts; null for the whole organisation. */
  cluster: string | null;
  amount: number;
  currency: string;
  thresholds: number[];
  /** The month in the organisation's zone: from its first midnight to the next month's. */
  period: { from: string; to: string; month: string };
  spend: number;
  last7DaysSpend: number;
  runRatePerDay: number;
  /** The days the run rate was read over: 7, or fewer on a console whose data began within them. */
  runRateDays: number;
  daysLeft: number;
  forecast: number;
  crossed: CrossedThreshold[];
  state: BudgetState;
  alerts: { threshold: number; basis: BudgetBasis; amount: number; firedAt: string }[];
  burn: BurnPoint[];
}

export interface BudgetsView {
  timeZone: string;
  currency: string;
  now: string;
  budgets: BudgetStatus[];
}

/** The month's first day as budget_alert.period stores it (a DATE, in the organisation's zone). */
export function periodDate(at: Date, timeZone: string): Date {
  const wall = wallClock(at, timeZone);
  return new Date(Date.UTC(wall.year, wall.month - 1, 1));
}

/** The spend a budget reads, of one cluster or of the whole organisation. */
async function spendOf(scope: ClusterScope, month: { from: Date; to: Date }, now: Date, timeZone: string) {
  const soFar = { from: month.from, to: now };
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const [daily, lastWeek, firstMinute] = await Promise.all([
    dailySpendByProject(soFar, timeZone, scope),
    spendByProject({ from: weekAgo, to: now }, scope),
    // Where its data begins within the last 7 days (a fresh console's, or a newly added cluster's, is shorter).
    db.$queryRaw<{ ts: Date | null }[]>`
      SELECT min(ts) AS ts FROM pool_minute
      WHERE ts >= ${weekAgo}::timestamptz AND ts < ${now}::timestamptz AND ${poolInCluster(Prisma.sql`pool_id`, scope)}`,
  ]);
  const measuredFrom = firstMinute[0]?.ts ?? weekAgo;
  const measuredDays = (now.getTime() - Math.max(weekAgo.getTime(), measuredFrom.getTime())) / DAY_MS;
  return { daily, lastWeek, measuredDays };
}

/** Every budget; scoped to a cluster, that cluster's budgets and the organisation's. */
export async function getBudgets(now: Date = new Date(), scope: ClusterScope = ALL_CLUSTERS): Promise<BudgetsView> {
  const { timeZone, currency } = await readSettings();
  const month = monthRange(now, timeZone);
  const [budgets, alerts] = await Promise.all([
    db.budget.findMany({
      where: scope.cluster ? { OR: [{ clusterId: null }, { cluster: { name: scope.cluster } }] } : {},
      include: { team: true, project: { include: { team: true } }, cluster: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    }),
    db.budgetAlert.findMany({ where: { period: periodDate(now, timeZone) }, orderBy: { threshold: 'asc' } }),
  ]);
  // The spend of the organisation and of each cluster a budget watches, read once each.
  const clusterNames = [...new Set(budgets.map((budget) => budget.cluster?.name ?? null))];
  const spends = new Map(
    await Promise.all(
      clusterNames.map(async (cluster) => [cluster, await spendOf({ cluster }, month, now, timeZone)] as const),
    ),
  );
  const days = localDays(month, timeZone);
  const dayEnds = days.map((_, i) => {
    const first = wallClock(month.from, timeZone);
    return zonedTimeToInstant(timeZone, first.year, first.month, first.day + i + 1);
  });

  const statuses = budgets.map((budget): BudgetStatus => {
    const scope = budget.project
      ? {
          kind: 'project' as const,
          id: budget.project.id,
          name: budget.project.name,
          team: budget.project.team.name,
          teamId: budget.project.teamId,
        }
      : {
          kind: 'team' as const,
          id: budget.team!.id,
          name: budget.team!.name,
          team: budget.team!.name,
          teamId: budget.team!.id,
        };
    const { daily, lastWeek, measuredDays } = spends.get(budget.cluster?.name ?? null)!;
    const inScope = (row: { projectId: number; teamId: number }) =>
      scope.kind === 'project' ? row.projectId === scope.id : row.teamId === scope.id;
    const dailySpend = new Map<string, number>();
    for (const row of daily) {
      if (inScope(row)) dailySpend.set(row.day, (dailySpend.get(row.day) ?? 0) + row.cost);
    }
    const spend = [...dailySpend.values()].reduce((a, b) => a + b, 0);
    const last7DaysSpend = lastWeek.reduce((sum, row) => sum + (inScope(row) ? row.cost : 0), 0);
    const forecast = budgetForecast({ spendSoFar: spend, last7DaysSpend, now, timeZone, measuredDays });
    const amount = budget.monthlyAmount.toNumber();
    const crossed = crossedThresholds({
      budget: amount,
      spend,
      forecast: forecast.forecast,
      thresholds: budget.thresholds,
    });
    return {
      id: budget.id,
      name: budget.name,
      scope,
      cluster: budget.cluster?.name ?? null,
      amount,
      currency: budget.currency,
      thresholds: [...budget.thresholds].sort((a, b) => a - b),
      period: {
        from: month.from.toISOString(),
        to: month.to.toISOString(),
        month: days[0].day.slice(0, 7),
      },
      spend: roundCents(spend),
      last7DaysSpend: roundCents(last7DaysSpend),
      runRatePerDay: roundCents(forecast.runRatePerDay),
      runRateDays: forecast.runRateDays,
      daysLeft: forecast.daysLeft,
      forecast: roundCents(forecast.forecast),
      crossed,
      state: budgetState(crossed, { amount, spend, forecast: forecast.forecast }),
      alerts: alerts
        .filter((alert) => alert.budgetId === budget.id)
        .map((alert) => ({
          threshold: alert.threshold,
          basis: alert.basis,
          amount: alert.amount.toNumber(),
          firedAt: alert.firedAt.toISOString(),
        })),
      burn: burnSeries({
        days: days.map((row) => row.day),
        dayEnds,
        dailySpend,
        now,
        spendSoFar: spend,
        runRatePerDay: forecast.runRatePerDay,
      }),
    };
  });
  // The budgets that need a look first.
  const severity: Record<BudgetState, number> = { over: 0, at_risk: 1, watch: 2, on_track: 3 };
  statuses.sort((a, b) => severity[a.state] - severity[b.state] || a.name.localeCompare(b.name));
  return { timeZone, currency, now: now.toISOString(), budgets: statuses };
}
