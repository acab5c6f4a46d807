// Asking for an operation: the target is read and checked in the caller's transaction, and a pending `action`
// row is written for the worker's runner to carry out through the executor. The same path serves a person's
// server action and automatic recovery, so both are refused, deduplicated and recorded the same way.
import 'server-only';
import { ActionError } from '@/lib/errors';
import { addIncidentEvent } from '@/lib/incidents/signals';
import type { Prisma } from '@/lib/generated/prisma/client';
import { OPERATIONS, type OperationKind } from './kinds';
import { loadTarget, refusal, type Target } from './targets';
import type { ActionState } from '@/lib/domain/enums';

type Tx = Prisma.TransactionClient;

export type Requester =
  | { kind: 'user'; id: number; email: string }
  | { kind: 'system'; policyId?: number | null; recoveryId?: number | null };

export interface OperationRequest {
  kind: OperationKind;
  targetId: number;
  reason: string;
  /** Replicas for service.scale, nodes for pool.scale. */
  count?: number;
  idempotencyKey: string;
  requester: Requester;
  incidentId?: number | null;
  /** When it is asked for, where not now: automatic recovery on the simulated clock of backfilled history. */
  at?: Date;
}

export interface RequestedAction {
  id: string;
  kind: OperationKind;
  state: ActionState;
  target: { type: Target['type']; id: number; label: string };
  /** True when the key had been used before: this is the first request's action. */
  replayed: boolean;
}

const labelOf = (target: Target) =>
  target.type === 'job' ? target.name : target.type === 'node' ? target.hostname : target.name;

export async function requestOperation(tx: Tx, request: OperationRequest): Promise<RequestedAction> {
  const info = OPERATIONS[request.kind];
  const previous = await tx.action.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
  if (previous) return replay(previous);

  // Row lock on the target, so two requests for the same job or node are decided one after the other.
  const table = info.target === 'job' ? 'job' : info.target === 'node' ? 'node' : 'pool';
  await tx.$executeRawUnsafe(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, request.targetId);
  const target = await loadTarget(tx, info.target, request.targetId);
  if (!target) throw new ActionError(`There is no ${info.target} with id ${request.targetId}.`, 'not_found');
  const why = refusal(request.kind, target, { count: request.count });
  if (why) throw new ActionError(`${why}.`, 'conflict');

  const active = await tx.action.findFirst({
    where: {
      targetType: info.target,
      targetId: String(target.id),
      state: { in: ['pending', 'running'] },
      ...(info.target === 'job' ? {} : { kind: request.kind }),
    },
    orderBy: { requestedAt: 'desc' },
    include: { actor: { select: { email: true } } },
  });
  if (active) {
    const who = active.actorKind === 'system' ? 'automatic recovery' : (active.actor?.email ?? 'someone');
    const what = OPERATIONS[active.kind as OperationKind]?.label.toLowerCase() ?? active.kind;
    throw new ActionError(
      `${labelOf(target)} already has ${what} ${active.state}, asked by ${who}. Wait for it to finish.`,
      'conflict',
    );
  }

  const system = request.requester.kind === 'system' ? request.requester : null;
  const action = await tx.action.create({
    data: {
      idempotencyKey: request.idempotencyKey,
      kind: request.kind,
      targetType: info.target,
      targetId: String(target.id),
      params: { label: labelOf(target), ...(request.count === undefined ? {} : { count: request.count }) },
      reason: request.reason,
      actorKind: request.requester.kind,
      actorId: request.requester.kind === 'user' ? request.requester.id : null,
      policyId: system?.policyId ?? null,
      recoveryId: system?.recoveryId ?? null,
      incidentId: request.incidentId ?? null,
      ...(request.at ? { requestedAt: request.at } : {}),
    },
  });
  if (request.incidentId) {
    await addIncidentEvent(tx, request.incidentId, {
      kind: 'action',
      message: `${info.label} ${labelOf(target)} requested by ${request.requester.kind === 'user' ? request.requester.email : 'automatic recovery'}: ${request.reason}`,
      actorId: request.requester.kind === 'user' ? request.requester.id : null,
      actionId: action.id,
      at: request.at,
    });
  }
  return {
    id: action.id,
    kind: request.kind,
    state: action.state,
    target: { type: info.target, id: target.id, label: labelOf(target) },
    replayed: false,
  };
}

function replay(action: {
  id: string;
  kind: string;
  state: RequestedAction['state'];
  targetType: string;
  targetId: string;
  params: unknown;
}): RequestedAction {
  const label = (action.params as { label?: string } | null)?.label ?? action.targetId;
  return {
    id: action.id,
    kind: action.kind as OperationKind,
    state: action.state,
    target: { type: action.targetType as Target['type'], id: Number(action.targetId), label },
    replayed: true,
  };
}
