'use client';

import { useEffect, useState } from 'react';

/** The clock, ticking every `intervalMs`. It starts at `initial` (the data's own time) so that the server's
 * render and the first client render agree, then follows the browser's clock. */
export function useNow(initial: number, intervalMs = 1000): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
