// Budget alerts: every few minutes the worker compares each budget's spend and forecast with its thresholds.
// A threshold fires once per budget and month (budget_alert's unique key), with a notification per channel that
// takes budget alerts, and at 100% a ticket incident (deduplicated by its key while unresolved).
import { incidentSeverity } from '@/lib/domain/severity';
import type PgBoss from 'pg-boss';
import { db } from '@/lib/db';
import type { CrossedThreshold } from '@/lib/domain/cost';
import { runRatePeriod } from '@/lib/domain/budget';
import { formatMoney, formatPercent } from '@/lib/domain/units';
import { env } from '@/lib/env';
import { raiseIncident } from '@/lib/incidents/signals';
import { getBudgets, periodDate, type BudgetStatus } from '@/lib/queries/budgets';
import { createNotifications, queueDeliveries } from '@/lib/notifications/queue';
import { channelsFor } from '@/lib/notifications/routing';
import type { NotificationPayload } from '@/lib/notifications/payload';
import { log } from './log';

export const BUDGET_QUEUE = 'budgets';
/** Every 5 minutes: spend moves slowly, and the month's spend is a whole-fleet query. */
export const BUDGET_SCHEDULE = '*/5 * * * *';

const consoleUrl = () => env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

export function budgetAlertMessage(budget: BudgetStatus, crossed: CrossedThreshold): NotificationPayload {
  const money = (amount: number) => formatMoney(amount, { currency: budget.currency });
  const owner =
    (budget.scope.kind === 'team' ? `team ${budget.scope.name}` : `${budget.scope.team} / ${budget.scope.name}`) +
    (budget.cluster ? ` on ${budget.cluster}` : '');
  const what = crossed.basis === 'spend' ? 'spend has reached' : 'the forecast reaches';
  const subject = `Budget ${budget.name}: ${what} ${crossed.threshold}% of ${money(budget.amount)} (${monthName(budget.period.month)})`;
  const text = [
    `${budget.name} (${owner}), ${monthName(budget.period.month)}: ${what} ${crossed.threshold}% of the monthly budget.`,
    '',
    `Spent so far:  ${money(budget.spend)} (${formatPercent(budget.spend / budget.amount, { digits: 0 })})`,
    `Forecast:      ${money(budget.forecast)} (${formatPercent(budget.forecast / budget.amount, { digits: 0 })})`,
    `Run rate:      ${money(budget.runRatePerDay)} a day over ${runRatePeriod(budget.runRateDays)}, ${budget.daysLeft.toFixed(1)} days left`,
    `Budget:        ${money(budget.amount)}`,
    '',
    `Forecast = spend so far + the last 7 days' daily run rate x days left.`,
    `${consoleUrl()}/budgets`,
  ].join('\n');
  return {
    type: 'budget_alert',
    subject,
    text,
    data: {
      budget: {
        id: budget.id,
        name: budget.name,
        scope: budget.scope,
        cluster: budget.cluster,
        amount: budget.amount,
        currency: budget.currency,
      },
      month: budget.period.month,
      threshold: crossed.threshold,
      basis: crossed.basis,
      amount: crossed.amount,
      spend: budget.spend,
      forecast: budget.forecast,
      url: `${consoleUrl()}/budgets`,
    },
  };
}

/** Fires what has newly crossed; returns the alerts fired. `boss` queues the deliveries (none in a dry test run). */
export async function evaluateBudgets(now: Date, boss: PgBoss | null): Promise<number> {
  const { budgets, timeZone } = await getBudgets(now);
  const period = periodDate(now, timeZone);
  let fired = 0;
  for (const budget of budgets) {
    for (const crossed of budget.crossed) {
      const outcome = await db.$transaction(async (tx) => {
        const [alert] = await tx.$queryRaw<{ id: number }[]>`
          INSERT INTO budget_alert (budget_id, period, threshold, basis, amount)
          VALUES (${budget.id}, ${period}::date, ${crossed.threshold}, ${crossed.basis}::"BudgetBasis", ${crossed.amount})
          ON CONFLICT (budget_id, period, threshold) DO NOTHING RETURNING id`;
        if (!alert) return null;
        const message = budgetAlertMessage(budget, crossed);
        const channelIds = await channelsFor(tx, { type: 'budget_alert', teamId: budget.scope.teamId ?? null });
        let incidentId: number | null = null;
        let incidentNotifications: bigint[] = [];
        if (crossed.threshold >= 100) {
          const raised = await raiseIncident(tx, {
            key: `budget:${budget.id}:${budget.period.month}`,
            title: message.subject,
            ...incidentSeverity({ what: 'budget' }),
            source: 'budget',
            message: `Opened by the budget alert: ${message.subject}`,
            summary: message.text,
            // A cluster's budget is that cluster's business: its label scopes the incident to it.
            labels: {
              budgetId: budget.id,
              month: budget.period.month,
              ...(budget.cluster ? { cluster: budget.cluster } : {}),
            },
            exceptChannelIds: channelIds,
          });
          incidentId = raised.incidentId;
          incidentNotifications = raised.notificationIds;
        }
        const ids = await createNotifications(tx, {
          channelIds,
          dedupKey: `budget_alert:${alert.id}`,
          payload: message,
          incidentId,
        });
        return { ids: [...ids, ...incidentNotifications], subject: message.subject };
      });
      if (!outcome) continue;
      fired += 1;
      log.info('budget alert', { budget: budget.id, threshold: crossed.threshold, basis: crossed.basis });
      if (boss) await queueDeliveries(boss, outcome.ids);
    }
  }
  return fired;
}
