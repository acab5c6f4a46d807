// The actions asked of a job, node or pool, newest first: what the pages show under their buttons, and what a
// confirmation dialog checks before anyone types a reason (one pending action per target at a time).
import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Impact } from '@/lib/ops/impact';
import type { TargetType } from '@/lib/ops/kinds';
import type { ActionState, ActorKind } from '@/lib/domain/enums';

export interface ActionView {
  id: string;
  kind: string;
  target: { type: TargetType; id: number; label: string };
  state: ActionState;
  actorKind: ActorKind;
  /** The person's email, or "automatic recovery". */
  actor: string;
  reason: string;
  /** Replicas or nodes, for the scaling operations. */
  count: number | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** What the executor answered, or why it failed. */
  message: string | null;
}

export const AUTOMATIC_RECOVERY = 'automatic recovery';

type Row = Awaited<ReturnType<typeof findActions>>[number];

function findActions(where: Prisma.ActionWhereInput, take: number) {
  return db.action.findMany({
    where,
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    take,
    include: { actor: { select: { email: true } } },
  });
}

function toView(row: Row): ActionView {
  const params = (row.params ?? {}) as { label?: unknown; count?: unknown };
  return {
    id: row.id,
    kind: row.kind,
    target: {
      type: row.targetType as TargetType,
      id: Number(row.targetId),
      label: typeof params.label === 'string' ? params.label : row.targetId,
    },
    state: row.state,
    actorKind: row.actorKind,
    actor: row.actorKind === 'system' ? AUTOMATIC_RECOVERY : (row.actor?.email ?? 'a deleted user'),
    reason: row.reason,
    count: typeof params.count === 'number' ? params.count : null,
    requestedAt: row.requestedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    message: row.message,
  };
}

/** The latest actions on one target, or on every target of a type when no id is given. */
export async function recentActions(query: {
  targetType: TargetType;
  targetId?: number;
  limit: number;
}): Promise<ActionView[]> {
  const rows = await findActions(
    {
      targetType: query.targetType,
      ...(query.targetId === undefined ? {} : { targetId: String(query.targetId) }),
    },
    query.limit,
  );
  return rows.map(toView);
}

/** The actions asked of one target within a range, oldest first: the marks on its page's time charts. */
export async function actionsInRange(query: {
  targetType: TargetType;
  targetId: number;
  range: { from: Date; to: Date };
  limit: number;
}): Promise<ActionView[]> {
  const rows = await findActions(
    {
      targetType: query.targetType,
      targetId: String(query.targetId),
      requestedAt: { gte: query.range.from, lt: query.range.to },
    },
    query.limit,
  );
  return rows.map(toView).reverse();
}

/**
 * The action that would make a new request for this target wait its turn: on a job any pending or running
 * action (a restart and a cancel must not race), on a node or pool one of the same kind.
 */
export async function activeActionOn(targetType: TargetType, targetId: number, kind: string) {
  const [row] = await findActions(
    {
      targetType,
      targetId: String(targetId),
      state: { in: ['pending', 'running'] },
      ...(targetType === 'job' ? {} : { kind }),
    },
    1,
  );
  return row ? toView(row) : null;
}

/** The impact route's answer: the operation's impact, with the clock and zone its times are read in. */
export interface ImpactAnswer extends Impact {
  timeZone: string;
  generatedAt: string;
}
