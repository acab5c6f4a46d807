'use server';

// Operations on jobs, nodes and pools (operators). Each is confirmed on the page with its impact, checked here
// again (role, target state, the typed name for a 512-GPU job), and queued as an `action` for the worker, which
// carries it out through the configured executor; the page follows the action's state.
import { impactOf } from '@/lib/ops/impact';
import { OPERATIONS, type OperationKind } from '@/lib/ops/kinds';
import { requestOperation } from '@/lib/ops/request';
import { operationInput } from '@/lib/ops/schemas';
import { loadTarget, refusal } from '@/lib/ops/targets';
import { readSettings } from '@/lib/settings/org';
import { action, ActionError } from './action';

function operation(kind: OperationKind) {
  const info = OPERATIONS[kind];
  return action({
    name: kind,
    role: 'operator',
    input: operationInput,
    target: (input) => ({ type: info.target, id: input.targetId }),
    async run({ input, user, tx }) {
      const target = await loadTarget(tx, info.target, input.targetId);
      if (!target) throw new ActionError(`There is no ${info.target} with id ${input.targetId}.`, 'not_found');
      const why = refusal(kind, target, { count: input.count });
      if (why) throw new ActionError(`${why}.`, 'conflict');
      const { currency } = await readSettings();
      const impact = await impactOf(kind, target, { count: input.count }, new Date(), currency);
      if (impact.confirmName && input.confirmName !== impact.confirmName) {
        throw ActionError.field('confirmName', `type ${impact.confirmName} to confirm`);
      }
      return requestOperation(tx, {
        kind,
        targetId: input.targetId,
        reason: input.reason,
        count: input.count,
        idempotencyKey: `user:${user.id}:${crypto.randomUUID()}`,
        requester: { kind: 'user', id: user.id, email: user.email },
        incidentId: input.incidentId ?? null,
      });
    },
  });
}

export const restartJob = operation('job.restart');
export const cancelJob = operation('job.cancel');
export const scaleService = operation('service.scale');
export const cordonNode = operation('node.cordon');
export const uncordonNode = operation('node.uncordon');
export const drainNode = operation('node.drain');
export const rebootNode = operation('node.reboot');
export const replaceNode = operation('node.replace');
export const scalePool = operation('pool.scale');
