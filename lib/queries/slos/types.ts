// The SLO pages' data, JSON-safe. Types only: client components import them freely.
import type { IncidentSeverity } from '@/lib/domain/enums';
import type { SloDefinition } from '@/lib/domain/slo';
import type { ParsedTimeRange } from '@/lib/time-range';
import type { Freshness } from '../types';

export type SloState = 'measured' | 'not_measured' | 'not_evaluated' | 'disabled';

/** One rule of DOMAIN.md's burn-rate table, with the SLO's burn rates now in its two windows. */
export interface BurnRatePair {
  severity: IncidentSeverity;
  longWindowMinutes: number;
  shortWindowMinutes: number;
  /** Both windows must burn faster than this for the alert to fire. */
  threshold: number;
  longBurnRate: number | null;
  shortBurnRate: number | null;
  firing: boolean;
}

export interface SloSummary extends SloDefinition {
  enabled: boolean;
  /** Inference availability's PromQL; null for the other kinds. */
  queries: { goodQuery: string; totalQuery: string } | null;
  state: SloState;
  /** Why the worker could not measure it, when it could not. */
  notMeasuredReason: string | null;
  evaluatedAt: string | null;
  /** The latest snapshot; null unless the SLO is measured now. */
  latest: {
    at: string;
    sli: number;
    budgetRemaining: number;
    good: number | null;
    total: number | null;
    /** The share of the window the source covered; null where requests are counted instead. */
    coverage: number | null;
  } | null;
  /** The budget left in the SLO's units: minutes of full outage, or bad requests still allowed. */
  budgetLeft: { unit: 'minutes' | 'requests'; left: number; budget: number } | null;
  burnRates: BurnRatePair[];
  /** Unresolved burn-rate incidents of this SLO. */
  alerts: { incidentId: number; severity: IncidentSeverity; title: string; openedAt: string }[];
}

export interface SloListView {
  generatedAt: string;
  timeZone: string;
  /** The cluster the list is scoped to (its SLOs and the organisation's), or null for every SLO. */
  cluster: string | null;
  slos: SloSummary[];
  freshness: Freshness;
}

export interface SloDetailView {
  generatedAt: string;
  timeZone: string;
  slo: SloSummary;
  /** The SLI and the budget left over the range asked for, one point per bucket (the bucket's last snapshot). */
  history: {
    from: number;
    to: number;
    bucketSeconds: number;
    t: number[];
    sli: (number | null)[];
    budget: (number | null)[];
  };
  /** Burn rates over the range asked for, per window in minutes, the highest of each bucket. */
  burn: {
    range: { from: string; to: string; preset: ParsedTimeRange['preset']; bucketSeconds: number };
    t: number[];
    byWindow: Record<string, (number | null)[]>;
  };
  freshness: Freshness;
}
