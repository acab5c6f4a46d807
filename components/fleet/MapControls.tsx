'use client';

// The signal that colours the map and the filters that dim what does not match. Both live in the URL, written
// with history.replaceState so a change recolours at once, without a round trip to the server.
import { IntentLink } from '@/components/ui/IntentLink';
import { GPU_CONDITIONS, GPU_CONDITION_LABELS, type GpuCondition } from '@/lib/domain/gpu-condition';
import type { FleetMap } from '@/lib/queries/fleet/types';
import { NO_FILTER, poolLabel, SIGNALS, SIGNAL_LABELS, type MapFilter, type Signal } from './map-model';
import styles from './fleet.module.css';
import { Options } from '@/components/forms/Options';

export interface MapView {
  signal: Signal;
  filter: MapFilter;
}

export function readMapView(params: URLSearchParams): MapView {
  const signal = params.get('signal');
  const number = (key: string) => {
    const value = Number(params.get(key));
    return params.has(key) && Number.isInteger(value) ? value : null;
  };
  const condition = params.get('state');
  return {
    signal: SIGNALS.includes(signal as Signal) ? (signal as Signal) : 'util',
    filter: {
      pool: number('pool'),
      team: params.get('team') || null,
      job: number('job'),
      condition: GPU_CONDITIONS.includes(condition as GpuCondition) ? (condition as GpuCondition) : null,
      node: params.get('node')?.trim() || null,
    },
  };
}

export function writeMapView(view: MapView) {
  const params = new URLSearchParams(window.location.search);
  const set = (key: string, value: string | number | null) =>
    value === null ? params.delete(key) : params.set(key, String(value));
  set('signal', view.signal === 'util' ? null : view.signal);
  set('pool', view.filter.pool);
  set('team', view.filter.team);
  set('job', view.filter.job);
  set('state', view.filter.condition);
  set('node', view.filter.node);
  const query = params.toString();
  window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
}

export function MapControls({ map, view, onChange }: { map: FleetMap; view: MapView; onChange(view: MapView): void }) {
  const setFilter = (patch: Partial<MapFilter>) => onChange({ ...view, filter: { ...view.filter, ...patch } });
  const filtered = Object.values(view.filter).some((value) => value !== null);
  const wanted = view.filter.node?.trim().toLowerCase();
  const matching = wanted ? map.nodes.filter((node) => node.hostname.toLowerCase().includes(wanted)) : [];
  // One node found, or one named exactly: a link straight to it.
  const found =
    matching.find((node) => node.hostname.toLowerCase() === wanted) ?? (matching.length === 1 ? matching[0] : null);
  return (
    <div className={styles.controls}>
      <div role="radiogroup" aria-label="Colour by" className={styles.segmented}>
        {SIGNALS.map((signal) => (
          <button
            key={signal}
            type="button"
            role="radio"
            aria-checked={view.signal === signal}
            className={styles.segment}
            onClick={() => onChange({ ...view, signal })}
          >
            {SIGNAL_LABELS[signal]}
          </button>
        ))}
      </div>
      <label className={styles.filter}>
        <span>Find node</span>
        <input
          className="input"
          type="search"
          list="fleet-hostnames"
          placeholder="gpu-r-012"
          value={view.filter.node ?? ''}
          onChange={(event) => setFilter({ node: event.target.value.trim() ? event.target.value : null })}
        />
        <datalist id="fleet-hostnames">
          {map.nodes.map((node) => (
            <option key={node.id} value={node.hostname} />
          ))}
        </datalist>
      </label>
      {found && (
        <IntentLink href={`/nodes/${found.id}`} className={styles.clear}>
          Open {found.hostname}
        </IntentLink>
      )}
      <label className={styles.filter}>
        <span>Pool</span>
        <select
          className="input"
          value={view.filter.pool ?? ''}
          onChange={(event) => setFilter({ pool: event.target.value ? Number(event.target.value) : null })}
        >
          <option value="">All pools</option>
          <Options of={map.pools} value={(pool) => pool.id} label={(pool) => poolLabel(map.pools, pool)} />
        </select>
      </label>
      <label className={styles.filter}>
        <span>Team</span>
        <select
          className="input"
          value={view.filter.team ?? ''}
          onChange={(event) => setFilter({ team: event.target.value || null })}
        >
          <option value="">All teams</option>
          <Options of={map.teams} />
        </select>
      </label>
      <label className={styles.filter}>
        <span>Job</span>
        <select
          className="input"
          value={view.filter.job ?? ''}
          onChange={(event) => setFilter({ job: event.target.value ? Number(event.target.value) : null })}
        >
          <option value="">All jobs</option>
          <Options
            of={map.jobs.filter((job) => view.filter.team === null || job.team === view.filter.team)}
            value={(job) => job.id}
            label={(job) => job.name}
          />
        </select>
      </label>
      <label className={styles.filter}>
        <span>State</span>
        <select
          className="input"
          value={view.filter.condition ?? ''}
          onChange={(event) => setFilter({ condition: (event.target.value || null) as GpuCondition | null })}
        >
          <option value="">Any state</option>
          <Options of={GPU_CONDITIONS} label={GPU_CONDITION_LABELS} />
        </select>
      </label>
      {filtered && (
        <button type="button" className={styles.clear} onClick={() => onChange({ ...view, filter: NO_FILTER })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
