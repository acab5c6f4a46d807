// The weekly report as stored (report.data) and rendered: JSON-safe, money rounded to cents. Types only.
import type { BudgetState } from '@/lib/domain/budget';
import type { Recommendation } from '@/lib/domain/savings';
import type { CostJobRow, SpendFigures } from '@/lib/queries/costs/types';
import type { ReportLedger } from './ledger';
import type { SloAttainment, WeekIncident } from './queries';

export interface ReportGroupRow extends SpendFigures {
  id: number;
  name: string;
  /** The team of a project row. */
  team: string | null;
  /** Null when the console has no data for the week before (its history began later): unknown, not zero. */
  previousSpend: number | null;
  /** Week-over-week change of spend (0.12 = +12%); null when the previous week spent nothing or is unknown. */
  change: number | null;
  idleShare: number;
  interruptionCost: number;
}

/** A budget against its month as of the report's end: month-to-date spend, the forecast, and where it stands. */
export interface ReportBudgetRow {
  id: number;
  name: string;
  /** "alignment", or "eval / red-team" for a project's budget. */
  scope: string;
  /** The cluster whose spend it counts; null (or absent, in reports kept before) for the whole organisation. */
  cluster?: string | null;
  /** The month the report's end falls in, YYYY-MM. */
  month: string;
  amount: number;
  monthToDate: number;
  forecast: number;
  state: BudgetState;
}

export interface ReportInterruption {
  job: string;
  name: string;
  at: string;
  kind: string;
  gpus: number;
  lostGpuHours: number;
  cost: number | null;
}

export interface WeeklyReport {
  version: 1;
  week: { start: string; label: string; from: string; to: string; timeZone: string };
  generatedAt: string;
  /** The one cluster the report is of, or null (or absent, in reports kept before clusters) for every cluster. */
  cluster?: string | null;
  /** False while the week is still running: its figures are so far. */
  complete: boolean;
  currency: string;
  spend: {
    total: number;
    /** The same span of the week before; null when the console has no data for it. */
    previous: number | null;
    change: number | null;
    gpuHours: number;
    unpricedGpuHours: number;
  };
  /** ETTR, where the GPU-hours went and the top fixes; absent from reports kept before the ledger was. */
  ledger?: ReportLedger;
  teams: ReportGroupRow[];
  projects: ReportGroupRow[];
  topJobs: CostJobRow[];
  usage: SpendFigures & { allocation: number | null; provisionedGpuHours: number };
  /** Idle capacity; unpricedGpuHours: idle GPU-hours no rate covers (their cost is unknown, not 0). */
  idle: {
    cost: number;
    gpuHours: number;
    unpricedGpuHours: number;
    pools: { name: string; idleGpuHours: number; idleCost: number; unpricedIdleGpuHours: number }[];
  };
  interruptions: { count: number; lostGpuHours: number; cost: number; top: ReportInterruption[] };
  slos: (SloAttainment & { met: boolean | null })[];
  incidents: {
    opened: number;
    pages: number;
    tickets: number;
    resolved: number;
    meanTimeToRecoverMs: number | null;
    list: WeekIncident[];
  };
  savings: { total: number; recommendations: Recommendation[] };
  /** Budget against actual per team (and project budgets), month to date as of the report's end, with forecasts.
   * Absent from reports kept before budgets were reported. */
  budgets?: { asOf: string; rows: ReportBudgetRow[] };
}
