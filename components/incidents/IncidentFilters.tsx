'use client';

// The incident list's filters, written to the URL as they change, so that a filtered view is a link to share.
import Link from 'next/link';
import { useId } from 'react';
import { useUrlState } from '@/components/url/useUrlState';
import { INCIDENT_SEVERITIES, INCIDENT_SOURCES, INCIDENT_STATES } from '@/lib/domain/enums';
import {
  activeFilters,
  incidentListQuery,
  type IncidentFilterKey,
  type IncidentListParams,
} from '@/lib/queries/incidents/params';
import { FILTER_LABELS, INCIDENT_STATE, SEVERITY, SOURCE } from './labels';
import styles from './incidents.module.css';

const MULTIPLE = '\u0000several';

function Menu({
  name,
  selected,
  options,
  onChange,
}: {
  name: IncidentFilterKey;
  selected: string[];
  options: { value: string; label: string }[];
  onChange(values: string[]): void;
}) {
  const id = useId();
  const current = selected.length === 0 ? '' : selected.length === 1 ? selected[0] : MULTIPLE;
  const labelOf = (value: string) => options.find((option) => option.value === value)?.label ?? value;
  return (
    <div className={styles.filterField}>
      <label htmlFor={id} className="label">
        {FILTER_LABELS[name]}
      </label>
      <select
        id={id}
        className="select"
        value={current}
        onChange={(event) => onChange(event.target.value ? [event.target.value] : [])}
      >
        <option value="">Any</option>
        {selected.length > 1 && <option value={MULTIPLE}>{selected.map(labelOf).join(', ')}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function IncidentFilters({
  params,
  teams,
  keys = ['state', 'severity', 'source', 'team'],
}: {
  params: IncidentListParams;
  teams: string[];
  keys?: IncidentFilterKey[];
}) {
  const { searchParams, pathname, pending, navigate } = useUrlState();
  const go = (change: Partial<IncidentListParams>) =>
    navigate(incidentListQuery(searchParams, { ...params, ...change, page: 1 }));
  const options: Record<IncidentFilterKey, { value: string; label: string }[]> = {
    state: INCIDENT_STATES.map((value) => ({ value, label: INCIDENT_STATE[value].label })),
    severity: INCIDENT_SEVERITIES.map((value) => ({ value, label: SEVERITY[value].label })),
    source: INCIDENT_SOURCES.map((value) => ({ value, label: SOURCE[value] })),
    team: teams.map((value) => ({ value, label: value })),
  };
  const cleared = { ...params, state: [], severity: [], source: [], team: [], page: 1 };
  return (
    <form
      role="search"
      aria-label="Filter incidents"
      className={styles.filters}
      onSubmit={(event) => event.preventDefault()}
      aria-busy={pending}
    >
      {keys.map((name) => (
        <Menu
          key={name}
          name={name}
          selected={params[name]}
          options={options[name]}
          onChange={(values) => go({ [name]: values })}
        />
      ))}
      {pending && (
        <span className="muted" role="status">
          Updating…
        </span>
      )}
      {activeFilters(params).some((filter) => keys.includes(filter.key)) && (
        <Link href={`${pathname}?${incidentListQuery(searchParams, cleared)}`} scroll={false}>
          Clear filters
        </Link>
      )}
    </form>
  );
}
