'use client';

// Keeps a node's page fresh: the server's first paint, then the route handler every refreshSeconds.
import { LivePanel } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { NodeDetail } from '@/lib/queries/nodes/types';
import { NodeView } from './NodeView';

interface Props {
  initial: NodeDetail;
  query: string;
  refreshSeconds: number;
  /** Whether the signed-in user may act on the node (operator or admin), from the server's session. */
  canAct: boolean;
}

export function NodeLive({ initial, query, refreshSeconds, canAct }: Props) {
  const live = useLive<NodeDetail>(
    ['node', initial.id, query],
    `/api/nodes/${initial.id}?${query}`,
    initial,
    refreshSeconds,
  );
  return (
    <LivePanel live={live} freshness>
      {(data) => <NodeView node={data} canAct={canAct} />}
    </LivePanel>
  );
}
