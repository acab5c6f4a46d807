// The domain's vocabularies as plain unions, so that pure code never imports Prisma.
// They mirror the enums of prisma/schema.prisma one for one.
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type SchedulerKind = 'simulator' | 'kubernetes' | 'slurm';
export type PricingClass = 'on_demand' | 'reserved' | 'spot';
export type NodeState = 'provisioning' | 'ready' | 'cordoned' | 'draining' | 'rebooting' | 'down' | 'retired';
export type FaultKind =
  'xid' | 'ecc_sbe' | 'ecc_dbe' | 'row_remap' | 'thermal' | 'power' | 'nvlink' | 'pcie' | 'node_lost';
export type JobKind = 'training' | 'fine_tuning' | 'evaluation' | 'inference';
export type JobState = 'pending' | 'running' | 'recovering' | 'succeeded' | 'failed' | 'cancelled';
export type JobHealth =
  'pending' | 'healthy' | 'degraded' | 'stalled' | 'recovering' | 'failed' | 'succeeded' | 'cancelled';
export type JobEventKind =
  | 'submitted'
  | 'started'
  | 'checkpoint'
  | 'stalled'
  | 'degraded'
  | 'failed'
  | 'restart_requested'
  | 'restarted'
  | 'succeeded'
  | 'cancelled'
  | 'preempted'
  | 'scaled'
  | 'xid';
export type IncidentSeverity = 'page' | 'ticket';
export type IncidentState = 'open' | 'acknowledged' | 'resolved';
export type IncidentSource = 'health_rule' | 'burn_rate' | 'budget' | 'alertmanager' | 'manual';

/** Roles in order of power: each role can do what the ones before it can. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
