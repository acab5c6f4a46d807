// Shapes of the incident pages' data, JSON-safe. Types only: client components import them freely.
import type {
  IncidentSeverity,
  IncidentSource,
  IncidentState,
  ActionState,
  RecoveryState,
  DeliveryState,
} from '@/lib/domain/enums';
import type { CauseKind, DurationSummary, WeekCount } from '@/lib/incidents/stats';
import type { RangePreset } from '@/lib/time-range';
import type { IncidentListParams } from './params';

/** The latest thing automatic recovery did about an incident: its recovery row and the newest action. */
export interface RecoveryStep {
  /** job_failed | job_stalled | fatal_xid | node_lost; null when only an action is linked. */
  cause: string | null;
  targetType: 'job' | 'node' | null;
  state: RecoveryState | null;
  summary: string | null;
  message: string | null;
  detectedAt: string | null;
  actedAt: string | null;
  recoveredAt: string | null;
  lastCheckpointAt: string | null;
  action: {
    kind: string;
    state: ActionState;
    message: string | null;
    requestedAt: string;
    finishedAt: string | null;
    automatic: boolean;
  } | null;
}

export interface IncidentRow {
  id: number;
  key: string;
  title: string;
  severity: IncidentSeverity;
  /** The rule that gave the severity, in on-call's words ("Page: … has outlived its 5 min target"). */
  severityRule: string | null;
  state: IncidentState;
  source: IncidentSource;
  summary: string | null;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  assignee: { id: number; name: string } | null;
  team: string | null;
  job: { id: number; name: string } | null;
  node: { id: number; hostname: string } | null;
  recovery: RecoveryStep | null;
}

export interface OnCall {
  generatedAt: string;
  timeZone: string;
  rows: IncidentRow[];
}

export interface IncidentList {
  generatedAt: string;
  timeZone: string;
  range: { from: string; to: string; preset: RangePreset | null };
  params: IncidentListParams;
  total: number;
  page: number;
  pageCount: number;
  rows: IncidentRow[];
  teams: string[];
}

export type TimelineItem =
  | {
      type: 'event';
      id: string;
      at: string;
      kind:
        | 'opened'
        | 'signal'
        | 'action'
        | 'notification'
        | 'note'
        | 'acknowledged'
        | 'resolved'
        | 'reopened'
        | 'assigned';
      message: string;
      actor: string | null;
    }
  | {
      type: 'action';
      id: string;
      at: string;
      kind: string;
      target: string;
      state: ActionState;
      message: string | null;
      reason: string;
      actor: string;
      finishedAt: string | null;
    }
  | {
      type: 'notification';
      id: string;
      at: string;
      channel: string;
      channelKind: string;
      state: DeliveryState;
      attempts: number;
      error: string | null;
      subject: string;
    };

export interface IncidentCost {
  /** recovery: the lost work automatic recovery measured; held: the GPUs affected x time since opening. */
  basis: 'recovery' | 'held';
  gpus: number;
  gpuHours: number;
  cost: number;
  unpricedGpuHours: number;
  from: string;
  to: string;
}

export interface UtilizationChart {
  title: string;
  from: number;
  to: number;
  bucketSeconds: number;
  t: number[];
  lines: { key: string; label: string; values: (number | null)[] }[];
}

export interface IncidentDetail {
  generatedAt: string;
  timeZone: string;
  currency: string;
  incident: IncidentRow & {
    labels: Record<string, unknown> | null;
    timeToAcknowledgeMs: number | null;
    timeToRecoverMs: number | null;
    /** The GPUs it hurts, as people name them ("gpu-r-016 GPU 1"), where its signals named them. */
    gpus: { id: number; nodeId: number; hostname: string; index: number }[];
    /** When the fault began, if before it opened. */
    faultAt: string | null;
  };
  timeline: TimelineItem[];
  job: {
    id: number;
    name: string;
    externalId: string;
    team: string;
    project: string;
    state: string;
    health: string;
    gpus: number;
  } | null;
  node: { id: number; hostname: string; state: string; pool: string; gpus: number } | null;
  charts: UtilizationChart[];
  cost: IncidentCost | null;
  /** People an incident can be assigned to: operators and admins who can sign in. */
  assignees: { id: number; name: string }[];
}

export interface IncidentStats {
  generatedAt: string;
  timeZone: string;
  range: { from: string; to: string; preset: RangePreset | null };
  params: IncidentListParams;
  total: number;
  bySeverity: { page: number; ticket: number };
  weeks: WeekCount[];
  timeToAcknowledge: DurationSummary;
  timeToRecover: DurationSummary;
  bySource: { source: IncidentSource; count: number }[];
  topCauses: { kind: CauseKind; name: string; count: number }[];
  teams: string[];
}
