// What the recovery views read, JSON-safe (times as ISO strings). Types and the targets only: client components
// import this module freely.
import { JOB_RECOVERY_TARGET_MS, NODE_RECOVERY_TARGET_MS } from '@/lib/domain/recovery';
import type { OperationKind } from '@/lib/ops/kinds';
import type { NodePolicyConfig, PolicyKind, RestartPolicyConfig } from '@/lib/recovery/policies';
import type { ActionState, RecoveryState } from '@/lib/domain/enums';

export type RecoveryTargetType = 'job' | 'node';
export type RecoveryCause = 'job_failed' | 'job_stalled' | 'fatal_xid' | 'node_lost';

export const RECOVERY_CAUSES: readonly RecoveryCause[] = ['job_failed', 'job_stalled', 'fatal_xid', 'node_lost'];

/** DOMAIN.md "Automatic recovery": a job runs again within 5 minutes, a node is back within 10. */
export const RECOVERY_TARGET_MS: Record<RecoveryTargetType, number> = {
  job: JOB_RECOVERY_TARGET_MS,
  node: NODE_RECOVERY_TARGET_MS,
};

export const targetTypeOfCause = (cause: RecoveryCause): RecoveryTargetType =>
  cause === 'job_failed' || cause === 'job_stalled' ? 'job' : 'node';

/** One action recovery asked for, as the executor carried it out. */
export interface RecoveryActionView {
  id: string;
  kind: OperationKind;
  state: ActionState;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  message: string | null;
  /** "Automatic recovery" for the system, else the person's email. */
  who: string;
  executor: string | null;
}

export type TimelineStepKind = 'fault' | 'detected' | 'decided' | 'disabled' | 'action' | 'recovered' | 'failed';

export interface RecoveryStep {
  kind: TimelineStepKind;
  at: string;
  /** Time from the fault to this step. */
  sinceFaultMs: number;
  action: RecoveryActionView | null;
}

export interface RecoveryTimeline {
  id: number;
  targetType: RecoveryTargetType;
  /** The job or node it recovered, with the name pages show. */
  target: { id: number; name: string };
  cause: RecoveryCause;
  summary: string;
  state: RecoveryState;
  message: string | null;
  gpus: number;
  incidentId: number | null;
  policy: { kind: string; enabled: boolean } | null;
  faultAt: string;
  detectedAt: string;
  decidedAt: string | null;
  actedAt: string | null;
  recoveredAt: string | null;
  /** detected_at - fault_at */
  timeToDetectMs: number;
  /** recovered_at - fault_at; null until it is back. */
  timeToRecoverMs: number | null;
  targetMs: number;
  /** null while it is not back (acting, failed, escalated or left to a person). */
  withinTarget: boolean | null;
  lostGpuHours: number | null;
  lostCost: number | null;
  steps: RecoveryStep[];
}

export interface RecoveryFigures {
  targetType: RecoveryTargetType;
  /** null for all causes of the target type. */
  cause: RecoveryCause | null;
  targetMs: number;
  count: number;
  recovered: number;
  failed: number;
  /** The circuit breaker paged on-call instead of acting. */
  escalated: number;
  acting: number;
  /** The policy was off: left to a person. */
  disabled: number;
  /** Recovered, failed or escalated: the recoveries the share within target is out of. */
  finished: number;
  withinTarget: number;
  /** withinTarget / finished; null when none finished. */
  withinTargetShare: number | null;
  /** percentile_cont over the recovered ones' recovered_at - fault_at. */
  medianRecoverMs: number | null;
  p95RecoverMs: number | null;
  /** percentile_cont over every one's detected_at - fault_at. */
  medianDetectMs: number | null;
  lostGpuHours: number;
  /** Of the priced lost work only: lost GPU-hours no rate covered have no cost (DOMAIN.md Coverage). */
  lostCost: number;
  unpricedLostGpuHours: number;
}

export interface RecoverySummary {
  job: RecoveryFigures;
  node: RecoveryFigures;
  /** Every cause, in RECOVERY_CAUSES order, zeros included. */
  byCause: RecoveryFigures[];
}

/** One recovered fault on the chart: when it happened and how long it took to be back. */
export interface RecoveryPoint {
  id: number;
  targetType: RecoveryTargetType;
  faultAt: string;
  timeToRecoverMs: number;
}

export interface RecoveryView {
  generatedAt: string;
  range: { from: string; to: string; preset: string | null };
  timeZone: string;
  currency: string;
  summary: RecoverySummary;
  points: RecoveryPoint[];
  /** The newest recoveries of the range, with their timelines. */
  recent: RecoveryTimeline[];
  /** How many the range holds in all. */
  total: number;
}

/** A job's or a node's recoveries, newest first (GET /api/recovery). */
export interface TargetRecoveries {
  generatedAt: string;
  timeZone: string;
  currency: string;
  refreshSeconds: number;
  recoveries: RecoveryTimeline[];
  /** How many it has had in all (the list holds the newest). */
  total: number;
}

interface PolicyViewBase {
  id: number;
  title: string;
  description: string;
  enabled: boolean;
  updatedAt: string;
}

/** A policy with its stored settings read through its schema (defaults filled in). */
export type RecoveryPolicyView =
  | (PolicyViewBase & { kind: Exclude<PolicyKind, 'remediate_fatal_xid_node'>; config: RestartPolicyConfig })
  | (PolicyViewBase & { kind: 'remediate_fatal_xid_node'; config: NodePolicyConfig });

/** A pool's warm spares as admins set them, and the nodes held as spares now. */
export interface WarmSparesView {
  poolId: number;
  pool: string;
  cluster: string;
  warmSpares: number;
  held: string[];
  /** Its nodes in service or out of it, retired ones aside: a pool keeps fewer spares than that. */
  nodes: number;
}
