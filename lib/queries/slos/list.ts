// Every SLO as the worker last evaluated it: the SLI, the error budget left, the burn rates of each window pair
// of DOMAIN.md's table against their thresholds, and the burn-rate incidents open on it.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import type { IncidentSeverity } from '@/lib/domain/enums';
import {
  allowedErrorRatio,
  budgetLeftInUnits,
  evaluateBurnRateAlerts,
  sloDefinitionOf,
  tooLittleMeasured,
} from '@/lib/domain/slo';
import type { SloKind } from '@/lib/domain/enums';
import { requestQueriesOf } from '@/lib/domain/slo-promql';
import type { BurnRatePair, SloState, SloSummary } from './types';

interface Row {
  id: number;
  name: string;
  kind: SloKind;
  target: number;
  window_days: number;
  enabled: boolean;
  config: unknown;
  cluster: string | null;
  evaluated_at: Date | null;
  not_measured_reason: string | null;
  at: Date | null;
  sli: number | null;
  budget_remaining: number | null;
  burn_rates: Record<string, number | null> | null;
  good: number | null;
  total: number | null;
  coverage: number | null;
}

/** The burn rates of each rule of the table, and whether both of its windows exceed its rate. */
export function burnRatePairs(target: number, burnRates: Record<string, number | null> | null): BurnRatePair[] {
  // The rule check takes error ratios: a burn rate is an error ratio over 1 - target.
  const ratios = Object.fromEntries(
    Object.entries(burnRates ?? {}).map(([minutes, rate]) => [
      Number(minutes),
      rate === null ? null : rate * allowedErrorRatio(target),
    ]),
  );
  return evaluateBurnRateAlerts(target, ratios).alerts.map((alert) => ({
    severity: alert.rule.severity,
    longWindowMinutes: alert.rule.longWindowMinutes,
    shortWindowMinutes: alert.rule.shortWindowMinutes,
    threshold: alert.rule.burnRate,
    longBurnRate: burnRates?.[alert.rule.longWindowMinutes] ?? null,
    shortBurnRate: burnRates?.[alert.rule.shortWindowMinutes] ?? null,
    firing: alert.firing,
  }));
}

/** Why an enabled SLO has no figures now: the worker cannot measure it, or has measured a sliver of its window. */
function notMeasuredReason(row: Row): string | null {
  if (!row.enabled) return null;
  return row.not_measured_reason ?? (row.at ? tooLittleMeasured(row.target, row.window_days, row.coverage) : null);
}

function stateOf(row: Row): SloState {
  if (!row.enabled) return 'disabled';
  if (notMeasuredReason(row)) return 'not_measured';
  return row.at ? 'measured' : 'not_evaluated';
}

/**
 * Every SLO, or the one of `id`; scoped to a cluster, that cluster's SLOs and the organisation's (the others
 * watch other clusters).
 */
export async function sloSummaries(id?: number, scope?: ClusterScope): Promise<SloSummary[]> {
  const inScope = scope?.cluster ? Prisma.sql`(s.cluster_id IS NULL OR c.name = ${scope.cluster})` : Prisma.sql`true`;
  const [rows, incidents] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT s.id, s.name, s.kind::text AS kind, s.target, s.window_days, s.enabled, s.config, c.name AS cluster,
             s.evaluated_at, s.not_measured_reason, l.at, l.sli, l.budget_remaining, l.burn_rates, l.good, l.total,
             l.coverage
      FROM slo s
      LEFT JOIN cluster c ON c.id = s.cluster_id
      LEFT JOIN LATERAL (
        SELECT at, sli, budget_remaining, burn_rates, good, total, coverage FROM slo_snapshot
        WHERE slo_id = s.id ORDER BY at DESC LIMIT 1
      ) l ON true
      WHERE (${id ?? null}::int IS NULL OR s.id = ${id ?? null}::int) AND ${inScope}
      ORDER BY s.enabled DESC, s.id`,
    db.incident.findMany({
      where: { source: 'burn_rate', state: { not: 'resolved' }, key: { startsWith: 'slo:' } },
      select: { id: true, key: true, severity: true, title: true, openedAt: true },
      orderBy: { openedAt: 'asc' },
    }),
  ]);
  const alertsOf = (sloId: number) =>
    incidents
      .filter((incident) => incident.key.startsWith(`slo:${sloId}:`))
      .map((incident) => ({
        incidentId: incident.id,
        severity: incident.severity as IncidentSeverity,
        title: incident.title,
        openedAt: incident.openedAt.toISOString(),
      }));
  return rows.map((row) => {
    const state = stateOf(row);
    // Only a measured SLO shows figures: a stale snapshot of one that cannot be measured now would mislead.
    const latest =
      state === 'measured' && row.at && row.sli !== null && row.budget_remaining !== null
        ? {
            at: row.at.toISOString(),
            sli: row.sli,
            budgetRemaining: row.budget_remaining,
            good: row.good,
            total: row.total,
            coverage: row.coverage,
          }
        : null;
    return {
      ...sloDefinitionOf(row),
      enabled: row.enabled,
      queries: row.kind === 'inference_availability' ? requestQueriesOf(row.config) : null,
      state,
      notMeasuredReason: notMeasuredReason(row),
      evaluatedAt: row.evaluated_at?.toISOString() ?? null,
      latest,
      budgetLeft: latest
        ? budgetLeftInUnits(row.kind, row.target, row.window_days, latest.budgetRemaining, latest.total)
        : null,
      // Firing as the worker decided: it also weighs how much of each long window was measured.
      burnRates: burnRatePairs(row.target, latest ? row.burn_rates : null).map((pair) => ({
        ...pair,
        firing: pair.firing && alertsOf(row.id).some((alert) => alert.severity === pair.severity),
      })),
      alerts: alertsOf(row.id),
    };
  });
}
