'use client';

// The time range every page shares, kept in the URL (lib/time-range.ts): preset buttons plus a custom
// from/to. It replaces the URL (no history entry per click) and keeps every other search parameter. A drag across
// a time chart sets the same from/to (components/charts/zoom.tsx); the reset beside the presets undoes it.
// The presets are a GET form's submit buttons, so a click that lands before the page's scripts have run (a slow
// link, a busy machine) still loads the page at the picked range rather than doing nothing.
import { Suspense, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useUrlState } from '@/components/url/useUrlState';
import { ZoomReset } from '@/components/charts/zoom';
import { Field } from '@/components/forms/Field';
import { Button, buttonClass } from '@/components/ui';
import { DEFAULT_PRESET, RANGE_PRESETS, parseTimeRange, parseTimeRangeOr, type RangePreset } from '@/lib/time-range';
import styles from './TimeRangePicker.module.css';
import { MINUTE_MS } from '@/lib/domain/time';

const RANGE_KEYS = new Set(['range', 'from', 'to']);

const LABELS: Record<RangePreset, string> = {
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

/** A Date as the value of <input type="datetime-local">, in the browser's zone. */
function localInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * MINUTE_MS);
  return local.toISOString().slice(0, 16);
}

interface TimeRangePickerProps {
  presets?: readonly RangePreset[];
  /** The range a page shows when the URL names none. */
  defaultPreset?: RangePreset;
}

/** It reads the URL's search parameters, so it renders in the browser, in a Suspense boundary of its own. */
export function TimeRangePicker(props: TimeRangePickerProps) {
  return (
    <Suspense>
      <Picker {...props} />
    </Suspense>
  );
}

function Picker({ presets = RANGE_PRESETS, defaultPreset = DEFAULT_PRESET }: TimeRangePickerProps) {
  const { searchParams, pathname, pending, navigate: go } = useUrlState();
  const parsed = parseTimeRangeOr(searchParams, defaultPreset);
  const custom = parsed.ok && parsed.range.preset === null;
  const active = parsed.ok ? parsed.range.preset : defaultPreset;

  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fromRef = useRef<HTMLInputElement>(null);
  const customButtonRef = useRef<HTMLButtonElement>(null);
  const formId = useId();

  const navigate = (update: (params: URLSearchParams) => void) => {
    const params = new URLSearchParams(searchParams.toString());
    for (const key of RANGE_KEYS) params.delete(key);
    update(params);
    go(params, { replace: true });
  };

  const openCustom = () => {
    const range = parsed.ok ? parsed.range : null;
    setFrom(range ? localInput(range.from) : '');
    setTo(range ? localInput(range.to) : '');
    setError(null);
    setEditing(true);
    requestAnimationFrame(() => fromRef.current?.focus());
  };

  const closeCustom = () => {
    setEditing(false);
    customButtonRef.current?.focus();
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const candidate = new URLSearchParams({
      from: from ? new Date(from).toISOString() : '',
      to: to ? new Date(to).toISOString() : '',
    });
    const result = parseTimeRange(candidate);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    navigate((params) => {
      params.set('from', result.range.from.toISOString());
      params.set('to', result.range.to.toISOString());
    });
    setEditing(false);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') closeCustom();
  };

  return (
    <div className={styles.picker} aria-busy={pending || undefined}>
      <form method="get" action={pathname} className={styles.presets}>
        {[...searchParams].map(([key, value], index) =>
          RANGE_KEYS.has(key) ? null : <input key={index} type="hidden" name={key} value={value} />,
        )}
        <div role="group" aria-label="Time range" className={styles.group}>
          {presets.map((preset) => (
            <Button
              key={preset}
              type="submit"
              name="range"
              value={preset}
              size="sm"
              variant={!custom && active === preset ? 'primary' : 'secondary'}
              aria-pressed={!custom && active === preset}
              title={LABELS[preset]}
              onClick={(event) => {
                event.preventDefault();
                navigate((params) => params.set('range', preset));
              }}
            >
              {preset}
            </Button>
          ))}
          {/* A native button: focus returns to it when the form closes, and the shared Button takes no ref. */}
          <button
            ref={customButtonRef}
            type="button"
            className={buttonClass({ size: 'sm', variant: custom ? 'primary' : 'secondary' })}
            aria-pressed={custom}
            aria-expanded={editing}
            aria-controls={editing ? formId : undefined}
            onClick={() => (editing ? closeCustom() : openCustom())}
          >
            Custom
          </button>
          <ZoomReset />
        </div>
      </form>
      {editing && (
        <form
          id={formId}
          className={styles.form}
          onSubmit={apply}
          onKeyDown={onKeyDown}
          aria-label="Custom time range"
          noValidate
        >
          <Field name="from" id={`${formId}-from`} label="From">
            <input
              ref={fromRef}
              className="input"
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
              aria-invalid={Boolean(error)}
            />
          </Field>
          <Field name="to" id={`${formId}-to`} label="To">
            <input
              className="input"
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              required
              aria-invalid={Boolean(error)}
            />
          </Field>
          <div className={styles.actions}>
            <Button type="submit" size="sm" variant="primary">
              Apply
            </Button>
            <Button size="sm" variant="ghost" onClick={closeCustom}>
              Cancel
            </Button>
          </div>
          <p className="hint">Times are in your browser&apos;s time zone.</p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
