'use client';

// One list filter as a menu. The URL may hold several values (a shared link); the menu then shows them as one
// entry, and choosing from it keeps one value, or none for "any".
import { useId, type ReactNode } from 'react';

export interface FilterOption {
  value: string;
  label: string;
  /** How many rows have this value under the other filters, shown after its label. */
  count?: string;
}

const SEVERAL = '\u0000several';

export function FilterMenu({
  label,
  anyLabel,
  selected,
  options,
  nameOf = (value) => options.find((option) => option.value === value)?.label ?? value,
  onChange,
  className,
}: {
  label: ReactNode;
  /** The entry for no value chosen ("Any", "All teams"). */
  anyLabel: string;
  selected: string[];
  options: FilterOption[];
  /** How a chosen value is named in the entry for several. */
  nameOf?: (value: string) => string;
  onChange(values: string[]): void;
  className?: string;
}) {
  const id = useId();
  const current = selected.length === 0 ? '' : selected.length === 1 ? selected[0] : SEVERAL;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={current}
        onChange={(event) => onChange(event.target.value ? [event.target.value] : [])}
      >
        <option value="">{anyLabel}</option>
        {selected.length > 1 && <option value={SEVERAL}>{selected.map(nameOf).join(', ')}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.count === undefined ? option.label : `${option.label} (${option.count})`}
          </option>
        ))}
      </select>
    </div>
  );
}
