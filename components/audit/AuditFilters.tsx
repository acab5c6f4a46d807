'use client';

// The audit log's filters, kept in the URL so that a filtered view is a link to share. A plain GET form, so it
// works before script loads; with script, empty fields are left out of the URL and a menu applies as it changes.
import { IntentLink } from '@/components/ui/IntentLink';
import { useId, type ChangeEvent, type FormEvent } from 'react';
import { useUrlState } from '@/components/url/useUrlState';
import { Field } from '@/components/forms/Field';
import { Button } from '@/components/ui';
import { AUDIT_RESULTS } from '@/lib/domain/enums';
import type { AuditFacets, AuditFilters as Filters } from '@/lib/queries/audit-log';
import { familyOf, RESULT } from './labels';
import forms from '@/components/forms/forms.module.css';
import styles from './audit.module.css';
import { Options } from '@/components/forms/Options';

export interface AuditFiltersProps {
  filters: Filters;
  facets: AuditFacets;
  /** The time range's parameters (`range=7d`, or `from`/`to`), kept as they are. */
  rangeQuery: string;
}

/** Values a shared link names stay selectable even when the range holds none of them. */
const withCurrent = (values: string[], current: string | undefined) =>
  current && !values.includes(current) ? [...values, current] : values;

function actionGroups(actions: string[], current: string | undefined) {
  const families = new Map<string, string[]>();
  for (const action of actions) families.set(familyOf(action), [...(families.get(familyOf(action)) ?? []), action]);
  if (current?.endsWith('.*') && !families.has(current.slice(0, -2))) families.set(current.slice(0, -2), []);
  if (current && !current.endsWith('.*') && !actions.includes(current)) {
    families.set(familyOf(current), [...(families.get(familyOf(current)) ?? []), current]);
  }
  return [...families].sort(([a], [b]) => a.localeCompare(b));
}

export function AuditFilters({ filters, facets, rangeQuery }: AuditFiltersProps) {
  const { pathname, pending, navigate } = useUrlState();
  const id = useId();
  const field = (name: string) => `${id}-${name}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === 'string' && value.trim()) query.set(key, value.trim());
    }
    navigate(query);
  };
  const applyNow = (event: ChangeEvent<HTMLSelectElement>) => event.currentTarget.form?.requestSubmit();

  const active = Object.values(filters).some((value) => value !== undefined);
  return (
    <form
      // Remounted when the URL's filters change (back, "clear filters"), so the fields show what is applied.
      key={JSON.stringify(filters)}
      method="get"
      action={pathname}
      role="search"
      aria-label="Filter audit events"
      className={styles.filters}
      onSubmit={submit}
      aria-busy={pending}
    >
      {[...new URLSearchParams(rangeQuery)].map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      <Field name="actor" id={field('actor')} label="Actor">
        <select className="select" defaultValue={filters.actor ?? ''} onChange={applyNow}>
          <option value="">Everyone</option>
          <Options
            of={withCurrent(facets.actors, filters.actor)}
            label={(actor) => (actor === 'system' ? 'System (the console itself)' : actor)}
          />
        </select>
      </Field>
      <Field name="action" id={field('action')} label="Action">
        <select className="select" defaultValue={filters.action ?? ''} onChange={applyNow}>
          <option value="">All actions</option>
          {actionGroups(facets.actions, filters.action).map(([family, actions]) => (
            <optgroup key={family} label={family}>
              <option value={`${family}.*`}>
                Every {family} action ({family}.*)
              </option>
              <Options of={actions} />
            </optgroup>
          ))}
        </select>
      </Field>
      <Field name="targetType" id={field('targetType')} label="Target type">
        <select className="select" defaultValue={filters.targetType ?? ''} onChange={applyNow}>
          <option value="">Any target</option>
          <Options of={withCurrent(facets.targetTypes, filters.targetType)} />
        </select>
      </Field>
      <Field name="targetId" id={field('targetId')} label="Target id">
        <input className="input" autoComplete="off" maxLength={200} defaultValue={filters.targetId ?? ''} />
      </Field>
      <Field name="result" id={field('result')} label="Result">
        <select className="select" defaultValue={filters.result ?? ''} onChange={applyNow}>
          <option value="">Any result</option>
          <Options of={AUDIT_RESULTS} label={(result) => RESULT[result].label} />
        </select>
      </Field>
      <div className={`field ${styles.search}`}>
        <label className="label" htmlFor={field('q')}>
          Reason or message contains
        </label>
        <input
          id={field('q')}
          name="q"
          type="search"
          className="input"
          autoComplete="off"
          maxLength={200}
          defaultValue={filters.q ?? ''}
        />
      </div>
      <div className={forms.filterActions}>
        <Button type="submit" size="sm" variant="primary" loading={pending}>
          Apply
        </Button>
        {active && (
          <IntentLink href={`${pathname}?${rangeQuery}`} scroll={false}>
            Clear filters
          </IntentLink>
        )}
      </div>
    </form>
  );
}
