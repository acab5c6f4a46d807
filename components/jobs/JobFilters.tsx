'use client';

// The list's filters, written to the URL as they change (so a filtered view is a link to share). Each menu
// counts its values with the other filters applied. A search applies on Enter, or after a pause in typing.
import { IntentLink } from '@/components/ui/IntentLink';
import { useEffect, useId, useState } from 'react';
import { FilterMenu } from '@/components/forms/FilterMenu';
import { useUrlState } from '@/components/url/useUrlState';
import { formatCount } from '@/lib/domain/units';
import { activeFilters, jobListQuery, NO_FILTERS, type JobListParams } from '@/lib/queries/jobs/params';
import type { FacetValue, JobList } from '@/lib/queries/jobs/types';
import { FILTER_LABELS, JOB_HEALTH, JOB_KIND, JOB_STATE } from './labels';
import forms from '@/components/forms/forms.module.css';
import styles from './jobs.module.css';

type MenuKey = 'team' | 'project' | 'kind' | 'state' | 'health' | 'partition';

const SEARCH_PAUSE_MS = 400;

/** The menus in order; the partition menu only where jobs name one (Slurm partitions, Kueue queues). */
const MENUS: readonly MenuKey[] = ['team', 'project', 'kind', 'state', 'health', 'partition'];

const valueLabel: Record<MenuKey, (value: string) => string> = {
  team: (value) => value,
  project: (value) => value,
  kind: (value) => JOB_KIND[value as keyof typeof JOB_KIND] ?? value,
  state: (value) => JOB_STATE[value as keyof typeof JOB_STATE]?.label ?? value,
  health: (value) => JOB_HEALTH[value as keyof typeof JOB_HEALTH]?.label ?? value,
  partition: (value) => value,
};

const ALL: Record<MenuKey, string> = {
  team: 'All teams',
  project: 'All projects',
  kind: 'All kinds',
  state: 'All states',
  health: 'Any health',
  partition: 'All partitions',
};

/** Values no job has under the other filters are left out, unless chosen (a shared link may name one). */
function menuOptions(facet: FacetValue[], selected: string[], label: (value: string) => string) {
  return facet
    .filter((option) => option.count > 0 || selected.includes(option.value))
    .map((option) => ({ value: option.value, label: label(option.value), count: formatCount(option.count) }));
}

/** A search applied after a pause in typing, or at once on Enter. */
function SearchField({ initial, onSearch }: { initial: string; onSearch: (text: string) => void }) {
  const [value, setValue] = useState(initial);
  const [seen, setSeen] = useState(initial);
  const id = useId();
  // The URL changed under the field (back, "clear filters"): follow it, unless it is what was typed.
  if (initial !== seen) {
    setSeen(initial);
    if (value.trim() !== initial) setValue(initial);
  }
  useEffect(() => {
    if (value.trim() === initial) return;
    const timer = setTimeout(() => onSearch(value.trim()), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only typing restarts the pause
  }, [value]);
  return (
    <div className={`${styles.filterField} ${styles.searchField}`}>
      <label htmlFor={id} className="label">
        Search
      </label>
      <input
        id={id}
        className="input"
        type="search"
        placeholder="Name or id"
        value={value}
        maxLength={100}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && value.trim() !== initial) onSearch(value.trim());
        }}
      />
    </div>
  );
}

export function JobFilters({ data }: { data: Pick<JobList, 'params' | 'facets'> }) {
  const { searchParams, pathname, pending, navigate } = useUrlState();
  const { params, facets } = data;

  const go = (change: Partial<JobListParams>) =>
    navigate(jobListQuery(searchParams, { ...params, ...change, page: 1 }));

  const active = activeFilters(params).length > 0;
  const clearHref = `${pathname}?${jobListQuery(searchParams, { ...params, ...NO_FILTERS, page: 1 })}`;
  return (
    <form
      role="search"
      aria-label="Filter jobs"
      className={styles.filters}
      onSubmit={(event) => event.preventDefault()}
      aria-busy={pending}
    >
      <SearchField initial={params.q} onSearch={(q) => go({ q })} />
      {MENUS.filter((name) => name !== 'partition' || facets.partition.length > 0).map((name) => (
        <FilterMenu
          key={name}
          label={FILTER_LABELS[name]}
          anyLabel={ALL[name]}
          selected={params[name]}
          options={menuOptions(facets[name], params[name], valueLabel[name])}
          nameOf={valueLabel[name]}
          onChange={(values) => go({ [name]: values })}
          className={styles.filterField}
        />
      ))}
      <div className={forms.filterActions}>
        {pending && (
          <span className="muted" role="status">
            Updating…
          </span>
        )}
        {active && (
          <IntentLink href={clearHref} scroll={false}>
            Clear filters
          </IntentLink>
        )}
      </div>
    </form>
  );
}
