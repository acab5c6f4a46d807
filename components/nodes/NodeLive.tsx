'use client';

// Keeps a node's page fresh: the server's first paint, then the route handler every refreshSeconds.
import { Freshness } from '@/components/live/Freshness';
import { RefreshFailure } from '@/components/live/RefreshFailure';
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
  const {
    data: live,
    error,
    dataUpdatedAt,
    failureCount,
    now,
  } = useLive<NodeDetail>(['node', initial.id, query], `/api/nodes/${initial.id}?${query}`, initial, refreshSeconds);
  const data = live ?? initial;
  return (
    <>
      <RefreshFailure
        error={error}
        receivedAt={dataUpdatedAt}
        now={now}
        refreshSeconds={refreshSeconds}
        failureCount={failureCount}
      />
      <Freshness
        freshness={data.freshness}
        timeZone={data.timeZone}
        receivedAt={dataUpdatedAt}
        now={Math.max(now, dataUpdatedAt)}
      />
      <NodeView node={data} canAct={canAct} />
    </>
  );
}
