// Burn-rate alerts as incidents (DOMAIN.md Availability SLOs): after each evaluation, the multiwindow rules of the
// table decide, per severity, whether the SLO's alert fires. A rule that starts firing opens an incident with
// the key slo:<id>:<severity>; once no rule of that severity fires (its short window has recovered) the
// incident is resolved. Only the collecting worker evaluates, once per tick, so a firing alert adds nothing to
// the incident's timeline while it keeps firing.
import { incidentSeverity } from '@/lib/domain/severity';
import { db } from '@/lib/db';
import { INCIDENT_SEVERITIES, type IncidentSeverity } from '@/lib/domain/enums';
import {
  budgetLeftInUnits,
  evaluateBurnRateAlerts,
  formatBurnRate,
  windowLabel,
  type BurnRateAlertState,
  type SloDefinition,
} from '@/lib/domain/slo';
import { formatCount, formatPercent } from '@/lib/domain/units';
import { clearIncident, raiseIncident } from '@/lib/incidents/signals';

export interface EvaluatedSlo extends SloDefinition {
  sli: number;
  budgetRemaining: number;
  /** Events over the SLO window (GPU-minutes or requests). */
  total: number;
  /** Error ratio per burn-rate window, in minutes; null without events. */
  errorRatios: Record<number, number | null>;
  /** The share of each burn-rate window measured (0..1); null where requests are counted instead. */
  coverage: Record<number, number | null>;
}

export const sloIncidentKey = (sloId: number, severity: IncidentSeverity) => `slo:${sloId}:${severity}`;

const pair = (alert: BurnRateAlertState) =>
  `${formatBurnRate(alert.longBurnRate)} (${windowLabel(alert.rule.longWindowMinutes)}${measuredPart(alert)}) and ` +
  `${formatBurnRate(alert.shortBurnRate)} (${windowLabel(alert.rule.shortWindowMinutes)})`;

/** ", 8% measured" where only part of the long window was measured (a fresh start, an outage). */
const measuredPart = (alert: BurnRateAlertState) =>
  alert.longCoverage < 0.995 ? `, ${formatPercent(alert.longCoverage, { digits: 0 })} of it measured` : '';

function budgetLine(slo: EvaluatedSlo): string {
  const units = budgetLeftInUnits(slo.kind, slo.target, slo.windowDays, slo.budgetRemaining, slo.total);
  const amount = (value: number) =>
    units?.unit === 'minutes' ? `${value.toFixed(2)} min` : `${formatCount(Math.round(value))} requests`;
  if (slo.budgetRemaining < 0) {
    const over = units ? ` (${amount(-units.left)} over a budget of ${amount(units.budget)})` : '';
    return `the error budget is overspent by ${formatPercent(-slo.budgetRemaining, { digits: 1 })}${over}`;
  }
  const left = units ? ` (${amount(units.left)} of ${amount(units.budget)})` : '';
  return `${formatPercent(slo.budgetRemaining, { digits: 1 })} of the error budget left${left}`;
}

/** The incident's summary: the SLI, the budget left, and every window of the table against its rate. */
export function burnRateSummary(slo: EvaluatedSlo, alerts: BurnRateAlertState[]): string {
  return [
    `${slo.name}: SLI ${formatPercent(slo.sli, { digits: 3, truncate: true })} over ${slo.windowDays} d against a target of ` +
      `${formatPercent(slo.target, { digits: 2 })}; ${budgetLine(slo)}.`,
    ...alerts.map(
      (alert) =>
        `${alert.firing ? 'Firing' : 'Quiet'} (${alert.rule.severity}): burn rate ${pair(alert)}, alerts when both exceed ` +
        `${alert.rule.burnRate}x.`,
    ),
  ].join('\n');
}

/** Unresolved burn-rate incidents of SLOs, by key. */
async function openSloIncidents(): Promise<Map<string, number>> {
  const rows = await db.incident.findMany({
    where: { source: 'burn_rate', state: { not: 'resolved' }, key: { startsWith: 'slo:' } },
    select: { id: true, key: true },
  });
  return new Map(rows.map((row) => [row.key, row.id]));
}

/**
 * Opens and resolves the burn-rate incidents of the SLOs just evaluated. An incident of an SLO that is not among
 * `enabledIds` (disabled or deleted) is resolved. An enabled SLO not measured this time keeps its incident as it
 * is: no data is no evidence that the burn has stopped.
 */
export async function alertOnBurnRates(
  evaluated: EvaluatedSlo[],
  enabledIds: number[],
  at: Date,
): Promise<{ opened: number; resolved: number }> {
  const open = await openSloIncidents();
  let opened = 0;
  let resolved = 0;
  for (const slo of evaluated) {
    const { alerts } = evaluateBurnRateAlerts(slo.target, slo.errorRatios, slo.coverage);
    for (const severity of INCIDENT_SEVERITIES) {
      const key = sloIncidentKey(slo.id, severity);
      const rules = alerts.filter((alert) => alert.rule.severity === severity);
      const firing = rules.find((alert) => alert.firing);
      if (firing && !open.has(key)) {
        await db.$transaction((tx) =>
          raiseIncident(tx, {
            key,
            title: `${slo.name}${slo.cluster ? ` (${slo.cluster})` : ''} burning its error budget ${pair(firing)}`,
            ...incidentSeverity({ what: 'burn_rate', fast: severity === 'page' }),
            source: 'burn_rate',
            message:
              `Burn rate ${formatBurnRate(firing.longBurnRate)} over ${windowLabel(firing.rule.longWindowMinutes)} and ` +
              `${formatBurnRate(firing.shortBurnRate)} over ${windowLabel(firing.rule.shortWindowMinutes)}, both above ${firing.rule.burnRate}x`,
            summary: burnRateSummary(slo, alerts),
            // A cluster's SLO is that cluster's business: its label scopes the incident to it.
            labels: { sloId: slo.id, severity, ...(slo.cluster ? { cluster: slo.cluster } : {}) },
            data: { sli: slo.sli, budgetRemaining: slo.budgetRemaining, errorRatios: slo.errorRatios },
            at,
          }),
        );
        opened += 1;
      } else if (!firing && open.has(key)) {
        const quiet = rules
          .map((alert) => `${windowLabel(alert.rule.shortWindowMinutes)} at ${formatBurnRate(alert.shortBurnRate)}`)
          .join(', ');
        const cleared = await db.$transaction((tx) =>
          clearIncident(tx, key, { message: `The burn-rate alert stopped firing: ${quiet}, under the thresholds`, at }),
        );
        if (cleared) resolved += 1;
      }
    }
  }
  const enabled = new Set(enabledIds);
  for (const key of open.keys()) {
    if (enabled.has(Number(key.split(':')[1]))) continue;
    const cleared = await db.$transaction((tx) =>
      clearIncident(tx, key, { message: 'The SLO was disabled or deleted: its burn-rate alert no longer runs', at }),
    );
    if (cleared) resolved += 1;
  }
  return { opened, resolved };
}
