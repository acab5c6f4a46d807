// Every value the database allows, as one `as const` list each, so that pure code never imports Prisma and no
// other file lists them again: forms, URL parsers and zod schemas take these lists. lib/db/enums.ts fails the
// type check when one of them differs from its enum in prisma/schema.prisma.
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SCHEDULER_KINDS = ['simulator', 'kubernetes', 'slurm'] as const;
export type SchedulerKind = (typeof SCHEDULER_KINDS)[number];

export const PRICING_CLASSES = ['on_demand', 'reserved', 'spot'] as const;
export type PricingClass = (typeof PRICING_CLASSES)[number];

export const NODE_STATES = ['provisioning', 'ready', 'cordoned', 'draining', 'rebooting', 'down', 'retired'] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** What went wrong with a GPU or node, as the fault log records it (not the faults the simulator can inject). */
export const GPU_FAULT_KINDS = [
  'xid',
  'ecc_sbe',
  'ecc_dbe',
  'row_remap',
  'thermal',
  'power',
  'nvlink',
  'pcie',
  'node_lost',
] as const;
export type FaultKind = (typeof GPU_FAULT_KINDS)[number];

export const JOB_KINDS = ['training', 'fine_tuning', 'evaluation', 'inference'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATES = ['pending', 'running', 'recovering', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Worst first: the order the jobs list's health column sorts in. */
export const JOB_HEALTHS = [
  'failed',
  'stalled',
  'degraded',
  'recovering',
  'healthy',
  'pending',
  'succeeded',
  'cancelled',
] as const;
export type JobHealth = (typeof JOB_HEALTHS)[number];

export const JOB_EVENT_KINDS = [
  'submitted',
  'started',
  'checkpoint',
  'stalled',
  'degraded',
  'failed',
  'restart_requested',
  'restarted',
  'succeeded',
  'cancelled',
  'preempted',
  'scaled',
  'xid',
] as const;
export type JobEventKind = (typeof JOB_EVENT_KINDS)[number];

/** Why a pending job waits: its pools lack the GPUs, a quota holds it, nodes that could take it are cordoned or
 * down, jobs ahead of it in the queue take what is free, it waits for another job, or something else. */
export const WAIT_REASONS = ['capacity', 'quota', 'cordoned', 'priority', 'dependency', 'other'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

export const INCIDENT_SEVERITIES = ['page', 'ticket'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_SOURCES = ['health_rule', 'burn_rate', 'budget', 'alertmanager', 'manual'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export const INCIDENT_EVENT_KINDS = [
  'opened',
  'signal',
  'action',
  'notification',
  'note',
  'acknowledged',
  'resolved',
  'reopened',
  'assigned',
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

export const SLO_KINDS = ['gpu_availability', 'job_goodput', 'inference_availability'] as const;
export type SloKind = (typeof SLO_KINDS)[number];

/** In the order the channel form offers them. */
export const CHANNEL_KINDS = ['slack', 'pagerduty', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DELIVERY_STATES = ['queued', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const BUDGET_BASES = ['spend', 'forecast'] as const;
export type BudgetBasis = (typeof BUDGET_BASES)[number];

/** The states of an operation asked of a job, node or pool (the action table). */
export const ACTION_STATES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

export const ACTOR_KINDS = ['user', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const RECOVERY_STATES = ['acting', 'recovered', 'failed', 'escalated', 'disabled'] as const;
export type RecoveryState = (typeof RECOVERY_STATES)[number];

export const AUDIT_RESULTS = ['ok', 'denied', 'invalid', 'failed'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Roles in order of power: each role can do what the ones before it can. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
