'use client';

// Keeps a node's page fresh: the server's first paint, then the route handler every refreshSeconds.
import { useQuery } from '@tanstack/react-query';
import { fetchApi } from '@/components/live/fetch-api';
import { Freshness } from '@/components/live/Freshness';
import { RefreshFailure } from '@/components/live/RefreshFailure';
import { useNow } from '@/components/live/useNow';
import type { NodeDetail } from '@/lib/queries/nodes/types';
import { NodeView } from './NodeView';

interface Props {
  initial: NodeDetail;
  query: string;
  refreshSeconds: number;
}

export function NodeLive({ initial, query, refreshSeconds }: Props) {
  const { data, error, dataUpdatedAt, failureCount } = useQuery({
    queryKey: ['node', initial.id, query],
    queryFn: ({ signal }) => fetchApi<NodeDetail>(`/api/nodes/${initial.id}?${query}`, signal),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: refreshSeconds * 1000,
  });
  const now = useNow(Date.parse(initial.generatedAt));
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
      <NodeView node={data} />
    </>
  );
}
