'use server';

// Budgets (admins create and edit; everyone reads them): a monthly amount for a team or a project, in one cluster
// or across the organisation, and the thresholds at which the worker alerts.
import { revalidatePath } from 'next/cache';
import { readSettings } from '@/lib/settings/org';
import { action, ActionError, type Tx } from './action';
import { budgetSchema, updateBudgetSchema } from './budget-schemas';
import { clusterIdOf } from './cluster';

/** The budget's owner must exist: a crafted request naming team 999 is refused at the field. */
async function resolveScope(tx: Tx, scope: { kind: 'team' | 'project'; id: number }) {
  if (scope.kind === 'team') {
    const team = await tx.team.findUnique({ where: { id: scope.id } });
    if (!team) throw ActionError.field('scope', `there is no team with id ${scope.id}`);
    return { teamId: team.id, projectId: null };
  }
  const project = await tx.project.findUnique({ where: { id: scope.id } });
  if (!project) throw ActionError.field('scope', `there is no project with id ${scope.id}`);
  return { teamId: project.teamId, projectId: project.id };
}

const refresh = () => revalidatePath('/budgets');

export const createBudget = action({
  name: 'budget.create',
  role: 'admin',
  input: budgetSchema,
  target: (input) => ({ type: input.scope.kind, id: input.scope.id }),
  async run({ input, tx }) {
    const owner = await resolveScope(tx, input.scope);
    const { currency } = await readSettings();
    const budget = await tx.budget.create({
      data: {
        name: input.name,
        ...owner,
        clusterId: await clusterIdOf(tx, input.cluster),
        monthlyAmount: input.monthlyAmount,
        currency,
        thresholds: input.thresholds,
      },
    });
    return { id: budget.id };
  },
  after: refresh,
});

export const updateBudget = action({
  name: 'budget.update',
  role: 'admin',
  input: updateBudgetSchema,
  target: (input) => ({ type: 'budget', id: input.id }),
  async run({ input, tx }) {
    const existing = await tx.budget.findUnique({ where: { id: input.id } });
    if (!existing) throw new ActionError('That budget does not exist (any more).', 'not_found');
    const owner = await resolveScope(tx, input.scope);
    await tx.budget.update({
      where: { id: input.id },
      data: {
        name: input.name,
        ...owner,
        clusterId: await clusterIdOf(tx, input.cluster),
        monthlyAmount: input.monthlyAmount,
        thresholds: input.thresholds,
      },
    });
    return { id: input.id };
  },
  after: refresh,
});
