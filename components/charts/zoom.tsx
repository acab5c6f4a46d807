'use client';

// Drag across a time chart to zoom: the picked span becomes the page's range in the URL (`from`/`to`, the same
// state the time range picker writes), as a new history entry, so the browser's back button zooms out again.
// "Reset zoom" goes back to the range the page had before the first zoom.
import { useState } from 'react';
import { ReferenceArea, type MouseHandlerDataParam } from 'recharts';
import { Button } from '@/components/ui';
import { useUrlState } from '@/components/url/useUrlState';
import { zoomedRange } from '@/lib/time-range';

/** Per page, the query it had before its first zoom, so a reset after several zooms returns there. */
const beforeZoom = new Map<string, string>();

/** The instants a point of the x axis covers: a time bucket, or a calendar day on a chart of days. */
export type SpanOf = (label: string | number) => [number, number] | null;

const bucketSpan =
  (bucketSeconds: number): SpanOf =>
  (label) => {
    const at = Number(label);
    return Number.isFinite(at) ? [at, at + bucketSeconds * 1000] : null;
  };

/** A chart's zoom: pass a time chart's bucket size, or how a label of a categorical axis spans time. */
export function useTimeZoom(spanOrBucketSeconds: number | SpanOf) {
  const { searchParams, pathname, navigate, withChanges } = useUrlState();
  const [drag, setDrag] = useState<{ start: string | number; end: string | number } | null>(null);
  const spanOf = typeof spanOrBucketSeconds === 'number' ? bucketSpan(spanOrBucketSeconds) : spanOrBucketSeconds;

  const zoomTo = (a: string | number, b: string | number) => {
    const first = spanOf(a);
    const last = spanOf(b);
    if (!first || !last) return;
    const range = zoomedRange(first, last);
    if (!range) return;
    const zoomed = searchParams.has('from') && searchParams.has('to');
    if (!zoomed || !beforeZoom.has(pathname)) beforeZoom.set(pathname, searchParams.toString());
    navigate(withChanges({ range: null, from: range.from.toISOString(), to: range.to.toISOString() }));
  };

  const chartProps = {
    onMouseDown: ({ activeLabel }: MouseHandlerDataParam) => {
      if (activeLabel !== undefined) setDrag({ start: activeLabel, end: activeLabel });
    },
    onMouseMove: ({ activeLabel }: MouseHandlerDataParam) => {
      if (drag && activeLabel !== undefined && activeLabel !== drag.end) setDrag({ ...drag, end: activeLabel });
    },
    onMouseUp: () => {
      if (drag) zoomTo(drag.start, drag.end);
      setDrag(null);
    },
    onMouseLeave: () => setDrag(null),
  };

  const spans = drag && drag.start !== drag.end ? [spanOf(drag.start), spanOf(drag.end)] : null;
  /** The span being dragged, drawn inside the chart (between its labels on a categorical axis). */
  const selection =
    drag && spans?.[0] && spans[1] ? (
      <ReferenceArea
        {...(typeof drag.start === 'number' && typeof drag.end === 'number'
          ? { x1: Math.min(spans[0][0], spans[1][0]), x2: Math.max(spans[0][1], spans[1][1]) }
          : spans[0][0] < spans[1][0]
            ? { x1: drag.start, x2: drag.end }
            : { x1: drag.end, x2: drag.start })}
        fill="var(--accent)"
        fillOpacity={0.14}
        stroke="var(--accent)"
        strokeOpacity={0.5}
        ifOverflow="hidden"
      />
    ) : null;

  return { chartProps, selection };
}

/** "Reset zoom", shown while the page shows a fixed range; a real button, so it is reached by keyboard. */
export function ZoomReset() {
  const { searchParams, pathname, navigate, withChanges } = useUrlState();
  if (!searchParams.has('from') || !searchParams.has('to')) return null;
  const reset = () => {
    const before = beforeZoom.get(pathname);
    beforeZoom.delete(pathname);
    navigate(before ?? withChanges({ from: null, to: null }));
  };
  return (
    <Button size="sm" variant="ghost" onClick={reset} data-testid="zoom-reset">
      Reset zoom
    </Button>
  );
}
