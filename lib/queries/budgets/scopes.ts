// What a budget can watch: every team, and every project under its team.
import 'server-only';
import { db } from '@/lib/db';

export interface BudgetScopeOption {
  team: { id: number; name: string };
  projects: { id: number; name: string }[];
}

export async function budgetScopes(): Promise<BudgetScopeOption[]> {
  const teams = await db.team.findMany({
    include: { projects: { orderBy: { name: 'asc' } } },
    orderBy: { name: 'asc' },
  });
  return teams.map((team) => ({
    team: { id: team.id, name: team.name },
    projects: team.projects.map((project) => ({ id: project.id, name: project.name })),
  }));
}
