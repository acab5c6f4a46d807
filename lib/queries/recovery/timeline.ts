// One fault's recovery as a timeline: the fault, its detection, the decision, each action asked for (requested,
// started, finished, by whom, through which executor) and the way back, each step timed from the fault.
import 'server-only';
import { db } from '@/lib/db';
import type { TimeRange } from '@/lib/domain/time';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { OperationKind } from '@/lib/ops/kinds';
import {
  RECOVERY_TARGET_MS,
  type RecoveryActionView,
  type RecoveryCause,
  type RecoveryStep,
  type RecoveryTargetType,
  type RecoveryTimeline,
  type TimelineStepKind,
} from './types';

const INCLUDE = {
  job: { select: { name: true } },
  node: { select: { hostname: true } },
  policy: { select: { kind: true, enabled: true } },
  actions: {
    orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    include: { actor: { select: { email: true } } },
  },
} satisfies Prisma.RecoveryInclude;

type RecoveryRow = Prisma.RecoveryGetPayload<{ include: typeof INCLUDE }>;
type ActionRow = RecoveryRow['actions'][number];

const iso = (at: Date | null) => (at ? at.toISOString() : null);

function actionView(action: ActionRow): RecoveryActionView {
  return {
    id: action.id,
    kind: action.kind as OperationKind,
    state: action.state,
    requestedAt: action.requestedAt.toISOString(),
    startedAt: iso(action.startedAt),
    finishedAt: iso(action.finishedAt),
    message: action.message,
    who: action.actorKind === 'system' ? 'Automatic recovery' : (action.actor?.email ?? 'a person'),
    executor: action.executor,
  };
}

export function toTimeline(row: RecoveryRow): RecoveryTimeline {
  const faultMs = row.faultAt.getTime();
  const step = (kind: TimelineStepKind, at: Date, action: ActionRow | null = null): RecoveryStep => ({
    kind,
    at: at.toISOString(),
    sinceFaultMs: at.getTime() - faultMs,
    action: action ? actionView(action) : null,
  });
  const steps = [step('fault', row.faultAt), step('detected', row.detectedAt)];
  // The circuit breaker decides too (to page rather than act); a policy that is off decides nothing.
  if (row.decidedAt) steps.push(step('decided', row.decidedAt));
  else if (row.state === 'disabled') steps.push(step('disabled', row.detectedAt));
  for (const action of row.actions) steps.push(step('action', action.requestedAt, action));
  if (row.recoveredAt) {
    steps.push(step('recovered', row.recoveredAt));
  } else if (row.state === 'failed') {
    // The row keeps no time of failure: it is when its last action ended.
    const ended = row.actions.map((action) => action.finishedAt ?? action.requestedAt).at(-1);
    steps.push(step('failed', ended ?? row.decidedAt ?? row.detectedAt));
  }
  const targetType = row.targetType as RecoveryTargetType;
  const targetMs = RECOVERY_TARGET_MS[targetType];
  const timeToRecoverMs = row.recoveredAt ? row.recoveredAt.getTime() - faultMs : null;
  return {
    id: row.id,
    targetType,
    target:
      targetType === 'job'
        ? { id: row.jobId ?? 0, name: row.job?.name ?? `job ${row.jobId}` }
        : { id: row.nodeId ?? 0, name: row.node?.hostname ?? `node ${row.nodeId}` },
    cause: row.cause as RecoveryCause,
    summary: row.summary,
    state: row.state,
    message: row.message,
    gpus: row.gpus,
    incidentId: row.incidentId,
    policy: row.policy,
    faultAt: row.faultAt.toISOString(),
    detectedAt: row.detectedAt.toISOString(),
    decidedAt: iso(row.decidedAt),
    actedAt: iso(row.actedAt),
    recoveredAt: iso(row.recoveredAt),
    timeToDetectMs: row.detectedAt.getTime() - faultMs,
    timeToRecoverMs,
    targetMs,
    withinTarget: timeToRecoverMs === null ? null : timeToRecoverMs <= targetMs,
    lostGpuHours: row.lostGpuHours,
    lostCost: row.lostCost === null ? null : Number(row.lostCost),
    steps,
  };
}

const NEWEST_FIRST = [{ detectedAt: 'desc' }, { id: 'desc' }] satisfies Prisma.RecoveryOrderByWithRelationInput[];

/** One recovery's timeline, or null. */
export async function recoveryTimeline(id: number): Promise<RecoveryTimeline | null> {
  const row = await db.recovery.findUnique({ where: { id }, include: INCLUDE });
  return row ? toTimeline(row) : null;
}

/** A job's or a node's recoveries, newest detection first, and how many it has had in all. */
export async function recoveriesFor(
  target: { jobId: number } | { nodeId: number },
  limit = 20,
): Promise<{ recoveries: RecoveryTimeline[]; total: number }> {
  const where = 'jobId' in target ? { jobId: target.jobId } : { nodeId: target.nodeId };
  const [rows, total] = await Promise.all([
    db.recovery.findMany({ where, include: INCLUDE, orderBy: NEWEST_FIRST, take: limit }),
    db.recovery.count({ where }),
  ]);
  return { recoveries: rows.map(toTimeline), total };
}

/** The recoveries detected in [from, to), newest first, and how many there are in all. */
export async function recentRecoveries(
  range: TimeRange,
  limit = 50,
): Promise<{ recoveries: RecoveryTimeline[]; total: number }> {
  const where = { detectedAt: { gte: range.from, lt: range.to } };
  const [rows, total] = await Promise.all([
    db.recovery.findMany({ where, include: INCLUDE, orderBy: NEWEST_FIRST, take: limit }),
    db.recovery.count({ where }),
  ]);
  return { recoveries: rows.map(toTimeline), total };
}
