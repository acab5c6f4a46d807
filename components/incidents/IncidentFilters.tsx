'use client';

// The incident list's filters, written to the URL as they change, so that a filtered view is a link to share.
import { IntentLink } from '@/components/ui/IntentLink';
import { FilterMenu } from '@/components/forms/FilterMenu';
import { useUrlState } from '@/components/url/useUrlState';
import { INCIDENT_SEVERITIES, INCIDENT_SOURCES, INCIDENT_STATES } from '@/lib/domain/enums';
import {
  activeFilters,
  EMPTY_PARAMS,
  incidentListQuery,
  type IncidentFilterKey,
  type IncidentListParams,
} from '@/lib/queries/incidents/params';
import { FILTER_LABELS, INCIDENT_STATE, SEVERITY, SOURCE } from './labels';
import styles from './incidents.module.css';

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
  return (
    <form
      role="search"
      aria-label="Filter incidents"
      className={styles.filters}
      onSubmit={(event) => event.preventDefault()}
      aria-busy={pending}
    >
      {keys.map((name) => (
        <FilterMenu
          key={name}
          label={FILTER_LABELS[name]}
          anyLabel="Any"
          selected={params[name]}
          options={options[name]}
          onChange={(values) => go({ [name]: values })}
          className={styles.filterField}
        />
      ))}
      {pending && (
        <span className="muted" role="status">
          Updating…
        </span>
      )}
      {activeFilters(params).some((filter) => keys.includes(filter.key)) && (
        <IntentLink href={`${pathname}?${incidentListQuery(searchParams, EMPTY_PARAMS)}`} scroll={false}>
          Clear filters
        </IntentLink>
      )}
    </form>
  );
}
