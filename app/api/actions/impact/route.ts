import { z } from 'zod';
import { ApiError, route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { impactOf } from '@/lib/ops/impact';
import { OPERATIONS, OPERATION_KINDS, isOperationKind } from '@/lib/ops/kinds';
import { operationInput } from '@/lib/ops/schemas';
import { loadTarget, refusal } from '@/lib/ops/targets';
import { activeActionOn, type ImpactAnswer } from '@/lib/queries/actions';
import { readSettings } from '@/lib/settings/org';

export const dynamic = 'force-dynamic';

// The same field rules as the operation itself, so the dialog and the server action agree on what is valid.
const query = operationInput
  .pick({ targetId: true, count: true })
  .extend({ kind: z.string({ error: 'name the operation' }).trim() });

// GET /api/actions/impact?kind=node.drain&targetId=12&count= - what an operation would do now (GPUs, jobs
// disrupted, work lost, spend change), or 409 with the reason it would be refused, before anyone confirms it.
export const GET = route({ role: 'operator', query }, async ({ query }) => {
  const { kind, targetId, count } = query;
  if (!isOperationKind(kind)) {
    throw new ApiError(
      400,
      'unknown_operation',
      `There is no operation "${kind}"; use one of ${OPERATION_KINDS.join(', ')}.`,
    );
  }
  const type = OPERATIONS[kind].target;
  const target = await loadTarget(db, type, targetId);
  if (!target) throw new ApiError(404, 'not_found', `There is no ${type} with id ${targetId}.`);
  const why = refusal(kind, target, { count });
  if (why) throw new ApiError(409, 'refused', `${why}.`);
  const active = await activeActionOn(type, targetId, kind);
  if (active) {
    throw new ApiError(
      409,
      'already_acting',
      `${active.target.label} already has ${OPERATIONS[active.kind as typeof kind]?.label.toLowerCase() ?? active.kind} ${active.state}, asked by ${active.actor}. Wait for it to finish.`,
    );
  }
  const now = new Date();
  const { currency, timeZone } = await readSettings();
  const impact = await impactOf(kind, target, { count }, now, currency);
  return { ...impact, timeZone, generatedAt: now.toISOString() } satisfies ImpactAnswer;
});
