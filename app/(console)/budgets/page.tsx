// Budgets per team or project and month: everyone reads them; admins create and edit them.
import { randomUUID } from 'node:crypto';
import { BudgetCard } from '@/components/budgets/BudgetCard';
import { BudgetForm } from '@/components/budgets/BudgetForm';
import styles from '@/components/budgets/budgets.module.css';
import { Card, EmptyState, LinkIssues, PageHeader } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { clusterNames, readClusterScope } from '@/lib/clusters/config';
import { getBudgets } from '@/lib/queries/budgets';
import { budgetScopes } from '@/lib/queries/budgets/scopes';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Budgets · Fleet Console' };

export default async function BudgetsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const user = await requireUser();
  const admin = authorize(user, 'admin');
  const { scope, issue } = readClusterScope(await searchParams);
  const [view, scopes] = await Promise.all([
    getBudgets(new Date(), scope),
    admin ? budgetScopes() : Promise.resolve([]),
  ]);
  const clusters = clusterNames();
  // Where there are several clusters, each budget says which it counts, or that it counts them all.
  const showCluster = clusters.length > 1 || view.budgets.some((budget) => budget.cluster);
  return (
    <div className="page">
      <PageHeader
        title="Budgets"
        subtitle={
          <>
            {scope.cluster && <>{scope.cluster}&apos;s budgets and the organisation&apos;s. </>}
            This month in {view.timeZone}. Forecast = spend so far + the last 7 days&apos; daily run rate x days left.
          </>
        }
      />
      <LinkIssues issues={issue ? [issue] : []} />
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
              showCluster={showCluster}
              edit={
                admin ? (
                  <details className={styles.edit}>
                    <summary>Edit this budget</summary>
                    <BudgetForm
                      initialKey={randomUUID()}
                      scopes={scopes}
                      currency={view.currency}
                      clusters={clusters}
                      budget={{
                        id: budget.id,
                        name: budget.name,
                        scope: `${budget.scope.kind}:${budget.scope.id}`,
                        cluster: budget.cluster,
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
          <BudgetForm
            initialKey={randomUUID()}
            scopes={scopes}
            currency={view.currency}
            clusters={clusters}
            cluster={scope.cluster}
          />
        </Card>
      )}
    </div>
  );
}
