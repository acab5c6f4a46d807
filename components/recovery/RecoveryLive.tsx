'use client';

// Keeps /recovery fresh: the server's first paint, then GET /api/recovery/summary every refreshSeconds. A failed
// refresh keeps the last figures on screen and says how old they are.
import { LivePanel } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { RecoveryView } from '@/lib/queries/recovery/types';
import { RecoveryDashboard } from './RecoveryDashboard';

interface Props {
  initial: RecoveryView;
  /** The range as a query string (`range=7d` or `from=…&to=…`). */
  query: string;
  refreshSeconds: number;
}

export function RecoveryLive({ initial, query, refreshSeconds }: Props) {
  const live = useLive<RecoveryView>(
    ['recovery-summary', query],
    `/api/recovery/summary?${query}`,
    initial,
    refreshSeconds,
  );
  return <LivePanel live={live}>{(view, { now }) => <RecoveryDashboard view={view} now={now} />}</LivePanel>;
}
