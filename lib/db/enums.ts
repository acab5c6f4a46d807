// lib/domain/enums.ts lists each value the schema allows; this file fails the type check (`npm run typecheck`)
// when a list and its enum in prisma/schema.prisma differ by a value either way. It exports nothing and runs nothing.
import type * as Domain from '@/lib/domain/enums';
import type * as Schema from '@/lib/generated/prisma/enums';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Each entry is `true` only when the two unions hold the same values. */
type Mirrors = {
  Role: Same<Domain.Role, Schema.Role>;
  SchedulerKind: Same<Domain.SchedulerKind, Schema.SchedulerKind>;
  PricingClass: Same<Domain.PricingClass, Schema.PricingClass>;
  NodeState: Same<Domain.NodeState, Schema.NodeState>;
  FaultKind: Same<Domain.FaultKind, Schema.FaultKind>;
  JobKind: Same<Domain.JobKind, Schema.JobKind>;
  JobState: Same<Domain.JobState, Schema.JobState>;
  JobHealth: Same<Domain.JobHealth, Schema.JobHealth>;
  JobEventKind: Same<Domain.JobEventKind, Schema.JobEventKind>;
  WaitReason: Same<Domain.WaitReason, Schema.WaitReason>;
  IncidentSeverity: Same<Domain.IncidentSeverity, Schema.IncidentSeverity>;
  IncidentState: Same<Domain.IncidentState, Schema.IncidentState>;
  IncidentSource: Same<Domain.IncidentSource, Schema.IncidentSource>;
  IncidentEventKind: Same<Domain.IncidentEventKind, Schema.IncidentEventKind>;
  SloKind: Same<Domain.SloKind, Schema.SloKind>;
  ChannelKind: Same<Domain.ChannelKind, Schema.ChannelKind>;
  DeliveryState: Same<Domain.DeliveryState, Schema.DeliveryState>;
  BudgetBasis: Same<Domain.BudgetBasis, Schema.BudgetBasis>;
  ActionState: Same<Domain.ActionState, Schema.ActionState>;
  ActorKind: Same<Domain.ActorKind, Schema.ActorKind>;
  RecoveryState: Same<Domain.RecoveryState, Schema.RecoveryState>;
  AuditResult: Same<Domain.AuditResult, Schema.AuditResult>;
};

/** Every enum of the schema has its entry above, and every entry is true. */
type AllTrue<T extends Record<keyof typeof import('@/lib/generated/prisma/enums'), true>> = T;
type _EnumsMirrorTheSchema = AllTrue<Mirrors>;
