// Budgets per team or project and month: everyone reads them; admins create and edit them.
import { randomUUID } from 'node:crypto';
import { BudgetCard } from '@/components/budgets/BudgetCard';
import { BudgetForm } from '@/components/budgets/BudgetForm';
import styles from '@/components/budgets/budgets.module.css';
import { Card, EmptyState, PageHeader } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { getBudgets } from '@/lib/queries/budgets';
import { budgetScopes } from '@/lib/queries/budgets/scopes';

export const metadata = { title: 'Budgets · Fleet Console' };

export default async function BudgetsPage() {
  const user = await requireUser();
  const admin = authorize(user, 'admin');
  const [view, scopes] = await Promise.all([getBudgets(), admin ? budgetScopes() : Promise.resolve([])]);
  return (
    <div className="page">
      <PageHeader
        title="Budgets"
        subtitle={
          <>
            This month in {view.timeZone}. Forecast = spend so far + the last 7 days&apos; daily run rate x days left.
          </>
        }
      />
      {view.budgets.length === 0 ? (
        <Card>
          <EmptyState
            title="No budgets yet"
            description={
              admin ? 'Create one below.' : 'An administrator sets budgets for teams and projects; they will show here.'
            }
          />
        </Card>
      ) : (
        <div className={styles.list}>
          {view.budgets.map((budget) => (
            <BudgetCard
              key={budget.id}
              budget={budget}
              edit={
                admin ? (
                  <details className={styles.edit}>
                    <summary>Edit this budget</summary>
                    <BudgetForm
                      initialKey={randomUUID()}
                      scopes={scopes}
                      currency={view.currency}
                      budget={{
                        id: budget.id,
                        name: budget.name,
                        scope: `${budget.scope.kind}:${budget.scope.id}`,
                        amount: budget.amount,
                        thresholds: budget.thresholds,
                      }}
                    />
                  </details>
                ) : null
              }
            />
          ))}
        </div>
      )}
      {admin && (
        <Card title="New budget">
          <BudgetForm initialKey={randomUUID()} scopes={scopes} currency={view.currency} />
        </Card>
      )}
    </div>
  );
}
