// SLO evaluation, each collector tick: every enabled SLO's SLI over its window and over every burn-rate window
// (GPU availability and job goodput from the fleet rollup, inference availability from Prometheus), a snapshot
// per minute, and the burn-rate alerts' incidents. An SLO that cannot be measured records why instead. An SLO of
// one cluster reads that cluster's rollup alone, up to that cluster's newest minute; the others read the whole
// organisation's.
import type { Pool } from 'pg';
import {
  BURN_RATE_WINDOWS_MINUTES,
  budgetRemaining,
  burnRate,
  errorRatio,
  sliRatio,
  sloDefinitionOf,
} from '@/lib/domain/slo';
import type { SloKind } from '@/lib/domain/enums';
import type { PrometheusApi } from '@/lib/sources/prometheus';
import { alertOnBurnRates, type EvaluatedSlo } from './slo-alerts';
import { configuredPrometheus, measureRequests } from './slo-inference';
import { fleetEvents, recordGoodputMinute, type FleetEvents, type WindowEvents } from './slo-rollup';
import { MINUTE_MS } from '@/lib/domain/time';

interface SloRow {
  id: number;
  name: string;
  kind: SloKind;
  target: number;
  window_days: number;
  config: unknown;
  evaluated_at: Date | null;
  cluster_id: number | null;
  cluster: string | null;
}

export interface EvaluateSlosOptions {
  /** The Prometheus inference SLOs read; by default the one PROMETHEUS_URL names (none without it). */
  prometheus?: PrometheusApi | null;
}

type Measurement = { measured: true; windows: Map<number, WindowEvents> } | { measured: false; reason: string };

const windowWords = (days: number) => (days === 1 ? 'the last day' : `the last ${days} days`);

/** Why an SLO whose window holds no events is not measured, in its own terms. */
function nothingCounted(kind: SloKind, days: number): string {
  if (kind === 'gpu_availability') return `No GPU was provisioned in ${windowWords(days)}.`;
  if (kind === 'job_goodput') return `No GPU held by a job was measured in ${windowWords(days)}.`;
  return `Prometheus counted no requests in ${windowWords(days)}.`;
}

async function measure(
  slo: SloRow,
  fleet: FleetEvents | null,
  prometheus: () => PrometheusApi | null,
  at: Date,
  windows: number[],
): Promise<Measurement> {
  if (slo.kind === 'inference_availability') return measureRequests(prometheus(), slo.config, at, windows);
  const events = slo.kind === 'gpu_availability' ? fleet!.availability : fleet!.goodput;
  return { measured: true, windows: events };
}

/**
 * The minute SLOs are evaluated at: the newest one the fleet rollup holds up to `minute`. A source read with a lag
 * has not covered the last minutes yet; during an outage this stays at the last minute measured, so the gap enters
 * the windows (as unknown) only once it is over, never as minutes of nothing.
 */
async function measuredUntil(pool: Pool, minute: Date, clusterId: number | null): Promise<Date> {
  const { rows } = await pool.query<{ ts: Date | null }>(
    `SELECT max(m.ts) AS ts FROM pool p
     CROSS JOIN LATERAL (SELECT ts FROM pool_minute WHERE pool_id = p.id AND ts <= $1 ORDER BY ts DESC LIMIT 1) m
     WHERE $2::int IS NULL OR p.cluster_id = $2`,
    [minute, clusterId],
  );
  return rows[0].ts ?? minute;
}

interface ScopeEvents {
  at: Date;
  fleet: FleetEvents | null;
}

/**
 * Evaluates every enabled SLO as of `now` (the time the collected data reaches), writing one snapshot per SLO
 * and minute, then opens or resolves burn-rate incidents. Returns how many snapshots were written.
 */
export async function evaluateSlos(pool: Pool, now: Date, options: EvaluateSlosOptions = {}): Promise<number> {
  const minute = new Date(now.getTime() - (now.getTime() % MINUTE_MS));
  const organisationAt = await measuredUntil(pool, minute, null);
  await recordGoodputMinute(pool, organisationAt);
  const { rows: slos } = await pool.query<SloRow>(
    `SELECT s.id, s.name, s.kind::text AS kind, s.target, s.window_days, s.config, s.evaluated_at, s.cluster_id,
            c.name AS cluster
     FROM slo s LEFT JOIN cluster c ON c.id = s.cluster_id WHERE s.enabled ORDER BY s.id`,
  );
  const sloWindows = (slo: SloRow) => [...new Set([...BURN_RATE_WINDOWS_MINUTES, slo.window_days * 1440])];
  // The organisation, and each cluster an SLO watches: its newest minute, and its rollup's sums over every window.
  const scopes = new Map<number | null, ScopeEvents>();
  for (const clusterId of new Set(slos.map((slo) => slo.cluster_id))) {
    const at = clusterId === null ? organisationAt : await measuredUntil(pool, minute, clusterId);
    // A cluster read with more lag than the newest one has its own newest minute to count goodput in.
    if (at.getTime() !== organisationAt.getTime()) await recordGoodputMinute(pool, at, clusterId);
    const fleetSlos = slos.filter((slo) => slo.cluster_id === clusterId && slo.kind !== 'inference_availability');
    const windows = [...new Set(fleetSlos.flatMap(sloWindows))];
    scopes.set(clusterId, { at, fleet: windows.length ? await fleetEvents(pool, at, windows, clusterId) : null });
  }
  const prometheus = () => (options.prometheus === undefined ? configuredPrometheus() : options.prometheus);

  const evaluated: EvaluatedSlo[] = [];
  for (const slo of slos) {
    const { at, fleet } = scopes.get(slo.cluster_id)!;
    // Prometheus is asked once a minute, however often the collector ticks: increase() over 30 days is not cheap.
    if (slo.kind === 'inference_availability' && slo.evaluated_at && slo.evaluated_at >= at) continue;
    const measurement = await measure(slo, fleet, prometheus, at, sloWindows(slo));
    const overWindow = measurement.measured ? measurement.windows.get(slo.window_days * 1440) : undefined;
    const sli = overWindow ? sliRatio(overWindow.good, overWindow.total) : null;
    if (!measurement.measured || !overWindow || sli === null) {
      const reason = measurement.measured ? nothingCounted(slo.kind, slo.window_days) : measurement.reason;
      await pool.query(`UPDATE slo SET evaluated_at = $2, not_measured_reason = $3 WHERE id = $1`, [
        slo.id,
        at,
        reason,
      ]);
      continue;
    }
    const errorRatios = Object.fromEntries(
      BURN_RATE_WINDOWS_MINUTES.map((minutes) => {
        const events = measurement.windows.get(minutes);
        return [minutes, events ? errorRatio(events.good, events.total) : null];
      }),
    );
    // How much of each window was measured: the alerts' long windows must be spent by what was.
    const coverage = Object.fromEntries(
      BURN_RATE_WINDOWS_MINUTES.map((minutes) => [minutes, measurement.windows.get(minutes)?.coverage ?? null]),
    );
    const burnRates = Object.fromEntries(
      Object.entries(errorRatios).map(([minutes, ratio]) => [
        minutes,
        ratio === null ? null : burnRate(ratio, slo.target),
      ]),
    );
    const remaining = budgetRemaining(slo.target, sli)!;
    await pool.query(
      `WITH snapshot AS (
         INSERT INTO slo_snapshot (slo_id, at, sli, budget_remaining, burn_rates, good, total, coverage)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (slo_id, at) DO UPDATE SET sli = EXCLUDED.sli, budget_remaining = EXCLUDED.budget_remaining,
           burn_rates = EXCLUDED.burn_rates, good = EXCLUDED.good, total = EXCLUDED.total,
           coverage = EXCLUDED.coverage
       )
       UPDATE slo SET evaluated_at = $2, not_measured_reason = NULL WHERE id = $1`,
      [slo.id, at, sli, remaining, JSON.stringify(burnRates), overWindow.good, overWindow.total, overWindow.coverage],
    );
    evaluated.push({
      ...sloDefinitionOf(slo),
      sli,
      budgetRemaining: remaining,
      total: overWindow.total,
      errorRatios,
      coverage,
    });
  }
  await alertOnBurnRates(
    evaluated,
    slos.map((slo) => slo.id),
    organisationAt,
  );
  return evaluated.length;
}
