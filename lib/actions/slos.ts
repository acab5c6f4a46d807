'use server';

// SLOs (admins add and edit them; everyone reads them): what each measures, its target and window. The worker
// evaluates them each minute; a change applies from its next evaluation.
import { revalidatePath } from 'next/cache';
import { Prisma } from '@/lib/generated/prisma/client';
import { action, ActionError, type Tx } from './action';
import { clusterIdOf } from './cluster';
import { sloSchema, updateSloSchema } from './slo-schemas';

async function nameIsFree(tx: Tx, name: string, exceptId?: number) {
  const other = await tx.slo.findUnique({ where: { name } });
  if (other && other.id !== exceptId) throw ActionError.field('name', 'another SLO has this name');
}

const configOf = (config: { goodQuery: string; totalQuery: string } | null) => config ?? Prisma.DbNull;

const refresh = (data: { id: number }) => {
  revalidatePath('/slos');
  revalidatePath(`/slos/${data.id}`);
};

export const createSlo = action({
  name: 'slo.create',
  role: 'admin',
  input: sloSchema,
  target: (input) => ({ type: 'slo', id: input.name }),
  async run({ input, tx }) {
    await nameIsFree(tx, input.name);
    const slo = await tx.slo.create({
      data: {
        name: input.name,
        kind: input.kind,
        clusterId: await clusterIdOf(tx, input.cluster),
        target: input.target,
        windowDays: input.windowDays,
        enabled: input.enabled,
        config: configOf(input.config),
      },
    });
    return { id: slo.id };
  },
  after: refresh,
});

export const updateSlo = action({
  name: 'slo.update',
  role: 'admin',
  input: updateSloSchema,
  target: (input) => ({ type: 'slo', id: input.id }),
  async run({ input, tx }) {
    const existing = await tx.slo.findUnique({ where: { id: input.id } });
    if (!existing) throw new ActionError('That SLO does not exist (any more).', 'not_found');
    // Its snapshots measure one SLI: another kind is another SLO.
    if (existing.kind !== input.kind) {
      throw ActionError.field('kind', 'cannot be changed: add a new SLO for another kind');
    }
    // And they measure one cluster, or the whole organisation.
    if (existing.clusterId !== (await clusterIdOf(tx, input.cluster))) {
      throw ActionError.field('cluster', 'cannot be changed: add a new SLO for another cluster');
    }
    await nameIsFree(tx, input.name, input.id);
    await tx.slo.update({
      where: { id: input.id },
      data: {
        name: input.name,
        target: input.target,
        windowDays: input.windowDays,
        enabled: input.enabled,
        config: configOf(input.config),
        // The reason it was last not measured may no longer hold: the worker evaluates it afresh at its next tick.
        notMeasuredReason: null,
        evaluatedAt: null,
      },
    });
    return { id: input.id };
  },
  after: refresh,
});
