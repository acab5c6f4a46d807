'use client';

// Create a budget, or edit one: name, what it watches, the monthly amount, and alert thresholds in percent.
import { ClusterField } from '@/components/forms/ClusterField';
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FormSubmit } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { createBudget, updateBudget } from '@/lib/actions/budgets';
import type { BudgetScopeOption } from '@/lib/queries/budgets/scopes';
import styles from '@/components/forms/forms.module.css';
import { Options } from '@/components/forms/Options';

export interface BudgetFormProps {
  initialKey: string;
  scopes: BudgetScopeOption[];
  currency: string;
  /** The clusters the console watches: a budget may count one's spend, or the whole organisation's. */
  clusters: string[];
  /** A new budget's cluster at first: the page's scope. */
  cluster?: string | null;
  /** Editing this budget; creating one when absent. */
  budget?: { id: number; name: string; scope: string; cluster: string | null; amount: number; thresholds: number[] };
}

export function BudgetForm({ initialKey, scopes, currency, clusters, cluster = null, budget }: BudgetFormProps) {
  const form = useActionForm(budget ? updateBudget : createBudget, {
    initialKey,
    scope: budget ? `budget-${budget.id}` : 'new-budget',
  });
  const label = budget ? `Edit budget ${budget.name}` : 'New budget';
  return (
    <ActionFormFrame form={form} className={styles.form} label={label}>
      {budget && <input type="hidden" name="id" value={budget.id} />}
      <div className={styles.fields}>
        <Field form={form} name="name" label="Name">
          <input className="input" defaultValue={budget?.name} placeholder="Research GPUs" />
        </Field>
        <Field form={form} name="scope" label="Team or project">
          <select className="select" defaultValue={budget?.scope ?? ''}>
            <option value="" disabled>
              Choose…
            </option>
            {scopes.map(({ team, projects }) => (
              <optgroup key={team.id} label={team.name}>
                <option value={`team:${team.id}`}>{team.name} (whole team)</option>
                <Options
                  of={projects}
                  value={(project) => `project:${project.id}`}
                  label={(project) => `${team.name} / ${project.name}`}
                />
              </optgroup>
            ))}
          </select>
        </Field>
        {(clusters.length > 1 || budget?.cluster) && (
          <ClusterField form={form} clusters={clusters} initial={budget ? budget.cluster : (cluster ?? null)} />
        )}
        <Field form={form} name="monthlyAmount" label={`Per month (${currency})`}>
          <input className="input" inputMode="decimal" placeholder="25000" defaultValue={budget?.amount} />
        </Field>
        <Field form={form} name="thresholds" label="Alert thresholds (%)">
          <input className="input" defaultValue={(budget?.thresholds ?? [50, 80, 100]).join(', ')} />
        </Field>
      </div>
      <p className="hint">
        An alert fires once per threshold each month, when spend or the forecast reaches it; at 100% a ticket is opened.
      </p>
      <FormSubmit form={form} success={budget ? 'Budget saved.' : 'Budget created.'}>
        {budget ? 'Save budget' : 'Create budget'}
      </FormSubmit>
    </ActionFormFrame>
  );
}
