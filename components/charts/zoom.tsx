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

const labelOf = (state: MouseHandlerDataParam) => {
  const value = Number(state.activeLabel);
  return Number.isFinite(value) ? value : null;
};

export function useTimeZoom(bucketSeconds: number) {
  const { searchParams, pathname, navigate, withChanges } = useUrlState();
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);

  const zoomTo = (a: number, b: number) => {
    const range = zoomedRange(a, b, bucketSeconds);
    if (!range) return;
    const zoomed = searchParams.has('from') && searchParams.has('to');
    if (!zoomed || !beforeZoom.has(pathname)) beforeZoom.set(pathname, searchParams.toString());
    navigate(withChanges({ range: null, from: range.from.toISOString(), to: range.to.toISOString() }));
  };

  const chartProps = {
    onMouseDown: (state: MouseHandlerDataParam) => {
      const at = labelOf(state);
      if (at !== null) setDrag({ start: at, end: at });
    },
    onMouseMove: (state: MouseHandlerDataParam) => {
      const at = labelOf(state);
      if (drag && at !== null && at !== drag.end) setDrag({ ...drag, end: at });
    },
    onMouseUp: () => {
      if (drag) zoomTo(drag.start, drag.end);
      setDrag(null);
    },
    onMouseLeave: () => setDrag(null),
  };

  /** The span being dragged, drawn inside the chart. */
  const selection =
    drag && drag.start !== drag.end ? (
      <ReferenceArea
        x1={Math.min(drag.start, drag.end)}
        x2={Math.max(drag.start, drag.end) + bucketSeconds * 1000}
        fill="var(--accent)"
        fillOpacity={0.14}
        stroke="var(--accent)"
        strokeOpacity={0.5}
        ifOverflow="hidden"
      />
    ) : null;

  return { chartProps, selection, dragging: drag !== null };
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
